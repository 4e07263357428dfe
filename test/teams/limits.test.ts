/**
 * The limit algorithms on an exact clock: GCRA for requests per minute, the sliding window counter for tokens
 * per minute, budgets by period. The same scenarios run on the per-process limits and on the Redis script
 * (against the real local Redis, keys under a prefix of their own; skipped without REDIS_URL), which must agree.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { gcra, slidingWindow } from '../../src/teams/limits/algorithms.js';
import { MemoryLimits } from '../../src/teams/limits/memory-limits.js';
import { RedisLimits } from '../../src/teams/limits/redis-limits.js';
import { grantedHeaders, verdictOf, duration, type LimitSpec, type LimitState } from '../../src/teams/limits/verdict.js';
import { periodOf, toNano } from '../../src/teams/limits/budget-period.js';

const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
const REDIS_URL = process.env.REDIS_URL;

const spec = (over: Partial<LimitSpec> = {}): LimitSpec => ({ keyId: `key_${randomBytes(6).toString('hex')}`, keyName: 'test', rpm: null, tpm: null, budgetNano: null, period: 'month', ...over });

describe('GCRA (requests per minute)', () => {
  it('lets the whole burst through at once, then one request per interval, with the exact wait', () => {
    let tat = 0;
    const rpm = 60;
    let allowed = 0;
    for (let i = 0; i < 100; i++) {
      const r = gcra(tat, T0, rpm, rpm);
      if (r.ok) {
        allowed++;
        tat = r.tat;
      } else {
        assert.equal(r.retryAfterMs, 1000, 'one interval until the next slot');
      }
    }
    assert.equal(allowed, 60);
    assert.equal(gcra(tat, T0 + 999, rpm, rpm).ok, false);
    const next = gcra(tat, T0 + 1000, rpm, rpm);
    assert.equal(next.ok, true);
    assert.equal(next.remaining, 0);
  });

  it('over a span D it allows burst + D / interval (the documented bound)', () => {
    let tat = 0;
    let allowed = 0;
    // 200 requests evenly over 10 s at rpm 60: 60 + 10.
    for (let i = 0; i < 200; i++) {
      const r = gcra(tat, T0 + i * 50, 60, 60);
      if (r.ok) {
        allowed++;
        tat = r.tat;
      }
    }
    assert.equal(allowed, 60 + 9, '60 at once, then one a second over the 9.95 s the requests span');
  });
});

describe('sliding window counter (tokens per minute)', () => {
  it('weights the previous window by how much of it is still inside the last minute', () => {
    // 30 s into a window: half of the previous window's 1000 tokens count.
    const at = T0 + 30_000;
    assert.equal(slidingWindow({ current: 100, previous: 1000 }, at, 1000).used, 600);
    assert.equal(slidingWindow({ current: 100, previous: 1000 }, at, 1000).ok, true);
    const refused = slidingWindow({ current: 600, previous: 1000 }, at, 1000);
    assert.equal(refused.ok, false);
    // 1100 used: 100 must slide out, at 1000 tokens a minute of previous window: 6 s.
    assert.equal(refused.retryAfterMs, 6001);
    assert.equal(slidingWindow({ current: 600, previous: 1000 }, at + 6001, 1000).ok, true);
  });

  it('a current window over the limit waits into the next one', () => {
    const at = T0 + 30_000;
    const refused = slidingWindow({ current: 2000, previous: 0 }, at, 1000);
    // 30 s to the window's end, then half of the 2000 must slide out: 30 s more.
    assert.equal(refused.retryAfterMs, 60_001);
  });
});

describe('budget periods', () => {
  it('days and months in UTC; total never resets', () => {
    assert.deepEqual(periodOf('day', T0), { label: '2026-12-06', start: Date.UTC(2026, 11, 6), end: Date.UTC(2026, 11, 7) });
    assert.deepEqual(periodOf('month', T0), { label: '2026-12', start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
    assert.deepEqual(periodOf('total', T0), { label: 'total', start: 0, end: null });
  });

  it('over budget: insufficient_quota naming the budget and its reset', () => {
    const state: LimitState = { refused: 'budget', tat: 0, tokensCurrent: 0, tokensPrevious: 0, spentNano: toNano(5.01) };
    const v = verdictOf(spec({ budgetNano: toNano(5), period: 'month' }), state, T0);
    assert.equal(v.ok, false);
    if (v.ok) return;
    assert.match(v.message, /monthly budget of \$5\.00 is spent/);
    assert.match(v.message, /resets at 2027-01-01T00:00:00\.000Z/);
    assert.equal(v.headers['retry-after'], String(Math.ceil((Date.UTC(2027, 0, 1) - T0) / 1000)));
  });

  it('reset times are written as OpenAI writes them', () => {
    assert.deepEqual([duration(20), duration(1000), duration(1001), duration(90_000)], ['20ms', '1s', '2s', '1m30s']);
    assert.deepEqual([duration(-5), duration(0), duration(0.2), duration(998.5), duration(999.5)], ['0ms', '0ms', '1ms', '999ms', '1000ms']);
  });

  it('the headers of a granted request are the numbers gcra() and slidingWindow() give, for any state', () => {
    // A reference written with the algorithm functions themselves, against the hot path's own arithmetic.
    const reference = (s: LimitSpec, tat: number, current: number, previous: number, now: number): string[] => {
      const out: string[] = [];
      if (s.rpm !== null) {
        const r = gcra(tat, now, s.rpm, s.rpm);
        out.push('x-ratelimit-limit-requests', String(s.rpm), 'x-ratelimit-remaining-requests', String(r.remaining), 'x-ratelimit-reset-requests', duration(r.resetMs));
      }
      if (s.tpm !== null) {
        const w = slidingWindow({ current, previous }, now, s.tpm);
        out.push('x-ratelimit-limit-tokens', String(s.tpm), 'x-ratelimit-remaining-tokens', String(w.remaining), 'x-ratelimit-reset-tokens', duration(w.resetMs));
      }
      return out;
    };
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 5000; i++) {
      const s = spec({ rpm: random() < 0.2 ? null : 1 + Math.floor(random() * 10 ** (1 + random() * 8)), tpm: random() < 0.2 ? null : 1 + Math.floor(random() * 10 ** (1 + random() * 9)) });
      const now = T0 + Math.floor(random() * 3 * 60_000) + (random() < 0.5 ? random() : 0);
      // TATs behind, at and ahead of now (ahead far enough that the request would be refused), as Redis rounds them.
      const tat = random() < 0.2 ? 0 : Number((now + (random() - 0.3) * 120_000).toFixed(3));
      const current = random() < 0.3 ? 0 : Math.floor(random() * 2 * (s.tpm ?? 1000));
      const previous = random() < 0.3 ? 0 : Math.floor(random() * 2 * (s.tpm ?? 1000));
      assert.deepEqual(grantedHeaders(s, tat, current, previous, now), reference(s, tat, current, previous, now), JSON.stringify({ s, tat, current, previous, now }));
      assert.deepEqual(verdictOf(s, { refused: null, tat, tokensCurrent: current, tokensPrevious: previous, spentNano: 0 }, now).headers, reference(s, tat, current, previous, now));
    }
  });
});

interface Limits {
  admit(spec: LimitSpec, now: number): LimitState | Promise<LimitState>;
  settle(spec: LimitSpec, tokens: number, nano: number, now: number): void | Promise<void>;
}

/** The scenarios both stores must pass alike. */
function scenarios(name: string, make: () => Limits | undefined, skip: string | false): void {
  describe(`limits in ${name}`, () => {
    it('rpm 60: 60 of 200 at once, the rest refused with a one-second wait; the next second lets one more in', { skip }, async () => {
      const limits = make()!;
      const s = spec({ rpm: 60 });
      const verdicts = [];
      for (let i = 0; i < 200; i++) verdicts.push(verdictOf(s, await limits.admit(s, T0), T0));
      assert.equal(verdicts.filter((v) => v.ok).length, 60);
      const refused = verdicts.find((v) => !v.ok)!;
      assert.equal(refused.headers['retry-after'], '1');
      assert.equal(refused.headers['x-ratelimit-remaining-requests'], '0');
      assert.equal(verdictOf(s, await limits.admit(s, T0 + 1000), T0 + 1000).ok, true);
      assert.equal(verdictOf(s, await limits.admit(s, T0 + 1000), T0 + 1000).ok, false);
    });

    it('tpm: tokens counted at the end; refused once the window holds the limit, let in again as it slides', { skip }, async () => {
      const limits = make()!;
      const s = spec({ tpm: 1000 });
      assert.equal((await limits.admit(s, T0 + 1000)).refused, null);
      await limits.settle(s, 1200, 0, T0 + 1000);
      const state = await limits.admit(s, T0 + 2000);
      assert.equal(state.refused, 'tpm');
      assert.equal(state.tokensCurrent, 1200);
      // Next window, 54 s later: 1200 × (60 − x)/60 < 1000 from x = 10 s.
      assert.equal((await limits.admit(s, T0 + 60_000 + 9_000)).refused, 'tpm');
      assert.equal((await limits.admit(s, T0 + 60_000 + 11_000)).refused, null);
    });

    it('budget: stopped once spend reaches it; a new period starts from zero', { skip }, async () => {
      const limits = make()!;
      const s = spec({ budgetNano: toNano(0.001), period: 'day' });
      let served = 0;
      for (let i = 0; i < 10; i++) {
        const state = await limits.admit(s, T0);
        if (state.refused) break;
        served++;
        await limits.settle(s, 0, toNano(0.0004), T0);
      }
      assert.equal(served, 3, 'the third request crosses the budget by less than one request');
      assert.equal((await limits.admit(s, T0)).refused, 'budget');
      assert.equal((await limits.admit(s, Date.UTC(2026, 11, 7, 0, 0, 1))).refused, null, 'the next day');
    });

    it('a refused request counts for nothing: the budget check comes before the request is counted', { skip }, async () => {
      const limits = make()!;
      const s = spec({ rpm: 2, budgetNano: 1 });
      await limits.settle(s, 0, 5, T0);
      for (let i = 0; i < 5; i++) assert.equal((await limits.admit(s, T0)).refused, 'budget');
      const clear = spec({ keyId: s.keyId, rpm: 2 });
      assert.equal((await limits.admit(clear, T0)).refused, null);
      assert.equal((await limits.admit(clear, T0)).refused, null);
      assert.equal((await limits.admit(clear, T0)).refused, 'rpm');
    });
  });
}

