import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { GatewayMetrics, breakerValue } from '../../../src/observe/metrics/gateway-metrics.js';
import { metricsOf } from '../../../src/observe/metrics/attach.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import { closedState } from '../../../src/health/breaker-state.js';
import { parsePrometheus, series, total } from './prom-text.js';

const MODEL = 'meta/llama-3.3-70b';
const FREE = 'meta-llama/llama-3.3-70b-instruct:free';
const PAID = 'meta-llama/llama-3.3-70b-instruct';

let sim: Simulator;

before(async () => {
  sim = await startSimulator();
});

after(async () => {
  await sim.close();
});

async function chat(gw: RunningGateway, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Hello metrics world' }], ...body }),
  });
}

async function scrape(gw: RunningGateway, headers: Record<string, string> = {}) {
  const res = await fetch(`${gw.url}/metrics`, { headers });
  const text = await res.text();
  return { res, text };
}

describe('GET /metrics after traffic', () => {
  let gw: RunningGateway;
  before(async () => {
    sim.reset();
    gw = await startTestGateway({
      env: {
        OPENROUTER_API_KEY: 'sk-or-v1-metrics', OPENROUTER_BASE_URL: sim.baseUrl('openrouter'),
        TOGETHER_API_KEY: 'tg-metrics', TOGETHER_BASE_URL: sim.baseUrl('together'),
      },
      retries: { maxRetries: 0 },
      timeouts: { firstByteMs: 2_000, attemptMs: 3_000, deadlineMs: 10_000 },
    });

    // 1. Served at level 2 by OpenRouter's free variant.
    const plain = await chat(gw, {});
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('x-wai-model'), FREE);
    await plain.text();
    // 2. A stream, same path.
    const stream = await chat(gw, { stream: true, stream_options: { include_usage: true } });
    assert.equal(stream.status, 200);
    assert.match(await stream.text(), /data: \[DONE\]/);
    // 3. The free variant rate-limited: the paid one serves (a priced request).
    sim.enqueue('openrouter', { status: 429, headers: { 'retry-after': '600' } });
    const paid = await chat(gw, {});
    assert.equal(paid.headers.get('x-wai-model'), PAID);
    await paid.text();
    // 4. OpenRouter rejects the key: Together serves at level 3, and OpenRouter's breaker opens.
    sim.enqueue('openrouter', { status: 401, errorCode: 'invalid_api_key' });
    const fallback = await chat(gw, {});
    assert.equal(fallback.status, 200);
    assert.equal(fallback.headers.get('x-wai-provider'), 'together');
    assert.equal(fallback.headers.get('x-wai-level'), '3');
    await fallback.text();
    // 5. A model nobody serves: a failed request.
    const missing = await chat(gw, { model: 'nobody/does-not-exist-anywhere' });
    assert.ok(missing.status >= 400);
    await missing.text();
  });

  after(async () => {
    await gw.close();
  });

  it('is Prometheus text, from a registry of this runtime (not the global one)', async () => {
    const { res, text } = await scrape(gw);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const families = parsePrometheus(text);
    for (const name of ['wai_requests_total', 'wai_request_duration_seconds', 'wai_time_to_first_token_seconds', 'wai_attempts_total',
      'wai_fallbacks_total', 'wai_tokens_total', 'wai_cost_usd_total', 'wai_provider_breaker_state', 'wai_model_breaker_state']) {
      assert.ok(families.has(name), `${name} is exposed`);
    }
    assert.equal(families.get('wai_request_duration_seconds')?.type, 'histogram');
    assert.equal(families.get('wai_provider_breaker_state')?.type, 'gauge');
    assert.ok(metricsOf(gw.runtime), 'startGateway attached the metrics');
    // No request ids or keys in any label.
    assert.doesNotMatch(text, /sk-or-v1-metrics|tg-metrics|chatcmpl|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/);
  });

  it('counts requests by provider, model, level and status', async () => {
    const f = parsePrometheus((await scrape(gw)).text);
    assert.equal(total(f, 'wai_requests_total', { provider: 'openrouter', level: '2', status: '200' }), 3);
    assert.equal(total(f, 'wai_requests_total', { provider: 'openrouter', model: FREE }), 2);
    assert.equal(total(f, 'wai_requests_total', { provider: 'openrouter', model: PAID }), 1);
    assert.equal(total(f, 'wai_requests_total', { provider: 'together', level: '3', status: '200' }), 1);
    const failed = series(f, 'wai_requests_total').filter((s) => s.labels.provider === 'none');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.labels.level, 'none');
    assert.notEqual(failed[0]!.labels.status, '200');
    assert.equal(total(f, 'wai_requests_total'), 5);
  });

  it('latency and time-to-first-token histograms', async () => {
    const f = parsePrometheus((await scrape(gw)).text);
    assert.equal(total(f, 'wai_request_duration_seconds_count'), 5);
    assert.equal(total(f, 'wai_request_duration_seconds_count', { provider: 'openrouter', stream: 'true' }), 1);
    assert.ok(total(f, 'wai_request_duration_seconds_sum') > 0);
    assert.equal(total(f, 'wai_time_to_first_token_seconds_count', { provider: 'openrouter' }), 1);
    assert.equal(total(f, 'wai_time_to_first_token_seconds_bucket', { provider: 'openrouter', le: '+Inf' }), 1);
    assert.ok(total(f, 'wai_gateway_overhead_seconds_count') >= 5);
  });

  it('fallbacks by class, attempts by provider and class', async () => {
    const f = parsePrometheus((await scrape(gw)).text);
    assert.equal(total(f, 'wai_fallbacks_total', { class: 'rate_limited' }), 1);
    assert.equal(total(f, 'wai_fallbacks_total', { provider: 'openrouter', class: 'auth' }), 1);
    assert.equal(total(f, 'wai_attempts_total', { provider: 'openrouter', class: 'ok' }), 3);
    assert.equal(total(f, 'wai_attempts_total', { provider: 'openrouter', class: 'auth' }), 1);
    assert.equal(total(f, 'wai_attempts_total', { provider: 'together', class: 'ok' }), 1);
  });

  it('breaker state per provider (2 = open after the 401) and per provider+model (the rate-limited free variant)', async () => {
    const f = parsePrometheus((await scrape(gw)).text);
    assert.equal(total(f, 'wai_provider_breaker_state', { provider: 'openrouter' }), 2);
    assert.equal(total(f, 'wai_provider_breaker_state', { provider: 'together' }), 0);
    const models = series(f, 'wai_model_breaker_state');
    assert.ok(models.some((s) => s.labels.provider === 'openrouter' && s.labels.model === FREE && s.value === 2), JSON.stringify(models));
  });

  it('tokens in and out, and cost in USD, by provider', async () => {
    const f = parsePrometheus((await scrape(gw)).text);
    assert.ok(total(f, 'wai_tokens_total', { provider: 'openrouter', direction: 'in' }) >= 9, 'three prompts of 3 words or more');
    assert.ok(total(f, 'wai_tokens_total', { provider: 'openrouter', direction: 'out' }) > 0);
    assert.ok(total(f, 'wai_tokens_total', { provider: 'together', direction: 'in' }) > 0);
    assert.ok(total(f, 'wai_cost_usd_total', { provider: 'openrouter' }) > 0, 'the paid variant has a price');
  });
});

