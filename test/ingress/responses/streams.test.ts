/**
 * /v1/responses beyond the happy path: a stream that breaks after it began (pass-through and translated) ends
 * with OpenAI's `error` and response.failed events, which the openai client raises; images and reasoning effort
 * reach a translated provider; a length stop is an incomplete response.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startGeminiSimulator, type GeminiSimulator } from '../../../simulators/gemini/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { postRaw, simEnv } from '../../gateway/gw-helpers.js';

let sim: Simulator;
let gemini: GeminiSimulator;
let gw: RunningGateway;
let client: OpenAI;
before(async () => {
  sim = await startSimulator();
  gemini = await startGeminiSimulator();
  gw = await startTestGateway({ env: { ...simEnv(sim, ['openai', 'groq']), GEMINI_API_KEY: 'test-key', GOOGLE_BASE_URL: gemini.baseUrl } });
  client = new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0, logLevel: 'off' });
});
after(async () => {
  await gw.close();
  await sim.close();
  await gemini.close();
});

/** The `event:` names of an SSE text, in order. */
const eventNames = (text: string) => text.split('\n').filter((l) => l.startsWith('event: ')).map((l) => l.slice(7));
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('streams that break after they began', () => {
  for (const [what, provider, model] of [['pass-through', 'openai', 'openai/gpt-4o'], ['translated', 'groq', 'groq/llama-3.3-70b-versatile']] as const) {
    it(`${what}: the text so far, then error and response.failed; the client raises`, async () => {
      sim.enqueue(provider, { streamError: { afterChunks: 5, message: 'upstream went away' } });
      const raw = await postRaw(`${gw.url}/v1/responses`, { model, input: 'Tell me a long story please', stream: true });
      assert.equal(raw.status, 200);
      const names = eventNames(raw.text);
      assert.deepEqual(names.slice(-2), ['error', 'response.failed'], names.join(', '));
      assert.ok(names.includes('response.output_text.delta'), 'some text came first');
      assert.ok(!names.includes('response.completed'));
      const failed = JSON.parse(raw.text.trim().split('\n').at(-1)!.slice(6)) as { response: { status: string; error: { message: string } } };
      assert.equal(failed.response.status, 'failed');
      assert.match(failed.response.error.message, /upstream went away/);

      sim.enqueue(provider, { streamError: { afterChunks: 5, message: 'upstream went away' } });
      const stream = client.responses.stream({ model, input: 'Tell me a long story please' });
      await assert.rejects(async () => {
        for await (const _event of stream) { /* drain */ }
      }, /upstream went away/);
    });
  }
});

describe('translated to Gemini', () => {
  it('an input_image reaches the provider as an image', async () => {
    const r = await client.responses.create({
      model: 'google/gemini-2.5-flash-lite',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this' }, { type: 'input_image', image_url: PNG, detail: 'auto' }] }],
    });
    assert.equal(r.output_text, 'Hello from google (gemini-2.5-flash-lite): What is this (saw 1 image(s))');
  });

  it('reasoning.effort becomes the provider\'s thinking budget, and the thoughts come back as a reasoning item', async () => {
    const r = await client.responses.create({ model: 'google/gemini-2.5-flash-lite', input: 'Think about rivers', reasoning: { effort: 'low' } });
    const wire = gemini.requests().at(-1)!.body as { generationConfig?: { thinkingConfig?: Record<string, unknown> } };
    assert.ok(wire.generationConfig?.thinkingConfig, JSON.stringify(wire));
    const reasoning = r.output.find((item) => item.type === 'reasoning');
    assert.ok(reasoning && reasoning.type === 'reasoning' && reasoning.summary[0]?.text, JSON.stringify(r.output));
    assert.equal(r.output_text, 'Hello from google (gemini-2.5-flash-lite): Think about rivers');
  });

  it('max_output_tokens reaches the provider as its answer budget', async () => {
    await client.responses.create({ model: 'google/gemini-2.5-flash-lite', input: 'Hi', max_output_tokens: 64 });
    const wire = gemini.requests().at(-1)!.body as { generationConfig?: { maxOutputTokens?: number } };
    assert.equal(wire.generationConfig?.maxOutputTokens, 64);
  });
});
