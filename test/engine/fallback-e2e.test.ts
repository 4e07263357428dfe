import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import { SkewedClock } from '../helpers/manual-clock.js';
import type { RunningGateway } from '../../src/gateway.js';

const FREE = 'meta-llama/llama-3.3-70b-instruct:free';
const PAID = 'meta-llama/llama-3.3-70b-instruct';
const TOGETHER = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';

let sim: Simulator;
let gw: RunningGateway;
let client: OpenAI;
const clock = new SkewedClock();

before(async () => {
  sim = await startSimulator();
  gw = await startTestGateway({
    // The seed's example: only an OpenRouter and a Together key.
    env: {
      OPENROUTER_API_KEY: 'sk-or-v1-seed', OPENROUTER_BASE_URL: sim.baseUrl('openrouter'),
      TOGETHER_API_KEY: 'tg-seed', TOGETHER_BASE_URL: sim.baseUrl('together'),
    },
    retries: { maxRetries: 0 },
    timeouts: { firstByteMs: 300, attemptMs: 500, deadlineMs: 5000 },
    clock,
  });
  client = new OpenAI({ apiKey: 'caller', baseURL: `${gw.url}/v1`, maxRetries: 0 });
});

after(async () => {
  await gw.close();
  await sim.close();
});

beforeEach(() => {
  sim.reset();
  for (const id of ['openrouter', 'together']) gw.engine.health.reset(id);
});

const ask = (extra: Record<string, unknown> = {}) =>
  client.chat.completions.create({ model: 'meta/llama-3.3-70b', messages: [{ role: 'user', content: 'Hi there' }], ...extra } as never).withResponse();

test('meta/llama-3.3-70b is served by OpenRouter at level 2 under its OpenRouter id (free variant first)', async () => {
  const { data, response } = await ask();
  assert.equal(response.headers.get('x-wai-provider'), 'openrouter');
  assert.equal(response.headers.get('x-wai-level'), '2');
  assert.equal(response.headers.get('x-wai-model'), FREE);
  assert.equal(response.headers.get('x-wai-attempts'), '1');
  assert.match((data as OpenAI.ChatCompletion).choices[0]!.message.content!, /^Hello from openrouter \(meta-llama\/llama-3\.3-70b-instruct:free\)/);
  assert.equal((sim.requests('openrouter')[0]!.body as { model: string }).model, FREE);
  assert.equal(sim.requests('together').length, 0);
});

test('free-first: a 429 on the free variant moves on to the paid one at once', async () => {
  sim.enqueue('openrouter', { status: 429, headers: { 'retry-after': '20' } });
  const { response } = await ask();
  assert.equal(response.headers.get('x-wai-model'), PAID);
  assert.equal(response.headers.get('x-wai-attempts'), '2');
  assert.deepEqual(sim.requests('openrouter').map((r) => (r.body as { model: string }).model), [FREE, PAID]);
  // The free variant's breaker honours Retry-After: the next request goes straight to the paid one.
  await ask();
  assert.deepEqual(sim.requests('openrouter').map((r) => (r.body as { model: string }).model), [FREE, PAID, PAID]);
  clock.skip(20_000);
  await ask();
  assert.equal((sim.requests('openrouter').at(-1)!.body as { model: string }).model, FREE, 'after Retry-After the free variant is probed again');
});

test('with OpenRouter failing, Together serves at level 3', async () => {
  sim.setDefault('openrouter', { status: 500 });
  const { data, response } = await ask();
  assert.equal(response.headers.get('x-wai-provider'), 'together');
  assert.equal(response.headers.get('x-wai-level'), '3');
  assert.equal(response.headers.get('x-wai-model'), TOGETHER);
  assert.equal(response.headers.get('x-wai-attempts'), '3');
  assert.match((data as OpenAI.ChatCompletion).choices[0]!.message.content!, /^Hello from together/);
});

test('with both failing, the 503 lists every attempt with provider, model, level, class, status and time', async () => {
  sim.setDefault('openrouter', { status: 500 });
  sim.setDefault('together', { status: 401 });
  await assert.rejects(ask(), (error: unknown) => {
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 503);
    const body = error.error as { attempts: Array<Record<string, unknown>>; code: string; message: string };
    assert.deepEqual(body.attempts.slice(0, 3).map((a) => [a.provider, a.model, a.level, a.errorClass, a.status]), [
      ['openrouter', FREE, 2, 'transient', 500],
      ['openrouter', PAID, 2, 'transient', 500],
      ['together', TOGETHER, 3, 'auth', 401],
    ]);
    // Then the wide level's same-class substitutes (the primary's included), until OpenRouter's breaker opens.
    for (const a of body.attempts.slice(3)) assert.deepEqual([a.provider, a.level, a.errorClass], ['openrouter', 4, 'transient']);
    for (const a of body.attempts) assert.equal(typeof a.durationMs, 'number');
    assert.match(body.message, /openrouter .* at level 2: transient 500; .*together .* at level 3: auth 401/);
    return true;
  });
});

test('streaming failover before the first content event is invisible to the openai client', async () => {
  sim.enqueue('openrouter', { streamError: { afterChunks: 0, message: 'upstream overloaded', code: 502 } }, { status: 500 });
  const stream = await client.chat.completions.create({ model: 'meta/llama-3.3-70b', messages: [{ role: 'user', content: 'Hi there' }], stream: true, stream_options: { include_usage: true } }).withResponse();
  assert.equal(stream.response.headers.get('x-wai-provider'), 'together');
  let text = '';
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream.data) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  assert.match(text, /^Hello from together \(meta-llama\/Llama-3\.3-70B-Instruct-Turbo\): Hi there/);
  assert.ok(usage && usage.total_tokens > 0);
});

test('with continuation off, a stream that breaks after content ends with an error event the client raises', async () => {
  sim.enqueue('openrouter', { streamError: { afterChunks: 2, message: 'provider died', code: 502 } });
  // On by default, a break is continued on the next level (test/engine/continuation/); `wai.continue_stream:false` keeps today's error event.
  const stream = await client.chat.completions.create({ model: 'meta/llama-3.3-70b', messages: [{ role: 'user', content: 'one two three four five' }], stream: true, wai: { continue_stream: false } } as OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming);
  let text = '';
  await assert.rejects(async () => {
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  }, (error: unknown) => error instanceof OpenAI.APIError && /provider died/.test(error.message));
  assert.ok(text.length > 0, 'the caller saw the start of the answer');
});

test('a timeout moves on, and the open breaker keeps traffic away until the probe time', async () => {
  sim.setDefault('openrouter', { hang: true });
  const { response } = await ask();
  assert.equal(response.headers.get('x-wai-provider'), 'together');
  const hung = sim.requests('openrouter').length;
  assert.equal(hung, 2, 'free and paid variants each timed out once');
  // Three transient failures in a row open the provider-wide breaker.
  sim.setDefault('openrouter', { hang: true });
  await ask();
  const before = sim.requests('openrouter').length;
  const third = await ask();
  assert.equal(third.response.headers.get('x-wai-attempts'), '1', 'OpenRouter is skipped while its breaker is open');
  assert.equal(sim.requests('openrouter').length, before);
  sim.setDefault('openrouter', null);
  clock.skip(gw.config.health.maxCooldownMs);
  const probe = await ask();
  assert.equal(probe.response.headers.get('x-wai-provider'), 'openrouter', 'after the cool-down one probe goes through and succeeds');
});