describe('GET /metrics access', () => {
  it('with an admin key: Bearer required, from loopback too', async () => {
    const gw = await startTestGateway({ env: { WAI_ADMIN_KEY: 'admin-key-for-metrics' } });
    try {
      const none = await scrape(gw);
      assert.equal(none.res.status, 401);
      assert.match(none.res.headers.get('www-authenticate') ?? '', /Bearer/);
      assert.equal((JSON.parse(none.text) as { error: { code: string } }).error.code, 'admin_key_required');
      assert.equal((await scrape(gw, { authorization: 'Bearer wrong-key' })).res.status, 401);
      const ok = await scrape(gw, { authorization: 'Bearer admin-key-for-metrics' });
      assert.equal(ok.res.status, 200);
      parsePrometheus(ok.text);
    } finally {
      await gw.close();
    }
  });

  it('without one: open on loopback, refused when a proxy forwarded the request', async () => {
    const gw = await startTestGateway({ env: {} });
    try {
      const open = await scrape(gw);
      assert.equal(open.res.status, 200);
      parsePrometheus(open.text);
      assert.equal((await scrape(gw, { 'x-forwarded-for': '203.0.113.9' })).res.status, 403);
      const head = await fetch(`${gw.url}/metrics`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal((await fetch(`${gw.url}/metrics`, { method: 'POST' })).status, 405);
    } finally {
      await gw.close();
    }
  });
});

describe('GatewayMetrics', () => {
  const record = (over: Partial<RequestRecord>): RequestRecord => ({
    at: 0, requestId: 'r', client: null, operation: 'chat', requestedModel: 'm', canonicalModel: null,
    servedProvider: 'groq', servedModel: 'llama', level: 1, attempts: [], totalMs: 10, upstreamMs: 9, overheadMs: 1,
    ttftMs: null, tokensIn: 3, tokensOut: 4, costUsd: 0.001, stream: false, status: 200, error: null, ...over,
  });

  it('a retry on the same target is a retry, not a fallback; two registries never share a series', async () => {
    const source = { health: { now: () => 0, breakers: () => [] }, config: { providers: new Map() } } as never;
    const a = new GatewayMetrics(source);
    const b = new GatewayMetrics(source);
    a.requestFinished(record({
      attempts: [
        { provider: 'groq', model: 'llama', level: 1, ok: false, errorClass: 'transient', durationMs: 1 },
        { provider: 'groq', model: 'llama', level: 1, ok: false, errorClass: 'transient', durationMs: 1 },
        { provider: 'openrouter', model: 'x', level: 2, ok: true, durationMs: 1 },
      ],
      servedProvider: 'openrouter', servedModel: 'x', level: 2,
    }));
    const f = parsePrometheus(await a.render());
    assert.equal(total(f, 'wai_retries_total', { provider: 'groq' }), 1);
    assert.equal(total(f, 'wai_fallbacks_total', { provider: 'groq', class: 'transient' }), 1);
    assert.equal(total(f, 'wai_attempts_total', { provider: 'groq', class: 'transient' }), 2);
    assert.equal(total(parsePrometheus(await b.render()), 'wai_requests_total'), 0);
  });

  it('breaker values: closed 0, half-open 1, open 2, open past its cool-down 1', () => {
    const closed = closedState(0);
    assert.equal(breakerValue(undefined, 5), 0);
    assert.equal(breakerValue(closed, 5), 0);
    assert.equal(breakerValue({ ...closed, state: 'half_open' }, 5), 1);
    assert.equal(breakerValue({ ...closed, state: 'open', openUntil: 10 }, 5), 2);
    assert.equal(breakerValue({ ...closed, state: 'open', openUntil: 10 }, 10), 1);
  });
});
