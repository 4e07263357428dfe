/**
 * Cohere failures through the gateway with the official `openai` client: every error class from a simulated
 * fault, the upstream status answered with `error.provider` set (a single provider is on the route), and
 * failures inside a 200 (ERROR finish, in-stream error, truncated or malformed bodies).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startCohereSimulator, type CohereFault, type CohereSimulator } from '../../../simulators/cohere/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';

let sim: CohereSimulator;
before(async () => {
  sim = await startCohereSimulator();
});
after(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

/**
 * A fresh gateway per test: the gateway benches a provider after auth, quota and repeated transient failures
 * (its health breaker), which would leak from one test into the next.
 */
async function withGateway<T>(fn: (client: OpenAI) => Promise<T>, key = 'test-key'): Promise<T> {
  const gw: RunningGateway = await startTestGateway({ env: { CO_API_KEY: key, COHERE_BASE_URL: sim.baseUrl } });
  try {
    return await fn(new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 }));
  } finally {
    await gw.close();
  }
}

const MODEL = 'cohere/command-a-03-2025';
const MESSAGES: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Say something nice' }];

type Attempt = { provider: string; errorClass?: string; status?: number; code?: string };
type GatewayErrorBody = { provider?: string; error_class?: string; code?: string | null; upstream_status?: number | null; attempts?: Attempt[] };

/**
 * A transient failure is retried by the gateway, so the caller sees either the single attempt's status or,
 * after retries, a 503 listing the attempts; either way every attempt is a transient Cohere failure.
 */
function assertTransient(error: InstanceType<typeof OpenAI.APIError>, status: number | undefined, code?: string) {
  const body = error.error as GatewayErrorBody;
  const attempts = body.attempts ?? [];
  assert.ok(attempts.length >= 1, 'the attempts are listed');
  assert.ok(error.status === (status ?? 502) || error.status === 503, `status ${error.status}`);
  for (const a of attempts) {
    assert.equal(a.provider, 'cohere');
    assert.equal(a.errorClass, 'transient');
    assert.equal(a.status, status);
    if (code) assert.equal(a.code, code);
  }
}

/** Every request of this test fails the same way (the engine may retry a transient failure). */
async function failWith(fault: CohereFault, request: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) {
  sim.setDefault(fault);
  try {
    const error = await withGateway((client) => client.chat.completions.create({ model: MODEL, messages: MESSAGES, ...request }).then(() => undefined, (e: unknown) => e));
    assert.ok(error instanceof OpenAI.APIError, `expected an APIError, got ${String(error)}`);
    return { error, body: error.error as GatewayErrorBody };
  } finally {
    sim.setDefault(null);
  }
}

describe('cohere errors through the gateway: HTTP statuses', () => {
  const cases: Array<[string, CohereFault, number, string]> = [
    ['a 401 (bad key)', { errorCode: 'invalid_api_key' }, 401, 'auth'],
    ['a 403', { status: 403 }, 403, 'auth'],
    ['a 402 (billing limit)', { errorCode: 'insufficient_quota' }, 402, 'quota'],
    ['a 429 for the monthly trial allowance', { errorCode: 'monthly_limit' }, 429, 'quota'],
    ['a 400', { status: 400 }, 400, 'invalid_request'],
    ['a 422', { status: 422 }, 422, 'invalid_request'],
    ['a 400 "too many tokens"', { errorCode: 'context_length_exceeded' }, 400, 'context_length'],
    ['a 498 (deny-listed token)', { status: 498 }, 498, 'invalid_request'],
    ['a 501', { status: 501 }, 501, 'unsupported'],
  ];
  for (const [what, fault, status, errorClass] of cases) {
    it(`${what} → ${status} ${errorClass}`, async () => {
      const { error, body } = await failWith(fault);
      assert.equal(error.status, status);
      assert.equal(body.provider, 'cohere');
      assert.equal(body.error_class, errorClass);
      assert.equal(body.upstream_status, status);
    });
  }

  for (const status of [499, 500, 503, 504]) {
    it(`a ${status} → transient (retried)`, async () => {
      const { error } = await failWith({ status });
      assertTransient(error, status);
    });
  }

  it('a missing key at Cohere (401 "no api key supplied") is auth', async () => {
    const { error, body } = await failWith({ errorCode: 'missing_api_key' });
    assert.ok(error instanceof OpenAI.AuthenticationError);
    assert.equal(body.error_class, 'auth');
    assert.match(error.message, /no api key supplied/);
  });

  it('a gateway configured with a rejected key: 401 auth from the simulator itself', async () => {
    const error = await withGateway((bad) => bad.chat.completions.create({ model: MODEL, messages: MESSAGES }).then(() => undefined, (e: unknown) => e), 'co-bad-key');
    assert.ok(error instanceof OpenAI.AuthenticationError);
    assert.equal((error.error as GatewayErrorBody).provider, 'cohere');
    assert.match(error.message, /invalid api token/);
  });

  it('a 429 rate limit keeps its retry-after', async () => {
    const { error, body } = await failWith({ status: 429, headers: { 'retry-after': '2' } });
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(body.error_class, 'rate_limited');
    assert.equal(error.headers.get('retry-after'), '2');
  });

  it('an unknown model → 404 model_unavailable', async () => {
    const error = await withGateway((client) => client.chat.completions.create({ model: 'cohere/command-does-not-exist', messages: MESSAGES }).then(() => undefined, (e: unknown) => e));
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.equal((error.error as GatewayErrorBody).error_class, 'model_unavailable');
    assert.match(error.message, /command-does-not-exist/);
  });
});

