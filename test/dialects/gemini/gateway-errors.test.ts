/**
 * Gemini failures through the gateway with the official `openai` client: each simulated fault comes back
 * classified (error.error_class), with the provider named, the upstream status where one attempt was made,
 * Retry-After from Google's RetryInfo, and in-stream errors as an error event after the committed text.
 * Failures change the gateway's health state, so every case runs on a gateway of its own.
 */
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startGeminiSimulator, type Fault, type GeminiSimulator } from '../../../simulators/gemini/index.js';
import { startTestGateway } from '../../helpers/gateway.js';

let sim: GeminiSimulator;
before(async () => {
  sim = await startGeminiSimulator();
});
after(async () => {
  await sim.close();
});

const MODEL = 'google/gemini-2.5-flash';
const MESSAGES: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris today' }];

async function gateway(t: TestContext, key = 'test-key'): Promise<OpenAI> {
  sim.reset();
  const gw = await startTestGateway({ env: { GEMINI_API_KEY: key, GOOGLE_BASE_URL: sim.baseUrl } });
  t.after(async () => {
    sim.reset();
    await gw.close();
  });
  return new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 });
}

async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError> & { info: Record<string, any> }> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof OpenAI.APIError, `expected an APIError, got ${String(error)}`);
  return Object.assign(error, { info: (error.error ?? {}) as Record<string, any> });
}

describe('google failures through the gateway', () => {
  const cases: Array<{ name: string; fault: Fault; status: number; errorClass: string; code?: string }> = [
    { name: 'wrong key (400 API_KEY_INVALID)', fault: { errorCode: 'invalid_api_key' }, status: 400, errorClass: 'auth', code: 'API_KEY_INVALID' },
    { name: 'permission denied (403)', fault: { status: 403 }, status: 403, errorClass: 'auth' },
    { name: 'daily free-tier quota (429 PerDay)', fault: { errorCode: 'insufficient_quota' }, status: 429, errorClass: 'quota' },
    { name: 'billing precondition (400 FAILED_PRECONDITION)', fault: { errorCode: 'billing' }, status: 400, errorClass: 'quota', code: 'FAILED_PRECONDITION' },
    { name: 'unsupported location (400 FAILED_PRECONDITION)', fault: { errorCode: 'location' }, status: 400, errorClass: 'auth' },
    { name: 'model not found (404)', fault: { status: 404 }, status: 404, errorClass: 'model_unavailable' },
    { name: 'invalid argument (400)', fault: { status: 400 }, status: 400, errorClass: 'invalid_request', code: 'INVALID_ARGUMENT' },
    { name: 'context too long (400)', fault: { errorCode: 'context_length_exceeded' }, status: 400, errorClass: 'context_length' },
  ];
  for (const c of cases) {
    it(`${c.name} -> ${c.errorClass}`, async (t) => {
      const client = await gateway(t);
      sim.enqueue(c.fault);
      const error = await failure(client.chat.completions.create({ model: MODEL, messages: MESSAGES }));
      assert.equal(error.status, c.status);
      assert.equal(error.info.provider, 'google');
      assert.equal(error.info.error_class, c.errorClass);
      if (c.code) assert.equal(error.code, c.code);
      assert.equal(sim.requests().length, 1, 'not retried');
    });
  }

  it('a 403 that echoes the key (as Google does) does not pass the key on', async (t) => {
    const key = 'AIzaSyD-sim-secret-key-0123456789abcdef';
    const client = await gateway(t, key);
    sim.enqueue({ status: 403 });
    const error = await failure(client.chat.completions.create({ model: MODEL, messages: MESSAGES }));
    assert.equal(error.info.error_class, 'auth');
    assert.match(error.message, /has been suspended/);
    assert.equal(JSON.stringify(error.error).includes(key), false);
    assert.equal(error.message.includes(key), false);
  });

  it('a key containing "bad" is refused by the simulator and classified auth', async (t) => {
    const client = await gateway(t, 'my-bad-key');
    const error = await failure(client.chat.completions.create({ model: MODEL, messages: MESSAGES }));
    assert.equal(error.status, 400);
    assert.equal(error.info.error_class, 'auth');
    assert.match(error.message, /API key not valid/);
  });

  it('rate limit (429 per minute) -> rate_limited with Retry-After from RetryInfo', async (t) => {
    const client = await gateway(t);
    sim.enqueue({ errorCode: 'rate_limit_exceeded' });
    const error = await failure(client.chat.completions.create({ model: MODEL, messages: MESSAGES }));
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.info.error_class, 'rate_limited');
    assert.equal(error.headers?.get('retry-after'), '2');
    assert.equal(sim.requests().length, 1, 'a rate limit is never retried in a burst');
  });

  it('an unknown model id -> 404 model_unavailable', async (t) => {
    const client = await gateway(t);
    const error = await failure(client.chat.completions.create({ model: 'google/gemini-does-not-exist', messages: MESSAGES }));
    assert.equal(error.status, 404);
    assert.equal(error.info.error_class, 'model_unavailable');
  });

  it('503 every time -> transient, retried on the same target, then given up', async (t) => {
    const client = await gateway(t);
    sim.setDefault({ status: 503 });
    const error = await failure(client.chat.completions.create({ model: MODEL, messages: MESSAGES }));
    const attempts = (error.info.attempts ?? []) as Array<Record<string, unknown>>;
    assert.ok(attempts.length >= 1);
    for (const attempt of attempts) {
      assert.equal(attempt.provider, 'google');
      assert.equal(attempt.errorClass, 'transient');
      assert.equal(attempt.status, 503);
    }
    assert.equal(sim.requests().length, attempts.length);
  });

  it('one 500 then success: the retry serves the answer', async (t) => {
    const client = await gateway(t);
    sim.enqueue({ status: 500 });
    const r = await client.chat.completions.create({ model: MODEL, messages: MESSAGES });
    assert.match(r.choices[0]!.message.content!, /^Hello from google/);
    assert.equal(sim.requests().length, 2);
  });

  it("Gemini's in-stream error after content -> an error event ends the stream", async (t) => {
    const client = await gateway(t);
    sim.enqueue({ streamError: { afterChunks: 2, code: 500, message: 'An internal error has occurred.' } });
    const stream = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().then(() => undefined, (e: unknown) => e);
    assert.ok(text.startsWith('Hello from'), 'the committed text arrived first');
    assert.ok(error instanceof OpenAI.APIError);
    assert.match(error.message, /An internal error has occurred/);
  });

  it('an in-stream error before any content fails the attempt, not the caller mid-answer', async (t) => {
    const client = await gateway(t);
    sim.setDefault({ streamError: { afterChunks: 0, code: 429, message: 'Resource has been exhausted (e.g. check quota).' } });
    const error = await failure(client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }));
    assert.equal(error.status, 429);
    assert.equal(error.info.error_class, 'rate_limited');
  });

  it('a malformed body is a transient failure', async (t) => {
    const client = await gateway(t);
    sim.setDefault({ malformed: true });
    const broken = await failure(client.chat.completions.create({ model: MODEL, messages: MESSAGES }));
    const attempts = (broken.info.attempts ?? [broken.info]) as Array<Record<string, unknown>>;
    assert.ok(attempts.every((a) => (a.code ?? broken.code) === 'malformed_response'));
  });

  it('a stream cut before its finishReason ends with an error event, not a finished answer', async (t) => {
    const client = await gateway(t);
    sim.setDefault({ truncate: true });
    const stream = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true });
    await assert.rejects(async () => {
      for await (const _ of stream) { /* drain */ }
    }, /ended the stream before it finished/);
  });
});
