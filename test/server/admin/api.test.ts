/**
 * The admin JSON API against a gateway whose OpenAI key is rejected (the simulator answers 401) and whose OpenRouter
 * and Together keys work: status after a 401 and a success, recent requests with attempts, the route explanation,
 * the map, usage buckets, the live event stream, the breaker reset, and no provider key in any answer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { attachAdmin } from '../../../src/observe/admin/admin-state.js';
import type { StatusAnswer, ProviderStatus } from '../../../src/server/admin/status.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import { raw, assertOpenAIError, SseReader, eventually, type Raw } from './helpers.js';

const KEYS = {
  OPENAI_API_KEY: 'sk-test-bad-SECRETopenai0123456789',
  OPENROUTER_API_KEY: 'sk-or-v1-SECRETopenrouter0123456789',
  TOGETHER_API_KEY: 'tg-SECRETtogether987654321',
};
const FRAGMENTS = Object.values(KEYS).flatMap((k) => [k, k.slice(-12)]);

let sim: Simulator;
let gw: RunningGateway;
/** Every admin answer, checked for keys at the end. */
const answers: string[] = [];

async function admin(path: string, method = 'GET'): Promise<Raw> {
  const res = await raw(gw.url, path, { method });
  answers.push(JSON.stringify(res.headers), res.body);
  return res;
}

async function chat(model: string, text = 'Hello dashboard'): Promise<Response> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: text }] }),
  });
  await res.arrayBuffer();
  return res;
}

function provider(status: StatusAnswer, id: string): ProviderStatus {
  const found = status.providers.find((p) => p.id === id);
  assert.ok(found, `${id} is in the status`);
  return found;
}

before(async () => {
  sim = await startSimulator();
  gw = await startTestGateway({
    env: {
      ...KEYS,
      OPENAI_BASE_URL: sim.baseUrl('openai'),
      OPENROUTER_BASE_URL: sim.baseUrl('openrouter'),
      TOGETHER_BASE_URL: sim.baseUrl('together'),
    },
    retries: { maxRetries: 0 },
    timeouts: { firstByteMs: 1000, attemptMs: 2000, deadlineMs: 5000 },
  });
  attachAdmin(gw.runtime, { heartbeatMs: 150, breakerPollMs: 100 });
});

after(async () => {
  await gw?.close();
  await sim?.close();
});