scenarios('this process', () => new MemoryLimits(), false);

let redis: Redis | undefined;
const prefix = `wai-test-${randomBytes(6).toString('hex')}`;
scenarios('Redis (one Lua script per decision)', () => {
  redis ??= new Redis(REDIS_URL!, { maxRetriesPerRequest: 1 });
  const limits = new RedisLimits(redis, prefix);
  return { admit: (s, now) => limits.admit(s, now), settle: (s, tokens, costNano, now) => limits.settle([{ spec: s, tokens, costNano }], now) };
}, REDIS_URL ? false : 'REDIS_URL not set');

describe('a limiter batch in Redis (one script per key)', { skip: REDIS_URL ? false : 'REDIS_URL not set' }, () => {
  const limitsOf = () => {
    redis ??= new Redis(REDIS_URL!, { maxRetriesPerRequest: 1 });
    return new RedisLimits(redis, prefix);
  };

  it('adds a key\'s tokens and cost before counting its requests; the counters come back in the order of the counts, for one key and for several', async () => {
    const limits = limitsOf();
    const a = spec({ rpm: 600, tpm: 100_000, budgetNano: toNano(10), period: 'day' });
    const b = spec({ rpm: 60 });
    const c = spec({ tpm: 1000 });
    // One key: counts and settles in one script.
    const [one] = await limits.flush([{ spec: a, n: 3 }], [{ spec: a, tokens: 120, costNano: 5000 }], T0);
    assert.deepEqual(one, { refused: null, tat: T0 + 300, tokensCurrent: 120, tokensPrevious: 0, spentNano: 5000 });
    // Several keys, a settle-only key among them: states only for the counts, in their order.
    const states = await limits.flush([{ spec: b, n: 2 }, { spec: a, n: 1 }], [{ spec: c, tokens: 40, costNano: 0 }, { spec: a, tokens: 30, costNano: 7 }], T0 + 10);
    assert.equal(states.length, 2);
    assert.deepEqual(states[0], { refused: null, tat: T0 + 10 + 2000, tokensCurrent: 0, tokensPrevious: 0, spentNano: 0 });
    assert.deepEqual(states[1], { refused: null, tat: T0 + 400, tokensCurrent: 150, tokensPrevious: 0, spentNano: 5007 });
    // Settles alone return nothing, and what they added is what Redis decides on.
    assert.deepEqual(await limits.flush([], [{ spec: c, tokens: 960, costNano: 0 }], T0 + 20), []);
    const refused = await limits.admit(c, T0 + 30);
    assert.equal(refused.refused, 'tpm');
    assert.equal(refused.tokensCurrent, 1000);
  });

  it('counts only what a key limits: no tokens without tpm, no spend without a budget; a total budget\'s spend never expires, a day\'s does', async () => {
    const limits = limitsOf();
    const rpmOnly = spec({ rpm: 60 });
    const [state] = await limits.flush([{ spec: rpmOnly, n: 1 }], [{ spec: rpmOnly, tokens: 500, costNano: 900 }], T0);
    assert.deepEqual(state, { refused: null, tat: T0 + 1000, tokensCurrent: 0, tokensPrevious: 0, spentNano: 0 });
    const total = spec({ budgetNano: toNano(1), period: 'total', tpm: 10_000 });
    await limits.settle([{ spec: total, tokens: 5, costNano: 11 }], T0);
    const base = `${prefix}:limits:{${total.keyId}}`;
    assert.equal(await redis!.pttl(`${base}:spend:total`), -1);
    const tokensTtl = await redis!.pttl(`${base}:tpm:${Math.floor(T0 / 60_000)}`);
    assert.ok(tokensTtl > 2 * 60_000 && tokensTtl <= 2 * 60_000 + 1000, String(tokensTtl));
    const daily = spec({ budgetNano: toNano(1), period: 'day' });
    const now = Date.now();
    await limits.settle([{ spec: daily, tokens: 0, costNano: 11 }], now);
    const spendTtl = await redis!.pttl(`${prefix}:limits:{${daily.keyId}}:spend:${periodOf('day', now).label}`);
    assert.ok(spendTtl > 86_400_000 && spendTtl <= periodOf('day', now).end! - now + 86_400_000, String(spendTtl));
  });
});

