/**
 * The Responses translation pieces on their own, and the engine's records for /v1/responses requests
 * (operation, served-by, tokens, cost), whole and streamed, pass-through and translated.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { loadConfig } from '../../../src/config/config.js';
import { buildEngine } from '../../../src/engine/build-engine.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import { toChatRequest } from '../../../src/ingress/responses/to-chat-request.js';
import { ChunkEventTranslator } from '../../../src/ingress/responses/chunk-events.js';
import { outputItemOrigin } from '../../../src/ingress/responses/response-object.js';
import { respond } from '../../../src/ingress/responses/respond.js';
import { simEnv } from '../../gateway/gw-helpers.js';

describe('toChatRequest', () => {
  it('instructions, roles, calls of one turn in one assistant message, tool outputs, images, and the options', () => {
    const chat = toChatRequest({
      model: 'm',
      instructions: 'Be brief',
      input: [
        { role: 'developer', content: 'Use metric units' },
        { role: 'user', content: [{ type: 'input_text', text: 'Weather in Oslo and Bergen?' }, { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' }] },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'c1', name: 'weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call', call_id: 'c2', name: 'weather', arguments: '{"city":"Bergen"}' },
        { type: 'function_call_output', call_id: 'c1', output: '5C' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: '7C' }] },
      ],
      tools: [{ type: 'function', name: 'weather', description: 'Weather', parameters: { type: 'object' }, strict: true }],
      tool_choice: { type: 'function', name: 'weather' },
      parallel_tool_calls: false,
      text: { format: { type: 'json_schema', name: 'w', schema: { type: 'object' }, strict: true } },
      max_output_tokens: 500,
      temperature: 0.2,
      reasoning: { effort: 'high' },
      stream: true,
      provider: { only: ['groq'] },
    });
    assert.deepEqual(chat.messages, [
      { role: 'system', content: 'Be brief' },
      { role: 'developer', content: 'Use metric units' },
      { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo and Bergen?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } }] },
      {
        role: 'assistant', content: 'Checking.', tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
          { id: 'c2', type: 'function', function: { name: 'weather', arguments: '{"city":"Bergen"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '5C' },
      { role: 'tool', tool_call_id: 'c2', content: '7C' },
    ]);
    assert.deepEqual(chat.tools, [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object' }, strict: true } }]);
    assert.deepEqual(chat.tool_choice, { type: 'function', function: { name: 'weather' } });
    assert.equal(chat.parallel_tool_calls, false);
    assert.deepEqual(chat.response_format, { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' }, strict: true } });
    assert.equal(chat.max_completion_tokens, 500);
    assert.equal(chat.temperature, 0.2);
    assert.equal(chat.reasoning_effort, 'high');
    assert.equal(chat.stream, true);
    assert.deepEqual(chat.provider, { only: ['groq'] });
  });
});

describe('ChunkEventTranslator', () => {
  it('reasoning, text and a call become items in order, each closed before the next, ending in response.completed', () => {
    const t = new ChunkEventTranslator({ model: 'm', input: 'x' }, 'resp_' + 'ab'.repeat(24), 1, 'm');
    const chunk = (delta: object, finish: string | null = null) => JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [{ index: 0, delta, finish_reason: finish }] });
    const events = [
      ...t.start(),
      ...t.push(chunk({ role: 'assistant', reasoning_content: 'Hmm' })),
      ...t.push(chunk({ content: 'Hi' })),
      ...t.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } }] })),
      ...t.push(chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }, 'tool_calls')),
      ...t.finish({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 }),
    ];
    const data = events.map((e) => JSON.parse(e.data) as { type: string; sequence_number: number; item?: { id: string } });
    assert.deepEqual(events.map((e) => e.event), [
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.delta',
      'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    assert.deepEqual(data.map((d) => d.sequence_number), data.map((_, i) => i));
    assert.ok(data.every((d, i) => d.type === events[i]!.event));
    const final = t.final!;
    assert.equal(final.model, 'up');
    assert.deepEqual(final.usage, { input_tokens: 3, input_tokens_details: { cached_tokens: 0 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 7 });
    assert.deepEqual(final.output.map((item) => item.type), ['reasoning', 'message', 'function_call']);
    assert.deepEqual(final.output.map((item) => outputItemOrigin(item.id!)), [0, 1, 2].map((index) => ({ responseId: final.id, index })));
    assert.equal((final.output[2] as { arguments: string }).arguments, '{"a":1}');
  });

  it('a length stop is response.incomplete with its reason', () => {
    const t = new ChunkEventTranslator({ model: 'm', input: 'x' }, 'resp_' + 'cd'.repeat(24), 1, 'm');
    t.start();
    t.push(JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'length' }] }));
    const last = t.finish(undefined).at(-1)!;
    assert.equal(last.event, 'response.incomplete');
    assert.deepEqual(t.final!.incomplete_details, { reason: 'max_output_tokens' });
  });
});

describe('records of /v1/responses requests', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  for (const [what, model, provider] of [['pass-through', 'openai/gpt-4o', 'openai'], ['translated', 'groq/llama-3.3-70b-versatile', 'groq']] as const) {
    it(`${what}: whole and streamed, each with its operation, provider, tokens`, async () => {
      const records: RequestRecord[] = [];
      const engine = buildEngine({ config: loadConfig({ env: simEnv(sim, ['openai', 'groq']) }), observers: [{ requestFinished: (r) => records.push(r) }] });
      const whole = await respond(engine, { model, input: 'Say hello' });
      assert.equal(whole.stream, false);
      const streamed = await respond(engine, { model, input: 'Say hello', stream: true });
      assert.equal(streamed.stream, true);
      if (streamed.stream) for await (const _event of streamed.events) { /* drain */ }
      await engine.close();
      assert.equal(records.length, 2);
      for (const [i, record] of records.entries()) {
        assert.equal(record.operation, 'responses');
        assert.equal(record.servedProvider, provider);
        assert.equal(record.stream, i === 1);
        assert.equal(record.tokensIn, 2);
        assert.equal(record.tokensOut, 6);
        assert.equal(record.status, 200);
        assert.equal(record.error, null);
      }
    });
  }
});
