import type { Redis } from 'ioredis';
import type { BudgetPeriod } from '../client-key.js';
import type { Clock } from '../../internal/clock.js';
import type { Logger } from '../../internal/logger.js';
import { gcraRemaining, windowIndex, windowUsed } from './algorithms.js';
import { periodOf } from './budget-period.js';
import { MemoryLimits } from './memory-limits.js';
import { RedisLimits } from './redis-limits.js';
import { LIMIT_COMMAND_TIMEOUT_MS } from '../connect-teams-redis.js';
import { burstOf, grantedHeaders, verdictOf, type LimitSpec, type LimitState, type Verdict } from './verdict.js';

/** Where limits are counted now, for /admin/status and /metrics. */
export interface LimitsStatus {
  /** `redis`: shared by every instance; `memory`: this process only (no Redis configured, or it cannot be reached). */
  store: 'redis' | 'memory';
  /** Redis is configured but not answering: each instance enforces the limits on its own traffic. */
  degraded: boolean;
  reason: string | null;
  /** When the current store took over (ms since the epoch). */
  since: number;
  /** Decisions taken in this process because Redis failed or was away. */
  fallbacks: number;
}

/** This instance's view of a key's shared counters: the last state Redis answered, and what it let in since. */
interface View {
  state: LimitState;
  at: number;
  /** Requests let in on this view and not yet counted in Redis. */
  uncounted: number;
  /**
   * What roomy() needs of the view itself, worked out once: the requests to spare in it, its token window and
   * budget period, for these limits (`rpm`, `budgetPeriod`: a key changed since has its next decision made by Redis).
   */
  rpm: number | null;
  budgetPeriod: BudgetPeriod;
  spareRequests: number;
  window: number;
  period: string;
}

function viewOf(spec: LimitSpec, state: LimitState, at: number, uncounted: number): View {
  const spareRequests = spec.rpm === null ? 0 : gcraRemaining(state.tat, at, spec.rpm, burstOf(spec.rpm)) - marginOf(spec.rpm);
  return { state, at, uncounted, rpm: spec.rpm, budgetPeriod: spec.period, spareRequests, window: windowIndex(at), period: periodOf(spec.period, at).label };
}

/** A view older than this is not trusted for a decision. */
const VIEW_MS = 1_000;
/**
 * Requests are let in without waiting for Redis only while every limit has this much room left in the last view
 * (a quarter of it, and at least 16 requests): what the instances let in between two views stays far below it, so
 * near a limit every decision is Redis's own, exact one.
 */
const ROOM_SHARE = 0.25;
const ROOM_REQUESTS = 16;
/**
 * What was let in on views, and what finished far from any limit, goes to Redis in one batch at most this late:
 * one round trip per batch instead of two per request. Finished requests of a key near a limit go at once, so the
 * next decision (Redis's own, near a limit) sees their cost. How much an instance lets in on one view is bounded
 * by the room (roomy()), not by this delay; the delay only has to stay well under VIEW_MS so busy views stay
 * fresh. Each round trip wakes Redis and the gateway: at 20 ms it cost a busy gateway about a tenth of its CPU.
 */
const BATCH_MS = 100;
/** See roomy(). */
const SHARING_INSTANCES = 8;

/**
 * The per-key limiter. With Redis, a request far from every limit of its key is let in on this instance's
 * latest view of the shared counters (refreshed within the same turn of the event loop, when the request is
 * counted in Redis, batched with the others of that turn); near a limit, or without a fresh view, it waits for
 * one atomic decision of the Redis script. So the hot path rarely waits on Redis and the limit still holds
 * across instances. A Redis that is not connected is not waited for (no offline queue: a command fails at once)
 * and a slow one only up to the client's command timeout: then this request, and the ones after it, are decided
 * in this process until Redis answers again.
 */
export class ClientLimiter {
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #memory = new MemoryLimits();
  readonly #redis: RedisLimits | undefined;
  readonly #client: Redis | undefined;
  readonly #views = new Map<string, View>();
  /** Per key, the most tokens and cost one request of it has used here: what one more request may add. */
  readonly #largest = new Map<string, { tokens: number; costNano: number }>();
  /** Per key: requests let in on a view, and tokens and cost of finished requests, to send at the end of this turn. */
  readonly #toCount = new Map<string, { spec: LimitSpec; n: number }>();
  /** Per key, summed: one INCRBY per counter and key per batch, however many requests finished. */
  #toSettle = new Map<string, { spec: LimitSpec; tokens: number; costNano: number }>();
  #timer: NodeJS.Timeout | undefined;
  #status: LimitsStatus;