describe('status, requests and usage after a 401 and a success', () => {
  let servedBy: string | null;
  let requestId: string | null;

  before(async () => {
    const res = await chat('openai/gpt-4o-mini');
    assert.equal(res.status, 200);
    servedBy = res.headers.get('x-wai-provider');
    requestId = res.headers.get('x-wai-request-id');
  });

  it('the request fell back from OpenAI (401) to OpenRouter', () => {
    assert.equal(servedBy, 'openrouter');
  });

  it('GET /admin/status: the rejected provider is broken with its 401, the working one has numbers, keyless ones say so', async () => {
    const res = await admin('/admin/status');
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const status = res.json<StatusAnswer>();
    const openai = provider(status, 'openai');
    assert.equal(openai.name, 'OpenAI');
    assert.deepEqual(openai.key, { present: true, source: 'OPENAI_API_KEY', variables: openai.key.variables });
    assert.equal(openai.state, 'breaker_open');
    assert.equal(openai.breaker.state, 'open');
    assert.equal(openai.breaker.reason, 'auth');
    assert.equal(openai.breaker.status, 401);
    assert.ok(openai.breaker.until! > status.now, 'open until a time in the future');
    assert.equal(openai.lastError?.status, 401);
    assert.equal(openai.lastError?.errorClass, 'auth');
    assert.equal(typeof openai.lastError?.message, 'string');
    assert.deepEqual({ attempts: openai.window.attempts, successes: openai.window.successes, successRate: openai.window.successRate }, { attempts: 1, successes: 0, successRate: 0 });

    const openrouter = provider(status, 'openrouter');
    assert.equal(openrouter.state, 'working');
    assert.equal(openrouter.role, 'aggregator');
    assert.equal(openrouter.key.source, 'OPENROUTER_API_KEY');
    assert.equal(openrouter.window.successRate, 1);
    assert.equal(typeof openrouter.window.p50Ms, 'number');
    assert.equal(typeof openrouter.window.p95Ms, 'number');
    assert.ok(openrouter.window.p95Ms! >= openrouter.window.p50Ms!);
    assert.equal(openrouter.breaker.state, 'closed');

    const together = provider(status, 'together');
    assert.equal(together.state, 'idle', 'keyed, no traffic yet');
    const anthropic = provider(status, 'anthropic');
    assert.equal(anthropic.state, 'no_key');
    assert.deepEqual(anthropic.key, { present: false, source: null, variables: ['ANTHROPIC_API_KEY'] });
    assert.ok(status.summary.no_key > 10);
    assert.equal(status.summary.breaker_open, 1);
    assert.equal(status.adminKeyConfigured, false);
  });

  it('GET /admin/requests: newest first, with every attempt; filters by provider and by fallback', async () => {
    await chat('openrouter/openai/gpt-4o-mini', 'second request');
    const res = await admin('/admin/requests?limit=10');
    assert.equal(res.status, 200);
    const { requests, capacity } = res.json<{ requests: Array<RequestRecord & { fallback: boolean }>; capacity: number }>();
    assert.equal(capacity, 500);
    assert.equal(requests.length, 2);
    const [second, first] = requests;
    assert.equal(second!.requestedModel, 'openrouter/openai/gpt-4o-mini');
    assert.equal(second!.fallback, false);
    assert.equal(first!.requestId, requestId);
    assert.equal(first!.fallback, true);
    assert.equal(first!.level, 2);
    assert.equal(first!.servedProvider, 'openrouter');
    assert.deepEqual(first!.attempts.map((a) => [a.provider, a.level, a.ok, a.errorClass ?? null, a.status ?? null]), [
      ['openai', 1, false, 'auth', 401],
      ['openrouter', 2, true, null, null],
    ]);
    assert.ok(first!.tokensIn! > 0 && first!.costUsd! > 0);

    const onlyOpenai = (await admin('/admin/requests?provider=openai')).json<{ requests: RequestRecord[] }>().requests;
    assert.deepEqual(onlyOpenai.map((r) => r.requestId), [requestId]);
    const fallbacks = (await admin('/admin/requests?fallbacks=1')).json<{ requests: RequestRecord[] }>().requests;
    assert.deepEqual(fallbacks.map((r) => r.requestId), [requestId]);
    const one = (await admin('/admin/requests?limit=1')).json<{ requests: RequestRecord[] }>().requests;
    assert.equal(one.length, 1);
    assertOpenAIError(await admin('/admin/requests?limit=0'), 400, /limit/);
    assertOpenAIError(await admin('/admin/requests?limit=501'), 400, /limit/);
  });

  it('GET /admin/usage: tokens and cost per bucket, totals that add up', async () => {
    const all = (await admin('/admin/requests?limit=500')).json<{ requests: RequestRecord[] }>().requests;
    const res = await admin('/admin/usage?window=10m&bucket=60s');
    assert.equal(res.status, 200);
    const usage = res.json<{ windowMs: number; bucketMs: number; from: number; to: number; series: Record<string, number[]>; totals: Record<string, number> }>();
    assert.equal(usage.windowMs, 600_000);
    assert.equal(usage.bucketMs, 60_000);
    for (const column of ['t', 'requests', 'errors', 'tokensIn', 'tokensOut', 'costUsd']) assert.equal(usage.series[column]!.length, 10, column);
    const t = usage.series.t!;
    for (let i = 1; i < t.length; i++) assert.equal(t[i]! - t[i - 1]!, 60, 'evenly spaced, in seconds');
    assert.equal(t[0]! * 1000, usage.from);
    assert.ok(usage.to > Date.now() - 60_000 && usage.to <= Date.now() + 60_000, 'the last bucket is the current minute');
    const sum = (k: string) => usage.series[k]!.reduce((a, b) => a + b, 0);
    assert.equal(usage.totals.requests, all.length);
    assert.equal(sum('requests'), all.length);
    assert.equal(usage.totals.tokensIn, all.reduce((a, r) => a + (r.tokensIn ?? 0), 0));
    assert.equal(sum('tokensOut'), all.reduce((a, r) => a + (r.tokensOut ?? 0), 0));
    assert.ok(Math.abs(usage.totals.costUsd! - all.reduce((a, r) => a + (r.costUsd ?? 0), 0)) < 1e-8);
    // Defaults: an hour by the minute.
    const defaults = (await admin('/admin/usage')).json<{ series: { t: number[] }; bucketMs: number }>();
    assert.equal(defaults.series.t.length, 60);
    assert.equal(defaults.bucketMs, 60_000);
    assertOpenAIError(await admin('/admin/usage?window=forever'), 400, /window/);
    assertOpenAIError(await admin('/admin/usage?window=2d'), 400, /24h/);
    assertOpenAIError(await admin('/admin/usage?window=24h&bucket=1s'), 400, /buckets/);
    assertOpenAIError(await admin('/admin/usage?window=1m&bucket=5m'), 400, /bucket/);
  });
});

