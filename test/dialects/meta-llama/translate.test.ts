/**
 * The Llama dialect's translation in isolation: stream cases the simulator does not produce
 * (two tool calls told apart by id, reasoning items, metrics inside `complete`, broken streams),
 * whole-body edge cases, and request conversion details.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptContext, StreamSink } from '../../../src/dialects/types.js';
import type { ChatRequest, Usage } from '../../../src/types/chat.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import { PROVIDERS } from '../../../src/providers/registry.js';
import { ProviderRuntime } from '../../../src/providers/runtime.js';
import { Secret } from '../../../src/internal/secret.js';
import { systemClock } from '../../../src/internal/clock.js';
import { metaLlamaDialect } from '../../../src/dialects/meta-llama/index.js';

const runtime = new ProviderRuntime(PROVIDERS.find((p) => p.id === 'meta')!, new Secret('k', 'LLAMA_API_KEY'), 'http://127.0.0.1:1/v1');
const ctx = (request: Partial<ChatRequest> = {}, includeUsage = false): AttemptContext => ({
  provider: runtime, upstreamModel: 'Llama-4-Maverick', request: { model: 'meta/Llama-4-Maverick', messages: [{ role: 'user', content: 'hi' }], ...request },
  stream: true, includeUsage, requestId: 'req1', clock: systemClock,
});

function run(events: unknown[], includeUsage = false, raw?: string) {
  const frames: any[] = [];
  const usages: Usage[] = [];
  const errors: ProviderError[] = [];
  let done = false;
  const sink: StreamSink = { frame: (json) => frames.push(JSON.parse(json)), usage: (u) => usages.push(u), error: (e) => errors.push(e), done: () => (done = true) };
  const t = metaLlamaDialect.chat!.createStreamTranslator(ctx({}, includeUsage), sink);
  const wire = raw ?? events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('');
  // Byte-at-a-time pieces of 7, so events are split across pushes.
  const bytes = new TextEncoder().encode(wire);
  for (let i = 0; i < bytes.length; i += 7) t.push(bytes.subarray(i, i + 7));
  t.end();
  return { frames, usages, errors, done };
}

const ev = (event: Record<string, unknown>) => ({ id: 'llama-1', event });
const metricsList = [{ metric: 'num_prompt_tokens', value: 5, unit: 'tokens' }, { metric: 'num_completion_tokens', value: 7, unit: 'tokens' }, { metric: 'num_total_tokens', value: 12, unit: 'tokens' }];

describe('Llama stream translation', () => {
  it('tells two tool calls apart by id and numbers them 0 and 1', () => {
    const out = run([
      ev({ event_type: 'start', delta: { type: 'text', text: '' } }),
      ev({ event_type: 'progress', delta: { type: 'tool_call', id: 'a', function: { name: 'one', arguments: '' } } }),
      ev({ event_type: 'progress', delta: { type: 'tool_call', function: { arguments: '{"x":1}' } } }),
      ev({ event_type: 'progress', delta: { type: 'tool_call', id: 'b', function: { name: 'two', arguments: '{}' } } }),
      ev({ event_type: 'complete', delta: { type: 'text', text: '' }, stop_reason: 'tool_calls' }),
    ]);
    const calls = out.frames.flatMap((f) => f.choices[0]?.delta.tool_calls ?? []);
    assert.deepEqual(calls, [
      { index: 0, id: 'a', type: 'function', function: { name: 'one', arguments: '' } },
      { index: 0, function: { arguments: '{"x":1}' } },
      { index: 1, id: 'b', type: 'function', function: { name: 'two', arguments: '{}' } },
    ]);
    assert.equal(out.frames.at(-1).choices[0].finish_reason, 'tool_calls');
    assert.equal(out.frames[0].id, 'llama-1');
    assert.ok(out.done);
  });

  it('maps reasoning items to reasoning_content and the answer to content', () => {
    const out = run([ev({ event_type: 'progress', delta: { type: 'reasoning', reasoning: 'think', answer: 'ok' } }), ev({ event_type: 'complete', stop_reason: 'stop' })]);
    const deltas = out.frames.map((f) => f.choices[0].delta);
    assert.deepEqual(deltas.slice(1, 3), [{ reasoning_content: 'think' }, { content: 'ok' }]);
  });

  it('reads metrics from the complete event and sends the usage chunk when asked', () => {
    const out = run([ev({ event_type: 'progress', delta: { type: 'text', text: 'Hi' } }), ev({ event_type: 'complete', stop_reason: 'length', metrics: metricsList })], true);
    assert.deepEqual(out.usages, [{ prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 }]);
    assert.equal(out.frames.at(-2).choices[0].finish_reason, 'length');
    assert.deepEqual(out.frames.at(-1), { ...out.frames.at(-1), choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } });
  });

  it('reports a stream without its complete event as truncated', () => {
    const out = run([ev({ event_type: 'progress', delta: { type: 'text', text: 'Hi' } })]);
    assert.equal(out.errors[0]!.code, 'truncated_stream');
    assert.equal(out.errors[0]!.errorClass, 'transient');
    assert.equal(out.done, false);
  });

  it('reports a non-JSON event as a malformed response, once', () => {
    const out = run([], false, 'data: {"event": oops\n\ndata: also bad\n\n');
    assert.equal(out.errors.length, 1);
    assert.equal(out.errors[0]!.code, 'malformed_response');
  });

  it('classifies an error object inside the stream by its status', () => {
    const out = run([{ error: { message: 'slow down', status: 429 } }]);
    assert.equal(out.errors[0]!.errorClass, 'rate_limited');
  });
});

describe('Llama whole answers and requests', () => {
  const decode = (body: unknown) => metaLlamaDialect.chat!.decodeChatResponse(new TextEncoder().encode(JSON.stringify(body)), ctx());

  it('accepts content as a plain string and as a reasoning item', () => {
    const plain = decode({ completion_message: { role: 'assistant', content: 'Hi', stop_reason: 'stop' } });
    assert.ok(!ProviderError.is(plain));
    assert.equal(plain.completion.choices[0]!.message.content, 'Hi');
    assert.equal(plain.completion.usage, undefined);
    const reasoning = decode({ completion_message: { role: 'assistant', content: { type: 'reasoning', reasoning: 'r', answer: 'a' }, stop_reason: 'stop' }, metrics: metricsList });
    assert.ok(!ProviderError.is(reasoning));
    assert.equal(reasoning.completion.choices[0]!.message.content, 'a');
    assert.equal(reasoning.completion.choices[0]!.message.reasoning_content, 'r');
    assert.equal(reasoning.completion.usage?.total_tokens, 12);
  });

  it('treats a body without completion_message as malformed', () => {
    const bad = decode({ choices: [] });
    assert.ok(ProviderError.is(bad));
    assert.equal(bad.code, 'malformed_response');
  });

  it('sends developer messages as system, and refuses audio parts as unsupported', async () => {
    const wire = await metaLlamaDialect.chat!.buildChatRequest({ ...ctx({ messages: [{ role: 'developer', content: 'rules' }, { role: 'user', content: 'hi' }], max_completion_tokens: 9, max_tokens: 3 }), stream: false });
    const body = JSON.parse(String(wire.body));
    assert.deepEqual(body.messages[0], { role: 'system', content: 'rules' });
    assert.equal(body.max_completion_tokens, 9, 'max_completion_tokens wins over max_tokens');
    assert.equal(wire.headers.accept, undefined);
    assert.throws(
      () => metaLlamaDialect.chat!.buildChatRequest(ctx({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }] }] })),
      (e: unknown) => ProviderError.is(e) && e.errorClass === 'unsupported',
    );
  });
});