describe('cohere errors through the gateway: failures inside a 200', () => {
  it('finish_reason ERROR in a whole answer is a transient failure, not an answer', async () => {
    const { error } = await failWith({ body: JSON.stringify({ id: 'x', finish_reason: 'ERROR', message: { role: 'assistant', content: [] } }) });
    assertTransient(error, undefined, 'generation_failed');
  });

  it('a malformed whole body → transient', async () => {
    const { error } = await failWith({ malformed: true });
    assertTransient(error, undefined, 'malformed_response');
  });

  it('a reset connection → transient', async () => {
    const { error } = await failWith({ reset: true });
    assertTransient(error, undefined);
  });

  it("Cohere's in-stream error before any content: the caller gets an HTTP error", async () => {
    sim.setDefault({ streamError: { afterChunks: 1, message: 'model overloaded' } });
    const error = await withGateway((client) => client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }).then(() => undefined, (e: unknown) => e));
    sim.setDefault(null);
    assert.ok(error instanceof OpenAI.APIError);
    assertTransient(error, undefined, 'stream_error');
    assert.match(JSON.stringify(error.error), /model overloaded/);
  });

  it("Cohere's in-stream error after content: the stream ends with an OpenAI error event", async () => {
    sim.setDefault({ streamError: { afterChunks: 4, message: 'generation failed midway' } });
    let text = '';
    const error = await withGateway(async (client) => {
      const stream = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true });
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    }).then(() => undefined, (e: unknown) => e);
    sim.setDefault(null);
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.match(error.message, /generation failed midway/);
    assert.ok(text.length > 0, 'some content arrived before the error');
  });

  it('a stream cut before message-end (after content) ends with an error event, not a clean end', async () => {
    sim.setDefault({ truncate: true });
    const error = await withGateway(async (client) => {
      for await (const _chunk of await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true })) { /* drain */ }
    }).then(() => undefined, (e: unknown) => e);
    sim.setDefault(null);
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.match(error.message, /before message-end/);
  });

  it('a malformed stream event before content → transient', async () => {
    sim.setDefault({ malformed: true });
    const error = await withGateway((client) => client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }).then(() => undefined, (e: unknown) => e));
    sim.setDefault(null);
    assert.ok(error instanceof OpenAI.APIError);
    assertTransient(error, undefined, 'malformed_response');
  });
});

describe('cohere errors through the gateway: requests Cohere cannot take', () => {
  it('audio input is refused (invalid_request) and never reaches Cohere', async () => {
    const error = await withGateway((client) => client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }],
    }).then(() => undefined, (e: unknown) => e));
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal((error.error as GatewayErrorBody).error_class, 'invalid_request');
    assert.equal((error.error as GatewayErrorBody).code?.startsWith('unsupported_'), true);
    assert.equal(sim.requests().length, 0);
  });

  it('a refused request does not bench Cohere for the next caller', async () => {
    await withGateway(async (client) => {
      const audio = [{ role: 'user' as const, content: [{ type: 'input_audio' as const, input_audio: { data: 'AAAA', format: 'wav' as const } }] }];
      await assert.rejects(client.chat.completions.create({ model: MODEL, messages: audio }));
      const ok = await client.chat.completions.create({ model: MODEL, messages: MESSAGES });
      assert.match(ok.choices[0]!.message.content ?? '', /^Hello from cohere/);
    });
  });

  it('n > 1 is refused by the planner (Cohere does not honour it): a 400 naming `n`', async () => {
    const error = await withGateway((client) => client.chat.completions.create({ model: MODEL, messages: MESSAGES, n: 2 }).then(() => undefined, (e: unknown) => e));
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 400);
    assert.equal(error.param, 'n');
    assert.equal((error.error as GatewayErrorBody).code?.startsWith('unsupported_'), true);
    assert.equal(sim.requests().length, 0);
  });
});
