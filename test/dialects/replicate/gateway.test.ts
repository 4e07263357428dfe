/**
 * Replicate through the gateway, with the official `openai` client as the caller: a chat request becomes a
 * prediction (created with Prefer: wait, polled, or streamed from urls.stream) and comes back as an OpenAI answer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startReplicateSimulator, type ReplicateSimulator, type ReplicateFault } from '../../../simulators/replicate/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { collect, words } from '../../simulators/sim-helpers.js';
import { assertUpstreamError } from '../upstream-error-check.js';

let sim: ReplicateSimulator;
let gw: RunningGateway;
let client: OpenAI;
const env = () => ({ REPLICATE_API_TOKEN: 'test-key', REPLICATE_BASE_URL: sim.baseUrl });

before(async () => {
  sim = await startReplicateSimulator();
  gw = await startTestGateway({ env: env() });
  client = new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 });
});
after(async () => {
  await gw.close();
  await sim.close();
});

const UPSTREAM = 'meta/meta-llama-3-70b-instruct';
const MODEL = `replicate/${UPSTREAM}`;
const USER = 'What is the weather in Paris today';
const TEXT = `Hello from replicate (${UPSTREAM}): ${USER}`;
const MESSAGES = [{ role: 'system' as const, content: 'Be brief' }, { role: 'user' as const, content: USER }];
const USAGE = { prompt_tokens: 9, completion_tokens: words(TEXT), total_tokens: 9 + words(TEXT) };

describe('replicate through the gateway', () => {
  it('answers a whole completion from a prediction created with Prefer: wait', async () => {
    sim.reset();
    const { data, response } = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, max_tokens: 64, temperature: 0.4, top_p: 0.9, stop: ['END', 'STOP'] }).withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.choices[0]!.message.content, TEXT);
    assert.equal(data.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(data.usage, USAGE);
    assert.equal(response.headers.get('x-wai-provider'), 'replicate');
    assert.equal(response.headers.get('x-wai-level'), '1');
    assert.equal(response.headers.get('x-wai-attempts'), '1');
    const [create] = sim.requests();
    assert.equal(create!.path, `/v1/models/${UPSTREAM}/predictions`);
    assert.equal(create!.headers.prefer, 'wait=55');
    assert.equal(create!.headers.authorization, '***');
    assert.deepEqual(create!.body, { input: { prompt: USER, system_prompt: 'Be brief', max_tokens: 64, temperature: 0.4, top_p: 0.9, stop_sequences: 'END,STOP' } });
    assert.equal(sim.requests().length, 1, 'a finished prediction needs no poll');
  });

  it('polls an unfinished prediction until it succeeds', async () => {
    sim.reset();
    sim.enqueue('replicate', { pendingReads: 2 });
    const r = await client.chat.completions.create({ model: MODEL, messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, TEXT);
    const polls = sim.requests().filter((q) => q.method === 'GET');
    assert.equal(polls.length, 3);
    assert.match(polls[0]!.path, /^\/v1\/predictions\/[a-z0-9]+$/);
  });

  it('says length when the output reached max_tokens', async () => {
    const r = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, max_tokens: words(TEXT) });
    assert.equal(r.choices[0]!.finish_reason, 'length');
  });

  it('streams from urls.stream, then reads the finished prediction for usage', async () => {
    sim.reset();
    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }));
    assert.equal(got.content, TEXT);
    assert.equal(got.finish, 'stop');
    assert.equal(got.chunks[0].choices[0].delta.role, 'assistant');
    assert.deepEqual(got.chunks.at(-1).usage, USAGE);
    const [create, stream, final] = sim.requests();
    assert.equal((create!.body as Record<string, unknown>).stream, true);
    assert.equal(create!.headers.prefer, undefined);
    assert.match(stream!.path, /^\/stream\/v1\/predictions\//);
    assert.equal(stream!.headers.accept, 'text/event-stream');
    assert.match(final!.path, /^\/v1\/predictions\//);
    const plain = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }));
    assert.equal(plain.content, TEXT);
    assert.ok(plain.chunks.every((c) => !c.usage));
  });

  it('replays the whole answer as a stream when the model gives no stream URL', async () => {
    sim.enqueue('replicate', { noStream: true });
    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }));
    assert.equal(got.content, TEXT);
    assert.deepEqual(got.chunks.at(-1).usage, USAGE);
  });

  it('renders a multi-turn conversation with the Llama 3 template', async () => {
    sim.reset();
    const r = await client.chat.completions.create({
      model: MODEL,
      messages: [...MESSAGES, { role: 'assistant', content: 'Sunny.' }, { role: 'user', content: 'And tomorrow?' }],
    });
    assert.equal(r.choices[0]!.message.content, `Hello from replicate (${UPSTREAM}): And tomorrow?`);
    const input = (sim.requests()[0]!.body as { input: Record<string, string> }).input;
    assert.equal(input.system_prompt, 'Be brief');
    assert.equal(input.prompt, `<|start_header_id|>user<|end_header_id|>\n\n${USER}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nSunny.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nAnd tomorrow?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`);
    assert.match(input.prompt_template!, /^<\|begin_of_text\|><\|start_header_id\|>system<\|end_header_id\|>\n\n\{system_prompt\}<\|eot_id\|>\{prompt\}$/);
  });

  it('renders a multi-turn conversation as a transcript for other models', async () => {
    sim.reset();
    const other = 'mistralai/mixtral-8x7b-instruct-v0.1';
    const r = await client.chat.completions.create({ model: `replicate/${other}`, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello.' }, { role: 'user', content: 'Bye' }] });
    assert.equal(r.choices[0]!.message.content, `Hello from replicate (${other}): Bye`);
    assert.equal((sim.requests()[0]!.body as { input: Record<string, string> }).input.prompt, 'User: Hi\n\nAssistant: Hello.\n\nUser: Bye\n\nAssistant:');
  });
});

describe('replicate error classes through the gateway', () => {
  const withFresh = async (fault: ReplicateFault | null, run: (caller: OpenAI) => Promise<void>) => {
    const fresh = await startTestGateway({ env: env() });
    sim.setDefault('replicate', fault);
    try {
      await run(new OpenAI({ apiKey: 'x', baseURL: fresh.url + '/v1', maxRetries: 0 }));
    } finally {
      sim.setDefault('replicate', null);
      await fresh.close();
    }
  };
  const check = (status: number | undefined, errorClass: string, more?: (e: InstanceType<typeof OpenAI.APIError>, body: Record<string, any>) => void) => (e: unknown) => {
    const body = assertUpstreamError(e, 'replicate', errorClass, status);
    more?.(e as InstanceType<typeof OpenAI.APIError>, body);
    return true;
  };
  const expectError = (fault: ReplicateFault | null, status: number | undefined, errorClass: string, more?: Parameters<typeof check>[2], request: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) =>
    withFresh(fault, (caller) => assert.rejects(caller.chat.completions.create({ model: MODEL, messages: MESSAGES, ...request }), check(status, errorClass, more)));

  it('auth', () => expectError({ status: 401 }, 401, 'auth', (e) => assert.equal(e.code, 'Unauthenticated')));
  it('quota (402 insufficient credit)', () => expectError({ status: 402 }, 402, 'quota'));
  it('rate_limited with retry-after', () => expectError({ status: 429 }, 429, 'rate_limited', (e) => assert.equal(e.headers?.get('retry-after'), '1')));
  it('model_unavailable', () => expectError(null, 404, 'model_unavailable', undefined, { model: 'replicate/meta/does-not-exist' }));
  it('invalid_request (422)', () => expectError({ status: 422 }, 422, 'invalid_request'));
  it('transient 5xx (retried on the same target first)', () => expectError({ status: 500 }, 500, 'transient'));
  it('a failed prediction is transient, never a success', () => expectError({ fail: 'CUDA out of memory' }, undefined, 'transient', (_e, body) => assert.equal(body.attempts[0].code, 'prediction_failed')));
  it('a failed prediction that blames the input is invalid_request', () => expectError({ fail: 'Prompt is too long: exceeds the maximum context length' }, undefined, 'invalid_request'));
  it('a canceled prediction is transient', () => expectError({ cancel: true }, undefined, 'transient', (_e, body) => assert.equal(body.attempts[0].code, 'prediction_canceled')));
  // A model the catalog does not know reaches the dialect, which refuses what Replicate cannot do.
  // (For catalogued models the planner already skips Replicate for a missing capability.)
  const UNCATALOGUED = 'replicate/mistralai/mixtral-8x7b-instruct-v0.1';
  it('tools are refused as unsupported', () => expectError(null, undefined, 'unsupported', (e) => assert.match(e.message, /tool-calling/), {
    model: UNCATALOGUED, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
  }));
  it('images are refused as unsupported', () => expectError(null, undefined, 'unsupported', (e) => assert.match(e.message, /image/), {
    model: UNCATALOGUED, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] }],
  }));

  it('an error event after content ends the stream with an error event', () =>
    withFresh({ streamError: { afterChunks: 3, message: 'worker crashed' } }, async (caller) => {
      const stream = await caller.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true });
      await assert.rejects(collect(stream), /worker crashed/);
    }));

  it('a stream that ends before done is truncated', () =>
    withFresh({ truncate: true }, async (caller) => {
      const stream = await caller.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true });
      await assert.rejects(collect(stream), /before its done event/);
    }));

  it('a canceled stream is an error, not an empty success', () =>
    withFresh({ cancel: true }, (caller) => assert.rejects(caller.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }).then(collect), check(undefined, 'transient'))));
});
