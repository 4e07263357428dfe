/**
 * The official `openai` client's responses.create through the gateway, served by an OpenAI upstream (the request
 * passes through to its Responses endpoint) and by an Anthropic and a Gemini upstream (translated to their
 * dialect and back): text, stream, a function tool over two turns with previous_response_id, structured output.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { UPSTREAMS, startResponsesRig, type ResponsesRig } from './rig.js';

const USER = 'What is the weather in Paris today';
const TOOL: OpenAI.Responses.FunctionTool = {
  type: 'function', name: 'get_weather', description: 'The weather in a city', strict: false,
  parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
};
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

for (const upstream of UPSTREAMS) {
  const text = `Hello from ${upstream.provider} (${upstream.upstreamModel}): ${USER.slice(0, 40)}`;
  describe(`responses.create through the gateway, served by ${upstream.provider} (${upstream.native ? 'pass-through' : 'translated'})`, () => {
    let rig: ResponsesRig;
    before(async () => {
      rig = await startResponsesRig(upstream);
    });
    after(async () => {
      await rig.close();
    });
    const lastUpstream = () => rig.upstreamRequests().at(-1)!;

    it('text: output_text, usage, the x-wai-* headers, and what went upstream', async () => {
      const { data, response } = await rig.client.responses.create({ model: upstream.model, input: USER, instructions: 'Be brief', max_output_tokens: 100 }).withResponse();
      assert.equal(data.object, 'response');
      assert.equal(data.status, 'completed');
      assert.equal(data.output_text, text);
      assert.match(data.id, /^resp_/);
      assert.equal(data.usage?.output_tokens, words(text));
      assert.equal(data.usage?.input_tokens, words(USER) + 2);
      assert.equal(response.headers.get('x-wai-provider'), upstream.provider);
      assert.equal(response.headers.get('x-wai-model'), upstream.upstreamModel);
      assert.equal(response.headers.get('x-wai-level'), '1');
      assert.ok(response.headers.get('x-wai-request-id'));
      const sent = lastUpstream();
      if (upstream.native) {
        assert.equal(sent.path, '/openai/v1/responses');
        assert.deepEqual(sent.body, { model: 'gpt-4o', input: USER, instructions: 'Be brief', max_output_tokens: 100 });
      } else {
        assert.doesNotMatch(sent.path, /responses/);
        assert.ok(JSON.stringify(sent.body).includes('Be brief'), 'instructions became the system prompt');
      }
    });

    it('stream: the events in OpenAI order, assembled by the client into the same text', async () => {
      const stream = rig.client.responses.stream({ model: upstream.model, input: USER });
      const types: string[] = [];
      let deltas = '';
      let last = -1;
      for await (const event of stream) {
        types.push(event.type);
        assert.equal(event.sequence_number, last + 1, 'sequence numbers count up from 0');
        last = event.sequence_number;
        if (event.type === 'response.output_text.delta') deltas += event.delta;
      }
      const final = await stream.finalResponse();
      assert.equal(deltas, text);
      assert.equal(final.output_text, text);
      assert.equal(final.usage?.output_tokens, words(text));
      assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
      assert.ok(types.includes('response.output_text.delta'));
      assert.deepEqual(types.slice(-4), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    });

    it('a function tool, then its output as a second turn through previous_response_id', async () => {
      const first = await rig.client.responses.create({ model: upstream.model, input: USER, tools: [TOOL] });
      const call = first.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
      assert.ok(call, 'the model called the tool');
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.arguments), { input: USER });
      assert.ok(call.call_id);

      const second = await rig.client.responses.create({
        model: upstream.model, previous_response_id: first.id, tools: [TOOL],
        input: [{ type: 'function_call_output', call_id: call.call_id, output: 'Sunny and 21 degrees' }],
      });
      assert.equal(second.output_text, 'Tool said: Sunny and 21 degrees');
      assert.equal(second.previous_response_id, first.id);
      const sent = lastUpstream().body;
      if (upstream.native) {
        // The upstream that served the first turn keeps it: the id goes as it is.
        assert.equal(sent.previous_response_id, first.id);
      } else {
        // Translated: the gateway spelled the first turn out (the question, the call, then its output).
        const wire = JSON.stringify(sent);
        assert.ok(wire.includes(USER) && wire.includes('Sunny and 21 degrees') && wire.includes('get_weather'), wire);
      }
    });

    it('the tool loop streamed: function_call_arguments deltas add up to the call', async () => {
      const stream = rig.client.responses.stream({ model: upstream.model, input: USER, tools: [TOOL] });
      let args = '';
      let doneArgs = '';
      for await (const event of stream) {
        if (event.type === 'response.function_call_arguments.delta') args += event.delta;
        if (event.type === 'response.function_call_arguments.done') doneArgs = event.arguments;
      }
      const final = await stream.finalResponse();
      const call = final.output.find((item) => item.type === 'function_call');
      assert.ok(call && call.type === 'function_call');
      assert.equal(args, call.arguments);
      assert.equal(doneArgs, call.arguments);
      assert.deepEqual(JSON.parse(call.arguments), { input: USER });
    });

    it('structured output (text.format json_schema) comes back as JSON the schema describes', async () => {
      const r = await rig.client.responses.create({
        model: upstream.model, input: USER,
        text: { format: { type: 'json_schema', name: 'answer', strict: true, schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false } } },
      });
      const parsed = JSON.parse(r.output_text) as Record<string, unknown>;
      // Anthropic's simulator answers JSON mode (a forced tool, as the gateway asks for it) with the tool's own input.
      assert.deepEqual(parsed, upstream.provider === 'anthropic' ? { input: USER } : { answer: text });
      assert.ok(JSON.stringify(lastUpstream().body).includes('"answer"'), 'the schema went upstream');
    });

    it('GET /v1/responses/{id} returns a stored response and DELETE removes it', async () => {
      const created = await rig.client.responses.create({ model: upstream.model, input: USER });
      const got = await rig.client.responses.retrieve(created.id);
      assert.equal(got.id, created.id);
      assert.equal(got.output_text, text);
      await rig.client.responses.delete(created.id);
      await assert.rejects(rig.client.responses.retrieve(created.id), (e: { status?: number }) => e.status === 404);
    });

    it('the input items of a stored response, listed and paged as OpenAI does', async () => {
      const input: OpenAI.Responses.ResponseInput = [
        { role: 'user', content: 'First' },
        { role: 'assistant', content: 'Second' },
        { role: 'user', content: USER },
      ];
      const created = await rig.client.responses.create({ model: upstream.model, input });
      const all = [];
      for await (const item of rig.client.responses.inputItems.list(created.id, { limit: 2, order: 'asc' })) all.push(item);
      assert.deepEqual(all.map((item) => (item as { content: unknown }).content), ['First', 'Second', USER]);
      const newestFirst = await rig.client.responses.inputItems.list(created.id);
      assert.deepEqual(newestFirst.data.map((item) => (item as { content: unknown }).content), [USER, 'Second', 'First']);
      assert.equal(newestFirst.data[0]!.id, all[2]!.id, 'ids stay the same between reads');
    });

    it('store: false keeps nothing', async () => {
      const created = await rig.client.responses.create({ model: upstream.model, input: USER, store: false });
      await assert.rejects(rig.client.responses.retrieve(created.id), (e: { status?: number }) => e.status === 404);
    });
  });
}
