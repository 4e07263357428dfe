/** The Anthropic stream translator and error classifier, driven directly (no network). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropicStreamTranslator } from '../../../src/dialects/anthropic/stream.js';
import { classifyAnthropicError } from '../../../src/dialects/anthropic/errors.js';
import { decodeAnthropicResponse } from '../../../src/dialects/anthropic/response.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import type { ChatRequest } from '../../../src/types/chat.js';
import { contextFor, recordingSink } from './context.js';
import { fixtureEvents, fixtureSse } from './helpers.js';

const request: ChatRequest = { model: 'anthropic/claude-test', messages: [{ role: 'user', content: 'hi' }] };
const enc = new TextEncoder();
const sse = (events: Array<Record<string, unknown>>) => events.map((e) => `event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`).join('');

function run(text: string, opts: { request?: ChatRequest; includeUsage?: boolean; pieceSize?: number; end?: boolean } = {}) {
  const { sink, got } = recordingSink();
  const translator = createAnthropicStreamTranslator(contextFor(opts.request ?? request, { stream: true, includeUsage: opts.includeUsage ?? false }), sink);
  const bytes = enc.encode(text);
  const size = opts.pieceSize ?? bytes.length;
  for (let i = 0; i < bytes.length; i += size) translator.push(bytes.subarray(i, i + size));
  if (opts.end !== false) translator.end();
  const deltas = got.frames.flatMap((f) => (f.json.choices as Array<{ delta: Record<string, unknown>; finish_reason: string | null }>));
  const text_ = deltas.map((d) => (typeof d.delta.content === 'string' ? d.delta.content : '')).join('');
  return { got, deltas, text: text_ };
}

const start = { type: 'message_start', message: { id: 'msg_1', model: 'claude-test', content: [], usage: { input_tokens: 5, output_tokens: 1 } } };
const textBlock = [
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hé ' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'there' } },
  { type: 'content_block_stop', index: 0 },
];
const finish = [
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 3 } },
  { type: 'message_stop' },
];

describe('anthropic stream translator', () => {
  it('survives any byte split (multi-byte characters included) and ends with done', () => {
    const { got, text } = run(fixtureSse('anthropic-text.chunks.txt'), { pieceSize: 7 });
    const expected = fixtureEvents('anthropic-text.chunks.txt')
      .map((e) => (e.delta as { text?: string } | undefined)?.text ?? '').join('');
    assert.equal(text, expected);
    assert.equal(got.done, 1);
    assert.equal(got.errors.length, 0);
    assert.equal(got.frames[0]!.content, false, 'the role chunk does not commit');
    assert.ok(got.frames.slice(1).every((f) => f.content));
  });

  it('sends a usage chunk only when asked for, and always reports usage', () => {
    const events = [start, ...textBlock, ...finish];
    const quiet = run(sse(events));
    assert.equal(quiet.got.frames.filter((f) => (f.json.choices as unknown[]).length === 0).length, 0);
    assert.deepEqual(quiet.got.usage.at(-1), { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8, prompt_tokens_details: { cached_tokens: 0 } });
    const loud = run(sse(events), { includeUsage: true });
    const last = loud.got.frames.at(-1)!.json;
    assert.deepEqual(last.choices, []);
    assert.deepEqual(last.usage, quiet.got.usage.at(-1));
    assert.equal(last.id, 'msg_1');
  });

  it('a stream cut before message_stop is a transient truncated_stream', () => {
    const { got } = run(sse([start, ...textBlock]));
    assert.equal(got.done, 0);
    assert.equal(got.errors[0]?.code, 'truncated_stream');
    assert.equal(got.errors[0]?.errorClass, 'transient');
  });

  it('classifies in-stream error events by their type', () => {
    const cases: Array<[string, string, number]> = [
      ['overloaded_error', 'transient', 529],
      ['api_error', 'transient', 500],
      ['rate_limit_error', 'rate_limited', 429],
      ['authentication_error', 'auth', 401],
      ['invalid_request_error', 'invalid_request', 400],
    ];
    for (const [type, errorClass, status] of cases) {
      const text = sse([start, ...textBlock]) + `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, message: 'boom' } })}\n\n`;
      const { got } = run(text);
      assert.equal(got.errors.length, 1, type);
      assert.equal(got.errors[0]!.errorClass, errorClass, type);
      assert.equal(got.errors[0]!.status, status, type);
      assert.equal(got.errors[0]!.code, type);
    }
  });

  it('a repeated message_start is harmless; a spliced different one is a transient malformed_response', () => {
    const dup = run(fixtureSse('duplicate-message-start.chunks.txt'));
    assert.equal(dup.text, 'Hello, World!');
    assert.equal(dup.got.errors.length, 0);
    const spliced = run(fixtureSse('spliced-message-start.chunks.txt'));
    assert.equal(spliced.got.errors.length, 1);
    assert.equal(spliced.got.errors[0]!.code, 'malformed_response');
    assert.equal(spliced.got.done, 0);
  });

  it('a non-JSON event is a malformed_response', () => {
    const { got } = run(sse([start]) + 'event: content_block_delta\ndata: {"type":"content_block_delta",\n\n');
    assert.equal(got.errors[0]?.code, 'malformed_response');
  });

  it('JSON mode: the forced tool\'s input streams as content, unwrapped when the schema was wrapped', () => {
    const json: ChatRequest = { ...request, response_format: { type: 'json_schema', json_schema: { name: 'l', schema: { type: 'array', items: { type: 'number' } } } } };
    const events = [
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'json', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"value": [1,' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: ' 2]}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ];
    const { text, deltas } = run(sse(events), { request: json });
    assert.equal(text, '[1,2]');
    assert.equal(deltas.at(-1)!.finish_reason, 'stop');
    assert.ok(deltas.every((d) => d.delta.tool_calls === undefined));
  });
});

describe('anthropic error classification', () => {
  const ctx = contextFor(request);
  const body = (type: string, message: string, details?: unknown) => JSON.stringify({ type: 'error', error: { type, message, ...(details ? { details } : {}) }, request_id: 'req_1' });
  const cls = (status: number, text: string, headers = {}) => classifyAnthropicError(status, headers, text, ctx);

  it('maps statuses and bodies to the design classes', () => {
    assert.equal(cls(401, body('authentication_error', 'invalid x-api-key')).errorClass, 'auth');
    assert.equal(cls(403, body('permission_error', 'no access')).errorClass, 'auth');
    assert.equal(cls(402, body('billing_error', 'billing issue')).errorClass, 'quota');
    assert.equal(cls(400, body('invalid_request_error', 'Your credit balance is too low to access the Anthropic API.')).errorClass, 'quota');
    assert.equal(cls(429, body('rate_limit_error', 'monthly limit', { error_code: 'enforced_spend_limit_reached' })).errorClass, 'quota');
    assert.equal(cls(404, body('not_found_error', 'model: claude-x')).errorClass, 'model_unavailable');
    assert.equal(cls(413, body('request_too_large', 'Request exceeds the maximum allowed number of bytes.')).errorClass, 'invalid_request');
    assert.equal(cls(400, body('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum')).errorClass, 'context_length');
    assert.equal(cls(400, body('invalid_request_error', 'max_tokens: Field required')).errorClass, 'invalid_request');
    assert.equal(cls(500, body('api_error', 'Internal server error')).errorClass, 'transient');
    assert.equal(cls(529, body('overloaded_error', 'Overloaded')).errorClass, 'transient');
  });

  it('a 429 is rate_limited with the wait from retry-after or the anthropic-ratelimit reset', () => {
    const byRetryAfter = cls(429, body('rate_limit_error', 'slow down'), { 'retry-after': '7' });
    assert.equal(byRetryAfter.errorClass, 'rate_limited');
    assert.equal(byRetryAfter.retryAfterMs, 7000);
    assert.equal(byRetryAfter.code, 'rate_limit_error');
    const reset = new Date(Date.now() + 30_000).toISOString();
    const byReset = cls(429, body('rate_limit_error', 'slow down'), { 'anthropic-ratelimit-requests-reset': reset });
    assert.ok(byReset.retryAfterMs! > 25_000 && byReset.retryAfterMs! <= 30_000);
  });

  it('a whole 200 body that is an error, or not JSON, becomes a ProviderError', () => {
    const inBody = decodeAnthropicResponse(enc.encode(body('overloaded_error', 'Overloaded')), ctx);
    assert.ok(ProviderError.is(inBody) && inBody.errorClass === 'transient');
    const broken = decodeAnthropicResponse(enc.encode('{"id":"msg_1","content":[oops'), ctx);
    assert.ok(ProviderError.is(broken) && broken.code === 'malformed_response');
  });
});
