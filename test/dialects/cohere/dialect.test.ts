/** The Cohere dialect's pieces on their own: request translation, response edge cases, stream edge cases, errors. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cohereDialect } from '../../../src/dialects/cohere/index.js';
import { toCohereBody } from '../../../src/dialects/cohere/request.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import type { ChatMessage } from '../../../src/types/chat.js';
import { fakeCtx, frame, translate } from './helpers.js';

const decode = (body: unknown) => cohereDialect.chat!.decodeChatResponse(Buffer.from(JSON.stringify(body)), fakeCtx());
const usage = { billed_units: { input_tokens: 3, output_tokens: 4 }, tokens: { input_tokens: 30, output_tokens: 5 } };

describe('request translation', () => {
  it('roles, text parts, history with tool calls and plans', () => {
    const messages: ChatMessage[] = [
      { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: 'Weather?', name: 'ann' },
      { role: 'assistant', content: null, reasoning_content: 'I will call weather.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '' } }] },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'sunny' }] },
      { role: 'assistant', content: 'It is sunny.', reasoning_content: 'thinking that is not sent back' },
      { role: 'assistant', content: '' },
      { role: 'assistant', content: null, tool_plan: 'explicit plan', reasoning_content: 'other', tool_calls: [{ id: 'c2', type: 'function', function: { name: 'w', arguments: '{"a":1}' } }] },
    ];
    const body = toCohereBody(fakeCtx({ messages }));
    assert.deepEqual(body.messages, [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }], tool_plan: 'I will call weather.' },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'sunny' }] },
      { role: 'assistant', content: 'It is sunny.' },
      { role: 'assistant', tool_calls: [{ id: 'c2', type: 'function', function: { name: 'w', arguments: '{"a":1}' } }], tool_plan: 'explicit plan' },
    ]);
  });

  it('only Cohere fields are sent', () => {
    const body = toCohereBody(fakeCtx({
      max_tokens: 10, max_completion_tokens: 99, top_k: 40, presence_penalty: 0.2, user: 'u', logit_bias: { 1: 1 }, logprobs: true,
      parallel_tool_calls: false, service_tier: 'auto', metadata: { a: 'b' }, stream_options: { include_usage: true }, response_format: { type: 'text' },
    }, { stream: true }));
    assert.deepEqual(body, { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }], stream: true, max_tokens: 10, k: 40, presence_penalty: 0.2 });
  });

  it('requests Cohere cannot express are refused before sending', () => {
    const fails = (request: Parameters<typeof fakeCtx>[0], errorClass: string) => {
      assert.throws(() => toCohereBody(fakeCtx(request)), (e: unknown) => ProviderError.is(e) && e.errorClass === errorClass);
    };
    // invalid_request, not unsupported: the health tracker would bench the whole model for one odd request.
    fails({ n: 3 }, 'invalid_request');
    fails({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'f' } }] }] }, 'invalid_request');
    fails({ messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] }, 'invalid_request');
    fails({ messages: [{ role: 'function', content: 'x', name: 'f' }] }, 'invalid_request');
    fails({ messages: [{ role: 'tool', content: 'x' }] }, 'invalid_request');
  });

  it('the wire request: POST /v2/chat with the Bearer key', async () => {
    const wire = await cohereDialect.chat!.buildChatRequest(fakeCtx());
    assert.equal(wire.method, 'POST');
    assert.equal(wire.origin, 'http://127.0.0.1:9');
    assert.equal(wire.path, '/v2/chat');
    assert.equal(wire.headers.authorization, 'Bearer co-test-key');
  });
});

describe('whole responses', () => {
  it('TIMEOUT and ERROR are transient failures', () => {
    for (const reason of ['TIMEOUT', 'ERROR']) {
      const r = decode({ id: 'x', finish_reason: reason, message: { role: 'assistant', content: [{ type: 'text', text: 'partial' }] }, usage });
      assert.ok(ProviderError.is(r));
      assert.equal(r.errorClass, 'transient');
    }
  });

  it('a body without a message object, or not JSON, is malformed (transient)', () => {
    for (const bytes of [JSON.stringify({ message: 'internal error' }), JSON.stringify([1]), '{"id": "x", "message": {"content": [oops]}}']) {
      const r = cohereDialect.chat!.decodeChatResponse(Buffer.from(bytes), fakeCtx());
      assert.ok(ProviderError.is(r), bytes);
      assert.equal(r.code, 'malformed_response');
    }
  });

  it('usage falls back to billed_units; STOP_SEQUENCE → stop; COMPLETE with tool calls → tool_calls', () => {
    const a = decode({ id: 'x', finish_reason: 'STOP_SEQUENCE', message: { role: 'assistant', content: [{ type: 'text', text: 'a' }] }, usage: { billed_units: usage.billed_units } });
    assert.ok(!ProviderError.is(a));
    assert.deepEqual(a.completion.usage, { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    assert.equal(a.completion.choices[0]!.finish_reason, 'stop');
    const b = decode({ id: 'y', finish_reason: 'COMPLETE', message: { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] } });
    assert.ok(!ProviderError.is(b));
    assert.equal(b.completion.choices[0]!.finish_reason, 'tool_calls');
    assert.equal(b.completion.usage, undefined);
  });
});

describe('streams', () => {
  const start = { id: 'm1', type: 'message-start', delta: { message: { role: 'assistant' } } };
  const end = (reason: string, extra: object = {}) => ({ type: 'message-end', delta: { finish_reason: reason, usage, ...extra } });
  const callStart = (index: number, id: string, args = '') => ({ type: 'tool-call-start', index, delta: { message: { tool_calls: { id, type: 'function', function: { name: id, arguments: args } } } } });
  const callDelta = (index: number, args: string) => ({ type: 'tool-call-delta', index, delta: { message: { tool_calls: { function: { arguments: args } } } } });

  it('streamed "null" arguments are held back and sent as "{}"; real ones pass through at once', () => {
    const got = translate(frame([
      start, callStart(0, 'a'), callDelta(0, 'nu'), callDelta(0, 'll'), { type: 'tool-call-end', index: 0 },
      callStart(1, 'b', '{"x"'), callDelta(1, ':1}'), { type: 'tool-call-end', index: 1 }, end('TOOL_CALL'),
    ]));
    assert.deepEqual(got.calls.map((c) => [c.index, c.id, c.args]), [[0, 'a', '{}'], [1, 'b', '{"x":1}']]);
    const pieces = got.chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).map((t: any) => t.function.arguments);
    assert.deepEqual(pieces, ['', '{}', '', '{"x"', ':1}']);
    assert.equal(got.finish, 'tool_calls');
  });

  it('a call left open is closed at message-end; citations, debug, [DONE] and unknown events are skipped', () => {
    const wire = frame([
      start,
      { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: 'Hi' } } } },
      { type: 'citation-start', index: 0, delta: { message: { citations: { start: 0, end: 2, text: 'Hi', sources: [] } } } },
      { type: 'citation-end', index: 0 },
      { type: 'debug', prompt: 'secret prompt' },
      { type: 'something-new' },
      callStart(0, 'open'),
      end('COMPLETE'),
    ]) + 'data: [DONE]\n\n';
    const got = translate(wire);
    assert.equal(got.error, undefined);
    assert.equal(got.text, 'Hi');
    assert.deepEqual(got.calls.map((c) => c.args), ['{}']);
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.done, true);
  });

  it('thinking then a tool plan: one reasoning text, a blank line between the two', () => {
    const got = translate(frame([
      start,
      { type: 'content-start', index: 0, delta: { message: { content: { type: 'thinking', thinking: '' } } } },
      { type: 'content-delta', index: 0, delta: { message: { content: { thinking: 'Hmm.' } } } },
      { type: 'tool-plan-delta', delta: { message: { tool_plan: 'I will' } } },
      { type: 'tool-plan-delta', delta: { message: { tool_plan: ' call.' } } },
      end('COMPLETE'),
    ]));
    assert.equal(got.reasoning, 'Hmm.\n\nI will call.');
    assert.deepEqual(got.flags, [false, true, true, true, true]);
  });

  it('message-end with ERROR, TIMEOUT or an error text is an in-stream error', () => {
    for (const extra of [{ finish_reason: 'ERROR' }, { finish_reason: 'TIMEOUT' }, { error: 'boom', finish_reason: 'COMPLETE' }]) {
      const got = translate(frame([start, { type: 'message-end', delta: extra }]));
      assert.equal(got.done, false);
      assert.equal(got.error?.errorClass, 'transient');
      assert.equal(got.error?.code, 'stream_error');
    }
  });

  it('an event without a type, a non-JSON event, and an empty body are errors', () => {
    assert.equal(translate(`data: {"message":"overloaded"}\n\n`).error?.code, 'stream_error');
    assert.equal(translate(`event: content-delta\ndata: {oops\n\n`).error?.code, 'malformed_response');
    assert.equal(translate('').error?.code, 'truncated_stream');
  });

  it('the message id becomes the chunk id; usage is reported even without include_usage', () => {
    const got = translate(frame([start, { type: 'content-delta', index: 0, delta: { message: { content: { text: 'x' } } } }, end('MAX_TOKENS')]));
    assert.ok(got.chunks.every((c) => c.id === 'm1'));
    assert.equal(got.finish, 'length');
    assert.deepEqual(got.usage, { prompt_tokens: 30, completion_tokens: 5, total_tokens: 35 });
    assert.ok(got.chunks.every((c) => c.choices.length === 1));
  });
});

describe('error classification', () => {
  const classify = (status: number, message: string, headers: Record<string, string> = {}) =>
    cohereDialect.chat!.classifyError(status, headers, JSON.stringify({ id: 'e1', message }), fakeCtx());
  const cases: Array<[number, string, string]> = [
    [400, 'invalid request: temperature must be between 0 and 1.0 inclusive.', 'invalid_request'],
    [400, 'too many tokens: total number of tokens in the prompt cannot exceed 4081 - received 4292.', 'context_length'],
    [401, 'invalid api token', 'auth'],
    [402, 'Please add or update your payment method at https://dashboard.cohere.com/billing?tab=payment to continue', 'quota'],
    [403, 'forbidden', 'auth'],
    [404, "model 'x' not found, make sure the correct model ID was used and that you have access to the model.", 'model_unavailable'],
    [422, "unknown field: parameter 'strict' is not a valid field.", 'invalid_request'],
    [429, 'You are past the per minute request limit, please wait and try again later.', 'rate_limited'],
    [429, 'You are using a Trial key, which is limited to 1000 API calls / month.', 'quota'],
    [498, 'blocked input', 'invalid_request'],
    [499, 'request cancelled', 'transient'],
    [500, 'internal server error', 'transient'],
    [501, 'not implemented', 'unsupported'],
    [503, 'service unavailable', 'transient'],
    [504, 'gateway timeout', 'transient'],
  ];
  for (const [status, message, errorClass] of cases) {
    it(`${status} "${message.slice(0, 40)}" → ${errorClass}`, () => {
      const e = classify(status, message);
      assert.equal(e.errorClass, errorClass);
      assert.equal(e.status, status);
      assert.equal(e.message, message);
      assert.equal(e.provider, 'cohere');
    });
  }

  it('retry-after is read from a 429', () => {
    assert.equal(classify(429, 'Please wait and try again later', { 'retry-after': '3' }).retryAfterMs, 3000);
  });
});