after(async () => {
  if (!redis) return;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
});


describe('the limiter of several instances on one Redis', { skip: REDIS_URL ? false : 'REDIS_URL not set' }, () => {
  it('far from the limit requests go in on the instance\'s view, near it Redis decides: two instances let exactly rpm through', async () => {
    const { ClientLimiter } = await import('../../src/teams/limits/client-limiter.js');
    const { ManualClock } = await import('../helpers/manual-clock.js');
    const { pino } = await import('pino');
    const clock = new ManualClock(T0);
    const clients = [new Redis(REDIS_URL!), new Redis(REDIS_URL!)];
    try {
      await Promise.all(clients.map((c) => c.ping()));
      const [a, b] = clients.map((client) => new ClientLimiter(clock, pino({ level: 'silent' }), { client, prefix }));
      const s = spec({ rpm: 100, budgetNano: toNano(1) });
      let ok = 0;
      for (let i = 0; i < 150; i++) {
        const verdict = await (i % 2 ? b! : a!).admit(s);
        if (verdict.ok) ok++;
        // Let the batched counts of this turn reach Redis, as a server's event loop would between requests.
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(ok, 100);
      assert.equal(a!.status().store, 'redis');
    } finally {
      for (const c of clients) c.disconnect();
    }
  });

  it('a decision Redis answered in time is Redis\'s, even when this process was too busy to read it before the limit ran out', async () => {
    const { ClientLimiter } = await import('../../src/teams/limits/client-limiter.js');
    const { connectTeamsRedis } = await import('../../src/teams/connect-teams-redis.js');
    const { systemClock } = await import('../../src/internal/clock.js');
    const { pino } = await import('pino');
    const log = pino({ level: 'silent' });
    // The connection the gateway makes (its command timeouts included), on the system clock as in a gateway.
    const teamsRedis = await connectTeamsRedis(REDIS_URL!, log);
    try {
      const limiter = new ClientLimiter(systemClock, log, { client: teamsRedis.client, prefix });
      const s = spec({ rpm: 10 });
      const decided = limiter.admit(s);
      assert.ok(decided instanceof Promise, 'no view yet: Redis decides');
      // The process is busy for longer than a decision may take (a stall, as under load or in a long GC); Redis
      // answers meanwhile. The reply waits in the socket when the timer fires, and must be read, not timed out.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      assert.equal((await decided).ok, true);
      assert.equal(limiter.status().fallbacks, 0, 'decided by Redis, not in this process');
      assert.equal(limiter.status().store, 'redis');
    } finally {
      teamsRedis.close();
    }
  });

  it('each request is counted once in its headers, whether Redis decided it or the view did: remaining falls by one', async () => {
    const { ClientLimiter } = await import('../../src/teams/limits/client-limiter.js');
    const { ManualClock } = await import('../helpers/manual-clock.js');
    const { pino } = await import('pino');
    const clock = new ManualClock(T0);
    const client = new Redis(REDIS_URL!);
    try {
      await client.ping();
      const limiter = new ClientLimiter(clock, pino({ level: 'silent' }), { client, prefix });
      const s = spec({ rpm: 1000 });
      const remaining: number[] = [];
      let onView = 0;
      for (let i = 0; i < 60; i++) {
        const decided = limiter.admit(s);
        if (!(decided instanceof Promise)) onView++;
        const verdict = await decided;
        assert.ok(verdict.ok);
        remaining.push(Number(verdict.headers[verdict.headers.indexOf('x-ratelimit-remaining-requests') + 1]));
        // Every few requests the batched counts reach Redis and the view is refreshed, as on a busy server.
        if (i % 7 === 6) await new Promise((resolve) => setTimeout(resolve, 120));
      }
      assert.ok(onView > 40, `most requests decided on the view (${onView})`);
      assert.deepEqual(remaining, Array.from({ length: 60 }, (_, i) => 999 - i));
    } finally {
      client.disconnect();
    }
  });
});
