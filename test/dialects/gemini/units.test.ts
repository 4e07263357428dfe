/**
 * The Gemini dialect's pieces on their own: schema conversion, message conversion, response and stream
 * decoding edge cases, Vertex partial arguments, finish reasons and error classification.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { geminiDialect } from '../../../src/dialects/gemini/index.js';
import { toGeminiParameters, toGeminiSchema } from '../../../src/dialects/gemini/schema.js';
import { PartialArgs, parsePath } from '../../../src/dialects/gemini/partial-args.js';
import { toFinishReason } from '../../../src/dialects/gemini/finish-reason.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import type { ChatCompletion } from '../../../src/types/chat.js';
import { fakeCtx, readFixture, runStream } from './helpers.js';

function wireBody(request: Parameters<typeof fakeCtx>[0], opts: Parameters<typeof fakeCtx>[1] = {}): Record<string, any> {
  const wire = geminiDialect.chat!.buildChatRequest(fakeCtx(request, opts));
  assert.ok(!(wire instanceof Promise));
  return JSON.parse(String(wire.body));
}

function decode(body: unknown): ChatCompletion {
  const out = geminiDialect.chat!.decodeChatResponse(Buffer.from(JSON.stringify(body)), fakeCtx());
  assert.ok(!ProviderError.is(out), String(out));
  return out.completion;
}

const classify = (status: number, body: unknown, headers = {}) =>
  geminiDialect.chat!.classifyError(status, headers, typeof body === 'string' ? body : JSON.stringify(body), fakeCtx());

describe('JSON schema -> Gemini schema', () => {
  it('drops unsupported keys, upper-cases types, folds null into nullable', () => {
    assert.deepEqual(toGeminiSchema({
      $schema: 'x', $id: 'y', type: 'object', additionalProperties: false, title: 'T',
      properties: {
        a: { type: ['integer', 'null'], minimum: 1, exclusiveMaximum: 9, multipleOf: 2 },
        b: { anyOf: [{ type: 'string', format: 'email' }, { type: 'null' }] },
        c: { oneOf: [{ type: 'string' }, { type: 'number', format: 'double' }] },
        d: { const: 'fixed' },
        e: { enum: [1, 2, 3] },
        f: { type: 'array', items: { type: 'string', format: 'date-time' }, uniqueItems: true },
        g: {},
        h: { type: 'array' },
        i: { minimum: 0 },
      },
      required: ['a', 'zzz'],
    }), {
      title: 'T', type: 'OBJECT',
      properties: {
        a: { type: 'INTEGER', nullable: true, minimum: 1, maximum: 9 },
        b: { nullable: true, type: 'STRING' },
        c: { anyOf: [{ type: 'STRING' }, { type: 'NUMBER', format: 'double' }] },
        d: { enum: ['fixed'], type: 'STRING' },
        e: { type: 'INTEGER', description: 'Allowed values: 1, 2, 3.' },
        f: { type: 'ARRAY', items: { type: 'STRING', format: 'date-time' } },
        g: { type: 'STRING' },
        h: { type: 'ARRAY', items: { type: 'STRING' } },
        i: { minimum: 0, type: 'NUMBER' },
      },
      required: ['a'],
    });
  });

  it('inlines local $refs, cuts recursion, merges allOf', () => {
    const schema = {
      type: 'object',
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/$defs/node' } } } },
      properties: { root: { $ref: '#/$defs/node', description: 'the root' }, both: { allOf: [{ properties: { x: { type: 'string' } }, required: ['x'] }, { properties: { y: { type: 'number' } } }] } },
    };
    assert.deepEqual(toGeminiSchema(schema), {
      type: 'OBJECT',
      properties: {
        root: { description: 'the root', type: 'OBJECT', properties: { name: { type: 'STRING' }, child: { type: 'OBJECT' } } },
        both: { type: 'OBJECT', properties: { x: { type: 'STRING' }, y: { type: 'NUMBER' } }, required: ['x'] },
      },
    });
  });

  it('every nested schema gets a type and every array items, as Gemini requires', () => {
    assert.deepEqual(toGeminiSchema({ type: 'object', properties: { any: true, list: { type: 'array', items: {} } } }), {
      type: 'OBJECT', properties: { any: { type: 'STRING' }, list: { type: 'ARRAY', items: { type: 'STRING' } } },
    });
    assert.equal(toGeminiSchema({}), undefined);
  });

  it('a tool without arguments declares no parameters', () => {
    assert.equal(toGeminiParameters({ type: 'object', properties: {}, additionalProperties: false }), undefined);
    assert.equal(toGeminiParameters(undefined), undefined);
    assert.deepEqual(toGeminiParameters({ type: 'object', properties: { a: { type: 'boolean' } } }), { type: 'OBJECT', properties: { a: { type: 'BOOLEAN' } } });
  });
});

describe('request conversion', () => {
  it('system and developer messages go to systemInstruction; the model path drops a models/ prefix', () => {
    const wire = geminiDialect.chat!.buildChatRequest(fakeCtx({
      messages: [{ role: 'system', content: 'one' }, { role: 'developer', content: [{ type: 'text', text: 'two' }] }, { role: 'user', content: 'hi' }],
    }, { model: 'models/gemini-2.5-pro', stream: true }));
    assert.ok(!(wire instanceof Promise));
    assert.equal(wire.path, '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    assert.equal(wire.headers['x-goog-api-key'], 'g-test-key');
    const body = JSON.parse(String(wire.body));
    assert.deepEqual(body.systemInstruction, { parts: [{ text: 'one' }, { text: 'two' }] });
    assert.deepEqual(body.contents, [{ role: 'user', parts: [{ text: 'hi' }] }]);
  });

  it('assistant text with calls, odd arguments, legacy function results, audio and a percent-encoded data URL', () => {
    const body = wireBody({
      messages: [
        { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAA=', format: 'wav' } }, { type: 'image_url', image_url: { url: 'data:text/plain,hello%20world' } }] },
        { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'x1', type: 'function', function: { name: 'f', arguments: '[1,2]' } }] },
        { role: 'tool', tool_call_id: 'x1', content: [{ type: 'text', text: 'part one' }] },
        { role: 'function', name: 'legacy', content: 'old style' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'thanks' },
      ],
    });
    assert.deepEqual(body.contents, [
      { role: 'user', parts: [{ inlineData: { mimeType: 'audio/wav', data: 'AAA=' } }, { inlineData: { mimeType: 'text/plain', data: Buffer.from('hello world').toString('base64') } }] },
      { role: 'model', parts: [{ text: 'Let me look.' }, { functionCall: { name: 'f', args: { value: [1, 2] } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'f', response: { output: 'part one' } } }, { functionResponse: { name: 'legacy', response: { output: 'old style' } } }, { text: 'thanks' }] },
    ]);
  });

  it('a tool result for an unknown call id and an unusable image URL are invalid_request, not crashes', () => {
    const unknownId = fakeCtx({ messages: [{ role: 'user', content: 'a' }, { role: 'tool', tool_call_id: 'nope', content: 'x' }] });
    assert.throws(() => geminiDialect.chat!.buildChatRequest(unknownId), (e: unknown) => ProviderError.is(e) && e.errorClass === 'invalid_request' && /nope/.test(e.message));
    const badUrl = fakeCtx({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] });
    assert.throws(() => geminiDialect.chat!.buildChatRequest(badUrl), (e: unknown) => ProviderError.is(e) && e.errorClass === 'invalid_request');
  });

  it('a system-only conversation becomes the user turn; zero penalties are not sent', () => {
    const body = wireBody({ messages: [{ role: 'system', content: 'Say hi' }], presence_penalty: 0, frequency_penalty: 0.5 });
    assert.deepEqual(body.contents, [{ role: 'user', parts: [{ text: 'Say hi' }] }]);
    assert.equal(body.systemInstruction, undefined);
    assert.deepEqual(body.generationConfig, { frequencyPenalty: 0.5 });
  });

  it('reasoning_effort: Gemini 3 gets a thinking level, 2.5 a budget, none switches 2.5 thinking off', () => {
    assert.deepEqual(wireBody({ reasoning_effort: 'high' }, { model: 'gemini-3-pro-preview' }).generationConfig, { thinkingConfig: { includeThoughts: true, thinkingLevel: 'high' } });
    assert.deepEqual(wireBody({ reasoning_effort: 'medium' }).generationConfig, { thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 } });
    assert.deepEqual(wireBody({ reasoning_effort: 'none' }).generationConfig, { thinkingConfig: { thinkingBudget: 0 } });
    assert.equal(wireBody({}).generationConfig, undefined);
  });
});

describe('response decoding', () => {
  it('thought parts become reasoning_content; parallel calls get distinct ids', () => {
    const c = decode({
      candidates: [{ content: { role: 'model', parts: [{ text: 'hmm', thought: true }, { functionCall: { name: 'a', args: { x: 1 } } }, { functionCall: { name: 'a' } }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, thoughtsTokenCount: 5, totalTokenCount: 12, cachedContentTokenCount: 2 },
    });
    const message = c.choices[0]!.message;
    assert.equal(message.reasoning_content, 'hmm');
    assert.equal(message.content, null);
    assert.equal(c.choices[0]!.finish_reason, 'tool_calls');
    assert.deepEqual(message.tool_calls!.map((t) => [t.function.name, t.function.arguments]), [['a', '{"x":1}'], ['a', '{}']]);
    assert.notEqual(message.tool_calls![0]!.id, message.tool_calls![1]!.id);
    assert.deepEqual(c.usage, { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12, prompt_tokens_details: { cached_tokens: 2 }, completion_tokens_details: { reasoning_tokens: 5 } });
  });

  it('a blocked prompt is an empty content_filter answer; a safety stop keeps what was said', () => {
    const blocked = decode({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 } });
    assert.equal(blocked.choices[0]!.finish_reason, 'content_filter');
    assert.equal(blocked.choices[0]!.message.content, null);
    const safety = decode({ candidates: [{ content: { parts: [{ text: 'partial' }] }, finishReason: 'SAFETY' }] });
    assert.equal(safety.choices[0]!.finish_reason, 'content_filter');
    assert.equal(safety.choices[0]!.message.content, 'partial');
  });

  it('finish reasons', () => {
    assert.equal(toFinishReason('STOP', false), 'stop');
    assert.equal(toFinishReason('STOP', true), 'tool_calls');
    assert.equal(toFinishReason('MAX_TOKENS', true), 'length');
    for (const r of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']) assert.equal(toFinishReason(r, false), 'content_filter');
    assert.equal(toFinishReason('MALFORMED_FUNCTION_CALL', false), 'stop');
    assert.equal(toFinishReason('SOMETHING_NEW', false), 'stop');
  });

  it('not JSON, no candidates, or an error object are classified failures', () => {
    const notJson = geminiDialect.chat!.decodeChatResponse(Buffer.from('{"candidates": ['), fakeCtx());
    assert.ok(ProviderError.is(notJson) && notJson.code === 'malformed_response' && notJson.errorClass === 'transient');
    const empty = geminiDialect.chat!.decodeChatResponse(Buffer.from('{}'), fakeCtx());
    assert.ok(ProviderError.is(empty) && empty.code === 'malformed_response');
    const error = geminiDialect.chat!.decodeChatResponse(Buffer.from('{"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}'), fakeCtx());
    assert.ok(ProviderError.is(error) && error.errorClass === 'transient' && error.status === 503);
  });
});

describe('stream translation', () => {
  const sse = (...chunks: unknown[]) => chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('');
  const text = (t: string, extra: Record<string, unknown> = {}) => ({ candidates: [{ content: { role: 'model', parts: [{ text: t }] }, ...extra }] });

  it('the role frame does not commit; text does; usage chunk only with includeUsage; done at the end', () => {
    const body = sse(text('Hi'), text(' there', { finishReason: 'STOP' }), { usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 2, totalTokenCount: 3 } });
    const plain = runStream(body, fakeCtx({}, { stream: true }));
    assert.deepEqual(plain.flags, [false, true, true, true]);
    assert.equal(plain.text, 'Hi there');
    assert.equal(plain.finish, 'stop');
    assert.equal(plain.usage?.total_tokens, 3);
    assert.ok(plain.done);
    const withUsage = runStream(body, fakeCtx({}, { stream: true, includeUsage: true }));
    assert.deepEqual(withUsage.chunks.at(-1).choices, []);
    assert.equal(withUsage.chunks.at(-1).usage.total_tokens, 3);
  });

  it('two candidates stream as two choices; the answer is complete only when both finished', () => {
    const both = (t: string, finish?: string) => ({ candidates: [0, 1].map((index) => ({ index, content: { parts: [{ text: `${t}${index}` }] }, ...(finish ? { finishReason: finish } : {}) })) });
    const done = runStream(sse(both('a'), both('b', 'STOP')), fakeCtx({}, { stream: true }));
    assert.ok(done.done);
    assert.deepEqual(new Set(done.chunks.map((c) => c.choices[0]?.index)), new Set([0, 1]));
    const half = runStream(sse(both('a'), { candidates: [{ index: 0, content: { parts: [{ text: 'x' }] }, finishReason: 'STOP' }] }), fakeCtx({}, { stream: true }));
    assert.equal(half.error?.code, 'truncated_stream');
  });

  it('a blocked prompt in a stream finishes with content_filter', () => {
    const got = runStream(sse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 } }), fakeCtx({}, { stream: true }));
    assert.equal(got.finish, 'content_filter');
    assert.ok(got.done);
  });

  it('an error event is classified; a non-JSON event is malformed', () => {
    const overloaded = runStream(sse(text('Hi'), { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }), fakeCtx({}, { stream: true }));
    assert.equal(overloaded.error?.errorClass, 'transient');
    assert.equal(overloaded.error?.status, 503);
    const limited = runStream(sse({ error: { code: 429, message: 'Resource exhausted', status: 'RESOURCE_EXHAUSTED' } }), fakeCtx({}, { stream: true }));
    assert.equal(limited.error?.errorClass, 'rate_limited');
    const junk = runStream('data: {"candidates": [oops\n\n', fakeCtx({}, { stream: true }));
    assert.equal(junk.error?.code, 'malformed_response');
  });

  it('Vertex partial arguments: nested paths, numbers, booleans, a new call closing the open one', () => {
    const call = (fc: Record<string, unknown>, finish?: string) => ({ candidates: [{ content: { parts: [{ functionCall: fc }] }, ...(finish ? { finishReason: finish } : {}) }] });
    const got = runStream(sse(
      call({ name: 'plan', willContinue: true }),
      call({ partialArgs: [{ jsonPath: '$.trip.city', stringValue: 'Ro', willContinue: true }], willContinue: true }),
      call({ partialArgs: [{ jsonPath: '$.trip.city', stringValue: 'me' }, { jsonPath: '$.days', numberValue: 3 }, { jsonPath: "$['with space'][1]", boolValue: true }], willContinue: true }),
      call({ name: 'second', args: { ok: 1 } }, 'STOP'),
    ), fakeCtx({}, { stream: true }));
    assert.equal(got.error, undefined);
    assert.equal(got.finish, 'tool_calls');
    assert.deepEqual(JSON.parse(got.calls.get(0)!.args), { trip: { city: 'Rome' }, days: 3, 'with space': [null, true] });
    assert.deepEqual(JSON.parse(got.calls.get(1)!.args), { ok: 1 });
    assert.ok(got.calls.get(0)!.nameInFirst && got.calls.get(1)!.nameInFirst);
  });

  it('JSON paths and the prototype guard', () => {
    assert.deepEqual(parsePath('$.a.b[2]["c d"]'), ['a', 'b', 2, 'c d']);
    assert.equal(parsePath('a.b'), undefined);
    const args = new PartialArgs();
    args.apply([{ jsonPath: '$.__proto__.polluted', stringValue: 'yes' }, { jsonPath: '$.n', nullValue: 'NULL_VALUE' }]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(args.json(), '{"n":null}');
  });
});

describe('error classification', () => {
  it('the recorded 429 (per-minute free tier) is rate_limited, retry after RetryInfo.retryDelay', () => {
    const error = classify(429, readFixture('google-429-retry-info.json'));
    assert.equal(error.errorClass, 'rate_limited');
    assert.equal(error.retryAfterMs, 34_400);
    assert.equal(error.code, 'RESOURCE_EXHAUSTED');
  });

  it('a per-day quota or a zero limit is quota; a Retry-After header wins over RetryInfo', () => {
    const daily = { error: { code: 429, message: 'x', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] }, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '20s' }] } };
    assert.equal(classify(429, daily).errorClass, 'quota');
    const zero = { error: { code: 429, message: 'Quota exceeded for metric: generate_content_free_tier_requests, limit: 0, model: gemini-2.5-pro', status: 'RESOURCE_EXHAUSTED' } };
    assert.equal(classify(429, zero).errorClass, 'quota');
    assert.equal(classify(429, daily, { 'retry-after': '3' }).retryAfterMs, 3000);
  });

  it('keys, permissions, preconditions, models, servers', () => {
    const rpc = (code: number, status: string, message: string, details?: unknown[]) => ({ error: { code, message, status, ...(details ? { details } : {}) } });
    const badKey = rpc(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }]);
    assert.equal(classify(400, badKey).errorClass, 'auth');
    assert.equal(classify(400, badKey).code, 'API_KEY_INVALID');
    assert.equal(classify(403, rpc(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers")).errorClass, 'auth');
    assert.equal(classify(403, rpc(403, 'PERMISSION_DENIED', 'Billing is disabled', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'BILLING_DISABLED' }])).errorClass, 'quota');
    assert.equal(classify(400, rpc(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.')).errorClass, 'auth');
    assert.equal(classify(400, rpc(400, 'FAILED_PRECONDITION', 'Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.')).errorClass, 'quota');
    assert.equal(classify(404, rpc(404, 'NOT_FOUND', 'models/x is not found')).errorClass, 'model_unavailable');
    assert.equal(classify(400, rpc(400, 'INVALID_ARGUMENT', 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).')).errorClass, 'context_length');
    assert.equal(classify(400, rpc(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "x": Cannot find field.')).errorClass, 'invalid_request');
    for (const [code, status] of [[500, 'INTERNAL'], [503, 'UNAVAILABLE'], [504, 'DEADLINE_EXCEEDED']] as const) {
      assert.equal(classify(code, rpc(code, status, 'x')).errorClass, 'transient');
    }
    assert.equal(classify(502, '<html>Bad Gateway</html>').errorClass, 'transient');
  });
});
