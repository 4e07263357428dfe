/**
 * The simulator's Responses API (OpenAI and xAI), driven by the official `openai` client: whole and streamed
 * text, a function tool over two turns with previous_response_id, structured output, and failures.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { GOOD_KEY } from './sim-helpers.js';

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim.close();
});

const client = (provider: string) => new OpenAI({ apiKey: GOOD_KEY, baseURL: sim.baseUrl(provider), maxRetries: 0, logLevel: 'off' });
const TOOL = { type: 'function' as const, name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { input: { type: 'string' } } }, strict: false };

for (const [provider, model] of [['openai', 'gpt-4o'], ['xai', 'grok-4']] as const) {
  describe(`simulated Responses API through the openai client: ${provider}`, () => {
    it('a whole text response, with usage and output_text', async () => {
      const r = await client(provider).responses.create({ model, input: 'Say hello', instructions: 'Be brief' });
      assert.equal(r.object, 'response');
      assert.equal(r.status, 'completed');
      assert.equal(r.output_text, `Hello from ${provider} (${model}): Say hello`);
      assert.equal(r.usage?.input_tokens, 4);
      assert.equal(r.usage?.output_tokens, 6);
    });

    it('a stream, event by event, that the client assembles into the same response', async () => {
      const stream = client(provider).responses.stream({ model, input: 'Say hello' });
      const types: string[] = [];
      let text = '';
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.output_text.delta') text += event.delta;
      }
      const final = await stream.finalResponse();
      assert.equal(text, `Hello from ${provider} (${model}): Say hello`);
      assert.equal(final.output_text, text);
      assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
      assert.deepEqual(types.slice(-4), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    });

    it('a function tool, then its output in a second turn through previous_response_id', async () => {
      const first = await client(provider).responses.create({ model, input: 'Weather in Paris', tools: [TOOL] });
      const call = first.output.find((item) => item.type === 'function_call');
      assert.ok(call && call.type === 'function_call');
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.arguments), { input: 'Weather in Paris' });
      const second = await client(provider).responses.create({
        model, previous_response_id: first.id, tools: [TOOL],
        input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
      });
      assert.equal(second.output_text, 'Tool said: sunny');
      assert.equal(second.previous_response_id, first.id);
    });

    it('structured output (text.format json_schema) answers JSON', async () => {
      const r = await client(provider).responses.create({
        model, input: 'Say hello',
        text: { format: { type: 'json_schema', name: 'greeting', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false }, strict: true } },
      });
      assert.deepEqual(JSON.parse(r.output_text), { answer: `Hello from ${provider} (${model}): Say hello` });
    });

    it('an unknown previous_response_id is a 400 naming it, which the client raises', async () => {
      await assert.rejects(client(provider).responses.create({ model, input: 'x', previous_response_id: 'resp_nope' }), (e: unknown) =>
        e instanceof OpenAI.BadRequestError && e.param === 'previous_response_id' && e.code === 'previous_response_not_found');
    });
  });
}

describe('simulated Responses API failures', () => {
  it('a status fault is OpenAI error body the client maps to its class', async () => {
    sim.enqueue('openai', { status: 429, errorCode: 'insufficient_quota' });
    await assert.rejects(client('openai').responses.create({ model: 'gpt-4o', input: 'x' }), (e: unknown) => e instanceof OpenAI.RateLimitError);
  });

  it('an in-stream failure (error, then response.failed) is raised by the client', async () => {
    sim.enqueue('openai', { streamError: { afterChunks: 2, code: 429 } });
    const stream = client('openai').responses.stream({ model: 'gpt-4o', input: 'x' });
    await assert.rejects(async () => {
      for await (const _event of stream) { /* drain */ }
    }, /quota|error/i);
  });

  it('providers without the Responses API answer 404 there', async () => {
    const res = await fetch(`${sim.baseUrl('groq')}/responses`, { method: 'POST', headers: { authorization: `Bearer ${GOOD_KEY}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 404);
  });
});
