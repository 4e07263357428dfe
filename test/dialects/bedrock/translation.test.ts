/** Unit checks of the Bedrock translation: request body, response mapping, stream edge cases, error classes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../../../src/types/chat.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import { ProviderRuntime } from '../../../src/providers/runtime.js';
import { Secret } from '../../../src/internal/secret.js';
import { bedrockDialect } from '../../../src/dialects/bedrock/index.js';
import { toConverseBody, conversePath } from '../../../src/dialects/bedrock/request.js';
import { signingRegion, usesSigV4 } from '../../../src/dialects/bedrock/auth.js';
import { eventFrame, exceptionFrame } from '../../../simulators/bedrock/frames.js';
import { ENTRY, MODEL, fakeCtx, translate } from './helpers.js';

const req = (r: Partial<ChatRequest>): ChatRequest => ({ model: 'x', messages: [{ role: 'user', content: 'hi' }], ...r });

describe('bedrock request translation', () => {
  it('merges same-role turns, moves system and developer text, maps tool calls and results', () => {
    const body = toConverseBody(req({
      messages: [
        { role: 'system', content: 'S1' },
        { role: 'developer', content: [{ type: 'text', text: 'S2' }] },
        { role: 'user', content: 'q1' },
        { role: 'user', content: 'q2' },
        { role: 'assistant', content: null, tool_calls: [
          { id: 'call:1', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
          { id: 'call_2', type: 'function', function: { name: 'b', arguments: '' } },
        ] },
        { role: 'tool', tool_call_id: 'call:1', content: 'r1' },
        { role: 'tool', tool_call_id: 'call_2', content: '' },
      ],
      tools: [{ type: 'function', function: { name: 'a' } }, { type: 'function', function: { name: 'b', parameters: { type: 'object' } } }],
    }), MODEL);
    assert.deepEqual(body.system, [{ text: 'S1' }, { text: 'S2' }]);
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ text: 'q1' }, { text: 'q2' }] },
      { role: 'assistant', content: [
        { toolUse: { toolUseId: 'call_1', name: 'a', input: { x: 1 } } },
        { toolUse: { toolUseId: 'call_2', name: 'b', input: {} } },
      ] },
      { role: 'user', content: [
        { toolResult: { toolUseId: 'call_1', content: [{ text: 'r1' }] } },
        { toolResult: { toolUseId: 'call_2', content: [{ text: '(empty result)' }] } },
      ] },
    ]);
    assert.deepEqual(body.toolConfig?.tools[0], { toolSpec: { name: 'a', inputSchema: { json: { type: 'object', properties: {} } } } });
    assert.equal(body.toolConfig?.toolChoice, undefined);
  });

  it('tool_choice: required → any, a named function → tool, none → no toolConfig', () => {
    const tools = [{ type: 'function' as const, function: { name: 'f' } }];
    assert.deepEqual(toConverseBody(req({ tools, tool_choice: 'required' }), MODEL).toolConfig?.toolChoice, { any: {} });
    assert.deepEqual(toConverseBody(req({ tools, tool_choice: { type: 'function', function: { name: 'f' } } }), MODEL).toolConfig?.toolChoice, { tool: { name: 'f' } });
    assert.equal(toConverseBody(req({ tools, tool_choice: 'none' }), MODEL).toolConfig, undefined);
  });

  it('a tool history without tools in the request goes as text (Converse rejects tool blocks without a toolConfig)', () => {
    const body = toConverseBody(req({ messages: [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'done' },
    ] }), MODEL);
    assert.equal(body.toolConfig, undefined);
    assert.deepEqual(body.messages[1], { role: 'assistant', content: [{ text: '[called tool f with {}]' }] });
    assert.deepEqual(body.messages[2], { role: 'user', content: [{ text: '[tool result] done' }] });
  });

  it('max_completion_tokens wins over max_tokens; a string stop becomes a list; unsupported fields stay out', () => {
    const body = toConverseBody(req({ max_tokens: 10, max_completion_tokens: 20, stop: 'X', seed: 1, presence_penalty: 0.5 }), MODEL);
    assert.deepEqual(body.inferenceConfig, { maxTokens: 20, stopSequences: ['X'] });
    assert.deepEqual(Object.keys(body).sort(), ['inferenceConfig', 'messages']);
  });

  it('json_schema mode: the schema becomes the forced tool for Claude, the system instruction for others', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const format = { type: 'json_schema' as const, json_schema: { name: 'city', schema } };
    const claude = toConverseBody(req({ response_format: format }), MODEL);
    assert.deepEqual(claude.toolConfig?.tools[0]?.toolSpec.inputSchema.json, schema);
    assert.deepEqual(claude.toolConfig?.toolChoice, { tool: { name: 'json_response' } });
    const llama = toConverseBody(req({ response_format: format }), 'meta.llama3-1-70b-instruct-v1:0');
    assert.equal(llama.toolConfig, undefined);
    assert.match(llama.system![0]!.text, /"city"/);
    // With the caller's own tools, Claude gets the instruction too, so its tools stay callable.
    const withTools = toConverseBody(req({ response_format: format, tools: [{ type: 'function', function: { name: 'f' } }] }), MODEL);
    assert.deepEqual(withTools.toolConfig?.tools.map((t) => t.toolSpec.name), ['f']);
    assert.match(withTools.system![0]!.text, /JSON/);
  });

  it('images: data URLs of png/jpeg/gif/webp only; other content is refused with a class the engine can act on', async () => {
    const image = (url: string) => req({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] });
    assert.deepEqual(toConverseBody(image('data:image/jpeg;base64,AAAA'), MODEL).messages[0]!.content[0], { image: { format: 'jpeg', source: { bytes: 'AAAA' } } });
    for (const [request, errorClass] of [
      [image('http://example.com/a.png'), 'invalid_request'],
      [image('data:image/bmp;base64,AAAA'), 'invalid_request'],
      [req({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] }), 'unsupported'],
      [req({ n: 2 }), 'unsupported'],
    ] as const) {
      await assert.rejects(Promise.resolve(bedrockDialect.chat!.buildChatRequest(fakeCtx(request))), (e: unknown) => ProviderError.is(e) && e.errorClass === errorClass);
    }
  });

  it('the model id is one percent-encoded path segment (ARNs included)', () => {
    assert.equal(conversePath('', '/model', 'amazon.nova-pro-v1:0', false), '/model/amazon.nova-pro-v1%3A0/converse');
    assert.equal(conversePath('/base', '/model', 'arn:aws:bedrock:us-east-1:1:inference-profile/us.x-v1:0', true),
      '/base/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fus.x-v1%3A0/converse-stream');
  });

  it('credentials: Bearer for an API key, SigV4 for an access key id; region from settings, host, or us-east-1', async () => {
    const bearer = fakeCtx();
    assert.equal(usesSigV4(bearer.provider), false);
    const wire = await bedrockDialect.chat!.buildChatRequest(bearer);
    assert.equal(wire.headers.authorization, 'Bearer test-key');
    const iam = new ProviderRuntime(ENTRY, new Secret('AKIAX', 'AWS_ACCESS_KEY_ID'), 'https://bedrock-runtime.ap-south-1.amazonaws.com', { secretAccessKey: 's' });
    assert.equal(usesSigV4(iam), true);
    assert.equal(signingRegion(iam), 'ap-south-1');
    const signed = await bedrockDialect.chat!.buildChatRequest({ ...fakeCtx(), provider: iam });
    assert.match(signed.headers.authorization!, /^AWS4-HMAC-SHA256 Credential=AKIAX\/\d{8}\/ap-south-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/);
    assert.equal(signingRegion(new ProviderRuntime(ENTRY, undefined, 'http://127.0.0.1:1', { region: 'eu-central-1' })), 'eu-central-1');
    assert.equal(signingRegion(new ProviderRuntime(ENTRY, undefined, 'http://127.0.0.1:1')), 'us-east-1');
  });
});

describe('bedrock response and stream mapping', () => {
  it('stop reasons map to OpenAI finish reasons; cache tokens count into the prompt', () => {
    const decode = (stopReason: string, usage: object = { inputTokens: 1, outputTokens: 2, totalTokens: 3 }) => {
      const out = bedrockDialect.chat!.decodeChatResponse(Buffer.from(JSON.stringify({ output: { message: { role: 'assistant', content: [{ text: 'x' }] } }, stopReason, usage })), fakeCtx());
      assert.ok(!ProviderError.is(out));
      return out.completion;
    };
    assert.equal(decode('max_tokens').choices[0]!.finish_reason, 'length');
    assert.equal(decode('stop_sequence').choices[0]!.finish_reason, 'stop');
    assert.equal(decode('guardrail_intervened').choices[0]!.finish_reason, 'content_filter');
    assert.equal(decode('content_filtered').choices[0]!.finish_reason, 'content_filter');
    const usage = decode('end_turn', { inputTokens: 5, cacheReadInputTokens: 100, cacheWriteInputTokens: 10, outputTokens: 7, totalTokens: 122 }).usage!;
    assert.deepEqual(usage, { prompt_tokens: 115, completion_tokens: 7, total_tokens: 122, prompt_tokens_details: { cached_tokens: 100 } });
    const bad = bedrockDialect.chat!.decodeChatResponse(Buffer.from('{"output":'), fakeCtx());
    assert.ok(ProviderError.is(bad) && bad.errorClass === 'transient' && bad.code === 'malformed_response');
  });

  it('the role chunk is not content; text, tool and finish chunks are', () => {
    const wire = Buffer.concat([
      eventFrame('messageStart', { role: 'assistant' }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }),
      eventFrame('messageStop', { stopReason: 'end_turn' }),
      eventFrame('metadata', { usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } }),
    ]);
    const got = translate(wire);
    assert.deepEqual(got.flags, [false, true, true]);
    assert.equal(got.done, true);
    assert.equal(got.usage?.total_tokens, 2);
    assert.equal(got.chunks[0].choices[0].delta.role, 'assistant');
    assert.equal(got.chunks[0].id, 'chatcmpl-req-test');
  });

  it('a messageStop with no metadata after it completes when the body ends', () => {
    const got = translate(Buffer.concat([eventFrame('messageStart', { role: 'assistant' }), eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'x' } }), eventFrame('messageStop', { stopReason: 'max_tokens' })]));
    assert.equal(got.done, true);
    assert.equal(got.finish, 'length');
    assert.equal(got.usage, undefined);
  });

  it('exception frames become classified errors with the status they stand for', () => {
    const cases = [
      ['throttlingException', 'rate_limited', 429],
      ['validationException', 'invalid_request', 400],
      ['modelStreamErrorException', 'transient', 424],
      ['internalServerException', 'transient', 500],
      ['serviceUnavailableException', 'transient', 503],
    ] as const;
    for (const [type, errorClass, status] of cases) {
      const got = translate(Buffer.concat([eventFrame('messageStart', { role: 'assistant' }), exceptionFrame(type, 'boom')]));
      assert.equal(got.error?.errorClass, errorClass, type);
      assert.equal(got.error?.status, status);
      assert.equal(got.done, false);
    }
    const long = translate(exceptionFrame('validationException', 'Input is too long for requested model.'));
    assert.equal(long.error?.errorClass, 'context_length');
  });
});

describe('bedrock error classification', () => {
  const classify = (status: number, type: string | undefined, body: object) =>
    bedrockDialect.chat!.classifyError(status, type ? { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` } : {}, JSON.stringify(body), fakeCtx());

  it('the exception name decides, the message refines, the status is the fallback', () => {
    const cases: Array<[number, string | undefined, object, string]> = [
      [400, 'ValidationException', { message: 'Malformed input request' }, 'invalid_request'],
      [400, 'ValidationException', { message: 'prompt is too long: 210000 tokens > 200000 maximum' }, 'context_length'],
      [400, 'ValidationException', { message: 'The provided model identifier is invalid.' }, 'model_unavailable'],
      [400, 'ValidationException', { message: "Invocation of model ID x with on-demand throughput isn't supported." }, 'model_unavailable'],
      [400, 'ServiceQuotaExceededException', { message: 'quota' }, 'quota'],
      [403, 'AccessDeniedException', { message: 'User is not authorized' }, 'auth'],
      [403, 'AccessDeniedException', { message: "You don't have access to the model with the specified model ID." }, 'model_unavailable'],
      [403, 'UnrecognizedClientException', { message: 'The security token included in the request is invalid.' }, 'auth'],
      [403, undefined, { Message: 'Authentication failed: Please make sure your API Key is valid.' }, 'auth'],
      [404, 'ResourceNotFoundException', { message: 'x' }, 'model_unavailable'],
      [408, 'ModelTimeoutException', { message: 'x' }, 'transient'],
      [424, 'ModelErrorException', { message: 'x' }, 'transient'],
      [429, 'ThrottlingException', { message: 'Too many requests' }, 'rate_limited'],
      [429, 'ModelNotReadyException', { message: 'x' }, 'transient'],
      [500, 'InternalServerException', { message: 'x' }, 'transient'],
      [503, 'ServiceUnavailableException', { message: 'x' }, 'transient'],
      [502, undefined, {}, 'transient'],
    ];
    for (const [status, type, body, want] of cases) {
      const e = classify(status, type, body);
      assert.equal(e.errorClass, want, `${status} ${type} ${JSON.stringify(body)}`);
      assert.equal(e.status, status);
    }
    assert.equal(classify(403, undefined, { Message: 'Authentication failed: Please make sure your API Key is valid.' }).message, 'Authentication failed: Please make sure your API Key is valid.');
    assert.equal(classify(429, 'ThrottlingException', { message: 'x' }).code, 'ThrottlingException');
  });
});
