/** The in-memory pieces behind the admin API: ring buffer, percentiles, durations, usage buckets, SSE framing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ring, quantile } from '../../../src/observe/admin/rolling.js';
import { UsageAggregator, parseDuration } from '../../../src/observe/admin/usage.js';
import { sseFrame } from '../../../src/observe/admin/event-hub.js';
import { countsForHealth } from '../../../src/observe/admin/admin-state.js';
import { parseBreakerKey } from '../../../src/health/health-key.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';

describe('Ring', () => {
  it('keeps the last N, newest first', () => {
    const ring = new Ring<number>(3);
    assert.deepEqual([...ring.newestFirst()], []);
    assert.equal(ring.last(), undefined);
    for (let i = 1; i <= 5; i++) ring.push(i);
    assert.equal(ring.size, 3);
    assert.deepEqual([...ring.newestFirst()], [5, 4, 3]);
    assert.deepEqual(ring.toArray(), [3, 4, 5]);
    assert.equal(ring.last(), 5);
    assert.throws(() => new Ring(0), RangeError);
  });
});

describe('quantile', () => {
  it('nearest rank', () => {
    assert.equal(quantile([], 0.5), null);
    assert.equal(quantile([7], 0.95), 7);
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(quantile(values, 0.5), 50);
    assert.equal(quantile(values, 0.95), 95);
    assert.equal(quantile(values, 1), 100);
    assert.equal(quantile([3, 1, 2], 0.5), 2);
  });
});

describe('parseDuration', () => {
  it('units and bare seconds', () => {
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('30'), 30_000);
    assert.equal(parseDuration('0s'), undefined);
    assert.equal(parseDuration('-1h'), undefined);
    assert.equal(parseDuration('1 week'), undefined);
  });
});

describe('UsageAggregator', () => {
  const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
  const query = (q: string) => new URLSearchParams(q);

  it('puts each request in its bucket, aligned to the bucket size, the current one last', () => {
    const usage = new UsageAggregator();
    usage.add(T0 + 5_000, { tokensIn: 10, tokensOut: 5, costUsd: 0.001, error: false });
    usage.add(T0 + 65_000, { tokensIn: 20, tokensOut: 0, costUsd: null, error: true });
    usage.add(T0 + 70_000, { tokensIn: null, tokensOut: null, costUsd: 0.002, error: false });
    usage.add(T0 - 3_600_000, { tokensIn: 1000, tokensOut: 1000, costUsd: 1, error: false });
    const series = usage.series(query('window=5m&bucket=1m'), T0 + 90_000);
    assert.equal(series.series.t.length, 5);
    assert.equal(series.series.t.at(-1), (T0 + 60_000) / 1000);
    assert.equal(series.from, T0 - 180_000);
    assert.equal(series.to, T0 + 120_000);
    assert.deepEqual(series.series.requests, [0, 0, 0, 1, 2]);
    assert.deepEqual(series.series.errors, [0, 0, 0, 0, 1]);
    assert.deepEqual(series.series.tokensIn, [0, 0, 0, 10, 20]);
    assert.deepEqual(series.series.tokensOut, [0, 0, 0, 5, 0]);
    assert.deepEqual(series.series.costUsd, [0, 0, 0, 0.001, 0.002]);
    assert.deepEqual(series.totals, { requests: 3, errors: 1, tokensIn: 30, tokensOut: 5, costUsd: 0.003 });
  });

  it('forgets what is older than a day', () => {
    const usage = new UsageAggregator();
    usage.add(T0, { tokensIn: 1, tokensOut: 1, costUsd: 0, error: false });
    assert.equal(usage.series(query('window=24h&bucket=1h'), T0 + 3_600_000).totals.requests, 1);
    // A request a day and a second later drops the first from memory (seen from a window that would still cover it).
    usage.add(T0 + 24 * 3_600_000 + 1_000, { tokensIn: 2, tokensOut: 2, costUsd: 0, error: false });
    assert.equal(usage.series(query('window=24h&bucket=1h'), T0 + 3_600_000).totals.requests, 0);
    assert.equal(usage.series(query('window=1h&bucket=1h'), T0 + 24 * 3_600_000 + 1_000).totals.tokensIn, 2);
  });

  it('refuses bad windows and buckets with a 400 naming the parameter', () => {
    const usage = new UsageAggregator();
    const refused = (q: string, param: string) => assert.throws(() => usage.series(query(q), T0), (e: unknown) => GatewayError.is(e) && e.status === 400 && e.param === param, q);
    refused('window=abc', 'window');
    refused('window=25h', 'window');
    refused('bucket=1500ms', 'bucket');
    refused('window=1h&bucket=2h', 'bucket');
    refused('window=24h&bucket=10s', 'bucket');
  });
});

describe('sseFrame and breaker keys', () => {
  it('frames an event', () => {
    assert.equal(sseFrame('request', { a: 1 }), 'event: request\ndata: {"a":1}\n\n');
  });

  it('splits health-store keys', () => {
    assert.deepEqual(parseBreakerKey('p:openai'), { provider: 'openai', model: null });
    assert.deepEqual(parseBreakerKey('m:openrouter:meta-llama/llama-3.1-405b-instruct:free'), { provider: 'openrouter', model: 'meta-llama/llama-3.1-405b-instruct:free' });
  });
});

describe('countsForHealth', () => {
  const attempt = (extra: Record<string, unknown>) => ({ provider: 'openai', model: 'm', level: 1 as const, ok: false, durationMs: 5, ...extra });
  it("the provider's failures count; the request's own faults and a caller who left do not", () => {
    assert.equal(countsForHealth(attempt({ ok: true })), true);
    assert.equal(countsForHealth(attempt({ errorClass: 'auth', status: 401 })), true);
    assert.equal(countsForHealth(attempt({ errorClass: 'transient', status: 503 })), true);
    assert.equal(countsForHealth(attempt({ errorClass: 'unsupported', status: 501 })), true);
    assert.equal(countsForHealth(attempt({ errorClass: 'invalid_request', status: 400 })), false);
    assert.equal(countsForHealth(attempt({ errorClass: 'context_length', status: 400 })), false);
    assert.equal(countsForHealth(attempt({ errorClass: 'transient', code: 'aborted' })), false);
    assert.equal(countsForHealth(attempt({ errorClass: 'unsupported' })), false);
  });
});