describe('route, map and reset', () => {
  it('GET /admin/route: the five levels, with why each candidate is in or out', async () => {
    const res = await admin('/admin/route?model=openai/gpt-4o-mini');
    assert.equal(res.status, 200);
    const body = res.json<{
      requested: string; canonical: string; route: Array<{ provider: string; level: number }>;
      levels: Array<{ level: number; name: string; note?: string; candidates: Array<{ provider: string; inRoute: boolean; reason: string }> }>;
    }>();
    assert.equal(body.requested, 'openai/gpt-4o-mini');
    assert.equal(body.canonical, 'gpt-4o-mini');
    assert.deepEqual(body.levels.map((l) => [l.level, l.name]), [[1, 'direct'], [2, 'primary aggregator'], [3, 'secondary'], [4, 'wide'], [5, 'last resort']]);
    const direct = body.levels[0]!.candidates.find((c) => c.provider === 'openai');
    assert.equal(direct?.inRoute, false);
    assert.match(direct!.reason, /breaker open/);
    assert.equal(body.route[0]?.provider, 'openrouter');
    assert.match(body.levels[4]!.note!, /503/);
    assertOpenAIError(await admin('/admin/route'), 400, /model/);
    assertOpenAIError(await admin('/admin/route?model=openai/gpt-4o-mini&policy=random'), 400, /policy/);
    assertOpenAIError(await admin('/admin/route?model=no-such-vendor-model-xyz'), 404);
  });

  it('GET /admin/map: the map in force, with key presence', async () => {
    const res = await admin('/admin/map');
    assert.equal(res.status, 200);
    const { rows } = res.json<{ rows: Array<{ provider: string; primary: string; fallback: string; hasKey: boolean; primaryHasKey: boolean }> }>();
    const meta = rows.find((r) => r.provider === 'meta');
    assert.deepEqual(meta && [meta.primary, meta.primaryHasKey, meta.fallback, meta.hasKey], ['openrouter', true, 'together', false]);
    assert.equal(rows.find((r) => r.provider === 'openai')?.hasKey, true);
    assert.ok(rows.length >= 14);
  });

  it('POST /admin/providers/{id}/reset closes the breakers; unknown providers are 404; GET is 405', async () => {
    const before = provider((await admin('/admin/status')).json<StatusAnswer>(), 'openai');
    assert.equal(before.state, 'breaker_open');
    const res = await admin('/admin/providers/openai/reset', 'POST');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { provider: 'openai', name: 'OpenAI', reset: true, breakers: [] });
    const afterReset = provider((await admin('/admin/status')).json<StatusAnswer>(), 'openai');
    assert.equal(afterReset.breaker.state, 'closed');
    assert.notEqual(afterReset.state, 'breaker_open');
    assert.notEqual(afterReset.state, 'failing', 'failures before the reset no longer count');
    assert.equal(afterReset.lastError?.status, 401, 'the last error stays on record');
    const route = (await admin('/admin/route?model=openai/gpt-4o-mini')).json<{ route: Array<{ provider: string }> }>();
    assert.equal(route.route[0]?.provider, 'openai', 'the direct level is back in the route');

    assertOpenAIError(await admin('/admin/providers/nope/reset', 'POST'), 404, /Unknown provider "nope"/);
    assertOpenAIError(await admin('/admin/providers/openai/forget', 'POST'), 404);
    assertOpenAIError(await admin('/admin/providers/openai/reset', 'GET'), 405);
    assertOpenAIError(await admin('/admin/status', 'POST'), 405);
  });
});

