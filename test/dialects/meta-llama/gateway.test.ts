/**
 * Meta's Llama API (native wire) through the gateway, with the official `openai` client as the caller:
 * translation both ways, whole and streamed, tools, images, JSON mode, usage, and each error class.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startMetaLlamaSimulator, type MetaLlamaSimulator } from '../../../simulators/meta-llama/index.js';
import type { Fault } from '../../../simulators/openai-compatible/types.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { collect, words } from '../../simulators/sim-helpers.js';
import { assertUpstreamError } from '../upstream-error-check.js';

let sim: MetaLlamaSimulator;
let gw: RunningGateway;
let client: OpenAI;
const env = () => ({ LLAMA_API_KEY: 'test-key', META_BASE_URL: sim.baseUrl });

before(async () => {
  sim = await startMetaLlamaSimulator();
  gw = await startTestGateway({ env: env() });
  client = new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 });
});
after(async () => {
  await gw.close();
  await sim.close();
});

const UPSTREAM = 'Llama-3.3-70B-Instruct';
const MODEL = `meta/${UPSTREAM}`;
const USER = 'What is the weather in Paris today';
const TEXT = `Hello from meta (${UPSTREAM}): ${USER}`;
const MESSAGES = [{ role: 'system' as const, content: 'Be brief' }, { role: 'user' as const, content: USER }];
const TOOLS = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { input: { type: 'string' } } } } }];
const last = () => sim.requests().at(-1)!;

describe('meta (Llama API) through the gateway', () => {
  it('answers text, with usage from metrics, and translates the request', async () => {
    const { data, response } = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, max_tokens: 64, temperature: 0.3, top_p: 0.8, stop: ['END'], user: 'u-1' }).withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.choices[0]!.message.content, TEXT);
    assert.equal(data.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(data.usage, { prompt_tokens: 9, completion_tokens: words(TEXT), total_tokens: 9 + words(TEXT) });
    assert.equal(response.headers.get('x-wai-provider'), 'meta');
    assert.equal(response.headers.get('x-wai-level'), '1');
    assert.equal(response.headers.get('x-wai-attempts'), '1');
    const req = last();
    assert.equal(req.path, '/v1/chat/completions');
    assert.equal(req.headers.authorization, '***');
    // The native body: max_tokens renamed, fields Llama lacks (stop, user) left out.
    assert.deepEqual(req.body, { model: UPSTREAM, messages: MESSAGES, max_completion_tokens: 64, temperature: 0.3, top_p: 0.8 });
  });

  it('streams the same text with Accept: text/event-stream, and usage when asked', async () => {
    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }));
    assert.equal(got.content, TEXT);
    assert.equal(got.finish, 'stop');
    assert.equal(got.chunks[0].choices[0].delta.role, 'assistant');
    assert.deepEqual(got.chunks.at(-1).usage, { prompt_tokens: 9, completion_tokens: words(TEXT), total_tokens: 9 + words(TEXT) });
    assert.equal(last().headers.accept, 'text/event-stream');
    assert.equal((last().body as Record<string, unknown>).stream, true);
    const plain = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }));
    assert.ok(plain.chunks.every((c) => !c.usage), 'no usage chunk unless asked');
  });

  it('runs a tool-call round trip, whole and streamed', async () => {
    const first = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: 'auto' });
    const choice = first.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    const call = choice.message.tool_calls![0]!;
    assert.ok(call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { input: USER });
    const sent = last().body as Record<string, any>;
    assert.deepEqual(sent.tools, TOOLS);
    assert.equal(sent.tool_choice, 'auto');

    const streamed = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, stream: true }));
    assert.equal(streamed.finish, 'tool_calls');
    const piece = streamed.calls.get(0)!;
    assert.equal(piece.name, 'get_weather');
    assert.equal(piece.type, 'function');
    assert.ok(piece.id);
    assert.equal(piece.args, call.function.arguments);

    const second = await client.chat.completions.create({
      model: MODEL, tools: TOOLS,
      messages: [...MESSAGES, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 21C' }],
    });
    assert.equal(second.choices[0]!.message.content, 'Tool said: sunny, 21C');
    const history = (last().body as Record<string, any>).messages;
    assert.deepEqual(history[2], { role: 'assistant', content: '', tool_calls: [{ id: call.id, function: { name: 'get_weather', arguments: call.function.arguments } }], stop_reason: 'tool_calls' });
    assert.deepEqual(history[3], { role: 'tool', tool_call_id: call.id, content: 'sunny, 21C' });
  });

  it('passes image inputs as image_url items (to a Llama 4 model, which takes images)', async () => {
    const url = 'data:image/png;base64,iVBORw0KGgo=';
    const vision = 'Llama-4-Maverick-17B-128E-Instruct-FP8';
    const r = await client.chat.completions.create({ model: `meta/${vision}`, messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image_url', image_url: { url, detail: 'low' } }] }] });
    assert.equal(r.choices[0]!.message.content, `Hello from meta (${vision}): Describe (saw 1 image(s))`);
    assert.deepEqual((last().body as Record<string, any>).messages[0].content[1], { type: 'image_url', image_url: { url } });
  });

  it('turns json_object mode into a json_schema response format', async () => {
    const r = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, response_format: { type: 'json_object' } });
    assert.deepEqual(JSON.parse(r.choices[0]!.message.content!), { answer: TEXT });
    assert.deepEqual((last().body as Record<string, any>).response_format, { type: 'json_schema', json_schema: { name: 'json_object', schema: { type: 'object' } } });
  });
});

describe('meta error classes through the gateway', () => {
  const withFresh = async (fault: Fault, run: (caller: OpenAI) => Promise<void>) => {
    const fresh = await startTestGateway({ env: env() });
    sim.setDefault('meta', fault);
    try {
      await run(new OpenAI({ apiKey: 'x', baseURL: fresh.url + '/v1', maxRetries: 0 }));
    } finally {
      sim.setDefault('meta', null);
      await fresh.close();
    }
  };
  const expectError = (fault: Fault, status: number, errorClass: string, check?: (e: InstanceType<typeof OpenAI.APIError>) => void) =>
    withFresh(fault, (caller) => assert.rejects(caller.chat.completions.create({ model: MODEL, messages: MESSAGES }), (e: unknown) => {
      assertUpstreamError(e, 'meta', errorClass, status);
      check?.(e as InstanceType<typeof OpenAI.APIError>);
      return true;
    }));

  it('auth', () => expectError({ status: 401 }, 401, 'auth'));
  it('quota', () => expectError({ status: 402 }, 402, 'quota'));
  it('rate_limited with retry-after', () => expectError({ status: 429 }, 429, 'rate_limited', (e) => assert.equal(e.headers?.get('retry-after'), '1')));
  it('model_unavailable', () => expectError({ status: 404 }, 404, 'model_unavailable'));
  it('invalid_request', () => expectError({ status: 400 }, 400, 'invalid_request'));
  it('context_length', () => expectError({ errorCode: 'context_length_exceeded' }, 400, 'context_length'));
  it('transient 5xx (retried on the same target first)', () => expectError({ status: 500 }, 500, 'transient'));

  it('an in-stream error after content ends the stream with an error event', () =>
    withFresh({ streamError: { afterChunks: 3, message: 'Llama backend failed' } }, async (caller) => {
      const stream = await caller.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true });
      await assert.rejects(collect(stream), /Llama backend failed/);
    }));

  it('a stream that ends before its complete event is a truncated stream', () =>
    withFresh({ truncate: true }, async (caller) => {
      const stream = await caller.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true });
      await assert.rejects(collect(stream), /complete event/);
    }));

  it('a malformed whole body is transient', () =>
    withFresh({ malformed: true }, (caller) => assert.rejects(caller.chat.completions.create({ model: MODEL, messages: MESSAGES }), (e: unknown) => {
      const body = assertUpstreamError(e, 'meta', 'transient', undefined);
      for (const a of body.attempts) assert.equal(a.code, 'malformed_response');
      return true;
    })));
});