  constructor(clock: Clock, log: Logger, redis?: { client: Redis; prefix: string }) {
    this.#clock = clock;
    this.#log = log;
    this.#client = redis?.client;
    this.#redis = redis ? new RedisLimits(redis.client, redis.prefix) : undefined;
    this.#status = { store: 'memory', degraded: !!redis, reason: redis ? 'redis connection not ready yet' : null, since: clock.now(), fallbacks: 0 };
  }

  status(): LimitsStatus {
    if (this.#client && this.#client.status !== 'ready') this.#toMemory(`redis connection ${this.#client.status}`);
    else if (this.#client && this.#status.degraded && this.#status.reason?.startsWith('redis connection')) this.#toRedis();
    return { ...this.#status };
  }

  /**
   * The decision for one request: at once on this instance's view far from every limit, else Redis's (or
   * memory's). `now`: the caller's reading of this limiter's clock, when it has one.
   */
  admit(spec: LimitSpec, now = this.#clock.now()): Verdict | Promise<Verdict> {
    if (this.#redis && this.#client?.status === 'ready') {
      const view = this.#views.get(spec.keyId);
      if (view && roomy(spec, view, now, this.#largest.get(spec.keyId))) {
        // The headers count this request, as Redis's answer does: worked out on the view as it was before it.
        const headers = grantedHeaders(spec, projectedTat(spec, view, now), view.state.tokensCurrent, view.state.tokensPrevious, now);
        view.uncounted++;
        this.#count(spec);
        return { ok: true, headers };
      }
      return this.#admitInRedis(spec, now);
    }
    if (this.#redis) {
      this.#toMemory(`redis connection ${this.#client?.status ?? 'missing'}`);
      this.#status.fallbacks++;
    }
    return verdictOf(spec, this.#memory.admit(spec, now), now);
  }

  async #admitInRedis(spec: LimitSpec, now: number): Promise<Verdict> {
    try {
      // What this instance let in on its view and has not sent yet is counted first: near a limit Redis is exact.
      const queued = this.#toCount.get(spec.keyId);
      if (queued) {
        this.#toCount.delete(spec.keyId);
        await this.#inTime(this.#redis!.count(spec, queued.n, now));
      }
      const state = await this.#inTime(this.#redis!.admit(spec, now));
      this.#views.set(spec.keyId, viewOf(spec, state.refused ? state : advanced(spec, state, now, 1), now, this.#toCount.get(spec.keyId)?.n ?? 0));
      this.#toRedis();
      return verdictOf(spec, state, now);
    } catch (error) {
      this.#toMemory((error as Error).message);
    }
    this.#status.fallbacks++;
    return verdictOf(spec, this.#memory.admit(spec, now), now);
  }

  /**
   * A command a request waits on, given up after LIMIT_COMMAND_TIMEOUT_MS on this limiter's clock. When the time is
   * up, a reply that has already arrived is read first (one turn of the event loop's I/O): after a stall of this
   * process (load, a long GC), a timely answer waiting in the socket is Redis's decision, not a timeout.
   */
  #inTime<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = this.#clock.setTimeout(() => setImmediate(() => {
        if (settled) return;
        settled = true;
        reject(new Error(`redis did not answer within ${LIMIT_COMMAND_TIMEOUT_MS} ms`));
      }), LIMIT_COMMAND_TIMEOUT_MS);
      const settle = (done: () => void) => {
        if (settled) return;
        settled = true;
        this.#clock.clearTimeout(timer);
        done();
      };
      command.then((value) => settle(() => resolve(value)), (error: unknown) => settle(() => reject(error)));
    });
  }

  /**
   * Counts a finished request's tokens and cost where limits are kept now (never awaited by a request). Near a
   * limit the count is written to Redis at once, before the caller gets its answer.
   */
  settle(spec: LimitSpec, tokens: number, costNano: number): void {
    let largest = this.#largest.get(spec.keyId);
    if (!largest) this.#largest.set(spec.keyId, (largest = { tokens, costNano }));
    else {
      largest.tokens = Math.max(largest.tokens, tokens);
      largest.costNano = Math.max(largest.costNano, costNano);
    }
    if (this.#redis && this.#client?.status === 'ready') {
      const pending = this.#toSettle.get(spec.keyId);
      if (pending) {
        pending.tokens += tokens;
        pending.costNano += costNano;
        pending.spec = spec;
      } else {
        this.#toSettle.set(spec.keyId, { spec, tokens, costNano });
      }
      const view = this.#views.get(spec.keyId);
      this.#schedule(!view || !roomy(spec, view, this.#clock.now(), largest));
      return;
    }
    this.#memory.settle(spec, tokens, costNano, this.#clock.now());
  }

  #count(spec: LimitSpec): void {
    const entry = this.#toCount.get(spec.keyId);
    if (entry) entry.n++;
    else this.#toCount.set(spec.keyId, { spec, n: 1 });
    this.#schedule(false);
  }

  /** Now when `urgent` (the commands are written before the caller's answer), else within BATCH_MS. */
  #schedule(urgent: boolean): void {
    if (urgent) {
      void this.#flush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.#flush(), BATCH_MS);
      this.#timer.unref();
    }
  }

  /** One round trip (one pipeline) for what was let in on views and what finished since the last. */
  async #flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const counts = [...this.#toCount.values()];
    this.#toCount.clear();
    const settles = [...this.#toSettle.values()];
    this.#toSettle.clear();
    const redis = this.#redis!;
    const now = this.#clock.now();
    const before = counts.map(({ spec }) => this.#views.get(spec.keyId));
    try {
      const states = await redis.flush(counts, settles, now);
      counts.forEach(({ spec, n }, i) => {
        // A decision of Redis's own replaced the view meanwhile: it is newer than this answer, and kept.
        if (this.#views.get(spec.keyId) !== before[i]) return;
        this.#views.set(spec.keyId, viewOf(spec, states[i]!, now, Math.max(0, (before[i]?.uncounted ?? n) - n)));
      });
    } catch (error) {
      // What could not be counted in Redis is counted here, and the views are dropped: decisions go through Redis or memory.
      this.#views.clear();
      for (const s of settles) this.#memory.settle(s.spec, s.tokens, s.costNano, now);
      this.#toMemory((error as Error).message);
    }
  }

  #toRedis(): void {
    if (this.#status.store === 'redis') return;
    this.#status = { store: 'redis', degraded: false, reason: null, since: this.#clock.now(), fallbacks: this.#status.fallbacks };
    this.#log.info({ component: 'limits' }, 'client key limits shared through Redis');
  }

  #toMemory(reason: string): void {
    this.#views.clear();
    if (this.#status.store === 'memory' && this.#status.degraded) return;
    const wasShared = this.#status.store === 'redis';
    this.#status = { store: 'memory', degraded: !!this.#redis, reason, since: this.#clock.now(), fallbacks: this.#status.fallbacks };
    if (wasShared) this.#log.warn({ component: 'limits', reason }, 'Redis unavailable: client key limits are counted per process until it answers again');
  }
}

/** The state after `n` more requests (GCRA's TAT moved on). */
function advanced(spec: LimitSpec, state: LimitState, now: number, n: number): LimitState {
  if (spec.rpm === null || n === 0) return state;
  return { ...state, tat: Math.max(state.tat, now) + (n * 60_000) / spec.rpm };
}

/** The view's TAT with what this instance let in on it since. */
function projectedTat(spec: LimitSpec, view: View, now: number): number {
  return spec.rpm === null || view.uncounted === 0 ? view.state.tat : Math.max(view.state.tat, now) + (view.uncounted * 60_000) / spec.rpm;
}

/** Requests of room an rpm limit keeps (see ROOM_SHARE). */
function marginOf(rpm: number): number {
  return Math.max(ROOM_REQUESTS, rpm * ROOM_SHARE);
}

/**
 * Whether the view is fresh and every limit has room to spare in it (see ROOM_SHARE). Of what is to spare, an
 * instance lets in at most an eighth on one view (requests; for tokens and budget, as many of the key's largest
 * requests seen here as fit): up to eight instances letting requests in on their views at once stay within the
 * room. Until a key's first request has finished here, its token and budget limits are always Redis's decision.
 * Run for every request let in on a view (and again at its end): numbers only, nothing allocated.
 */
function roomy(spec: LimitSpec, view: View, now: number, largest: { tokens: number; costNano: number } | undefined): boolean {
  const state = view.state;
  if (now - view.at > VIEW_MS || state.refused || spec.rpm !== view.rpm || spec.period !== view.budgetPeriod) return false;
  if (spec.rpm !== null) {
    if (gcraRemaining(projectedTat(spec, view, now), now, spec.rpm, burstOf(spec.rpm)) < marginOf(spec.rpm)) return false;
    if ((view.uncounted + 1) * SHARING_INSTANCES > view.spareRequests) return false;
  }
  if (spec.tpm !== null) {
    if (!largest || windowIndex(now) !== view.window) return false;
    const spare = spec.tpm * (1 - ROOM_SHARE) - windowUsed(state.tokensCurrent, state.tokensPrevious, now);
    if ((view.uncounted + 1) * Math.max(1, largest.tokens) * SHARING_INSTANCES > spare) return false;
  }
  if (spec.budgetNano !== null) {
    if (!largest || periodOf(spec.period, now).label !== view.period) return false;
    const spare = spec.budgetNano * (1 - ROOM_SHARE) - state.spentNano;
    if ((view.uncounted + 1) * Math.max(1, largest.costNano) * SHARING_INSTANCES > spare) return false;
  }
  return true;
}