describe('GET /admin/events', () => {
  it('streams each finished request and breaker changes as they happen, with heartbeats', async () => {
    const stream = await SseReader.open(gw.url, '/admin/events');
    try {
      assert.equal(stream.status, 200);
      assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
      assert.equal(stream.headers['cache-control'], 'no-store');
      await stream.waitFor((e) => e.event === 'hello');
      gw.runtime.health.reset('openai');
      const res = await chat('openai/gpt-4o-mini', 'live event please');
      const id = res.headers.get('x-wai-request-id');
      const event = await stream.waitFor((e) => e.event === 'request' && (JSON.parse(e.data) as RequestRecord).requestId === id);
      const record = JSON.parse(event.data) as RequestRecord;
      assert.equal(record.servedProvider, 'openrouter');
      assert.deepEqual(record.attempts.map((a) => a.provider), ['openai', 'openrouter']);
      const opened = await stream.waitFor((e) => e.event === 'breaker' && JSON.parse(e.data).key === 'p:openai');
      assert.deepEqual((({ provider: p, state, reason, status }) => ({ p, state, reason, status }))(JSON.parse(opened.data)), { p: 'openai', state: 'open', reason: 'auth', status: 401 });
      // A reset through the API is a breaker change too.
      await admin('/admin/providers/openai/reset', 'POST');
      await stream.waitFor((e) => e.event === 'breaker' && JSON.parse(e.data).key === 'p:openai' && JSON.parse(e.data).state === 'closed');
      await stream.waitForComment((c) => c.startsWith('heartbeat'), 2000);
      answers.push(...stream.events.map((e) => e.data), ...stream.comments);
    } finally {
      stream.close();
    }
    const state = attachAdmin(gw.runtime);
    await eventually(() => assert.equal(state.events.listeners, 0, 'the listener is removed when the client goes'));
  });

  it('an open stream does not hold the gateway when it closes', async () => {
    const local = await startTestGateway({ env: {} });
    const stream = await SseReader.open(local.url, '/admin/events');
    await stream.waitFor((e) => e.event === 'hello');
    const started = Date.now();
    await local.close();
    assert.ok(Date.now() - started < 3000, `closed in ${Date.now() - started} ms`);
    await stream.waitForEnd();
  });
});

describe('no provider key in any admin answer', () => {
  it('status, requests, route, map, usage, events and errors carry no key nor a fragment of one', async () => {
    // Upstream errors that echo the key, for the last-error and attempt messages.
    sim.enqueue('openrouter', { status: 401, body: JSON.stringify({ error: { message: `Invalid key ${KEYS.OPENROUTER_API_KEY}`, code: 401 } }) });
    await chat('openrouter/openai/gpt-4o-mini', 'leak check');
    for (const path of ['/admin/status', '/admin/requests?limit=500', '/admin/route?model=openai/gpt-4o-mini', '/admin/map', '/admin/usage', '/admin/requests?provider=openrouter']) {
      const res = await admin(path);
      assert.equal(res.status, 200, path);
    }
    const status = (await admin('/admin/status')).json<StatusAnswer>();
    assert.equal(provider(status, 'openrouter').lastError?.status, 401, 'the echoing error was recorded');
    assert.ok(answers.length > 20);
    for (const text of answers) {
      for (const fragment of FRAGMENTS) assert.ok(!text.includes(fragment), `an admin answer contains a key fragment (${fragment.slice(0, 6)}…): ${text.slice(0, 200)}`);
    }
  });
});
