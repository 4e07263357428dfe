import type { Redis } from 'ioredis';
import type { Clock } from '../../internal/clock.js';
import type { Logger } from '../../internal/logger.js';
import { MemoryLimits } from './memory-limits.js';
import { RedisLimits } from './redis-limits.js';
import { verdictOf, type LimitSpec, type Verdict } from './verdict.js';

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

/**
 * The per-key limiter. With Redis it decides through one script call per request; a Redis that is not
 * connected is not waited for (its offline queue is off, so a command fails at once) and a slow one only up to
 * the client's command timeout: either way this request, and the ones after it, are decided in this process
 * until Redis answers again. Limits never wait on Redis longer than that timeout.
 */
export class ClientLimiter {
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #memory = new MemoryLimits();
  readonly #redis: RedisLimits | undefined;
  readonly #client: Redis | undefined;
  #status: LimitsStatus;

  constructor(clock: Clock, log: Logger, redis?: { client: Redis; prefix: string }) {
    this.#clock = clock;
    this.#log = log;
    this.#client = redis?.client;
    this.#redis = redis ? new RedisLimits(redis.client, redis.prefix) : undefined;
    this.#status = { store: 'memory', degraded: !!redis, reason: redis ? 'not connected yet' : null, since: clock.now(), fallbacks: 0 };
  }

  status(): LimitsStatus {
    if (this.#client && this.#client.status !== 'ready') this.#toMemory(`redis connection ${this.#client.status}`);
    else if (this.#client && this.#status.degraded && this.#status.reason?.startsWith('redis connection')) this.#toRedis();
    return { ...this.#status };
  }

  async admit(spec: LimitSpec): Promise<Verdict> {
    const now = this.#clock.now();
    if (this.#redis && this.#client?.status === 'ready') {
      try {
        const state = await this.#redis.admit(spec, now);
        this.#toRedis();
        return verdictOf(spec, state, now);
      } catch (error) {
        this.#toMemory((error as Error).message);
      }
    } else if (this.#redis) {
      this.#toMemory(`redis connection ${this.#client?.status ?? 'missing'}`);
    }
    if (this.#redis) this.#status.fallbacks++;
    return verdictOf(spec, this.#memory.admit(spec, now), now);
  }

  /** Counts a finished request's tokens and cost where its admission was decided now (never awaited by a request). */
  settle(spec: LimitSpec, tokens: number, costNano: number): void {
    const now = this.#clock.now();
    if (this.#redis && this.#client?.status === 'ready') {
      this.#redis.settle(spec, tokens, costNano, now).catch((error: unknown) => {
        this.#toMemory((error as Error).message);
        this.#memory.settle(spec, tokens, costNano, now);
      });
      return;
    }
    this.#memory.settle(spec, tokens, costNano, now);
  }

  #toRedis(): void {
    if (this.#status.store === 'redis') return;
    this.#status = { store: 'redis', degraded: false, reason: null, since: this.#clock.now(), fallbacks: this.#status.fallbacks };
    this.#log.info({ component: 'limits' }, 'client key limits shared through Redis');
  }

  #toMemory(reason: string): void {
    if (this.#status.store === 'memory' && this.#status.degraded) return;
    const wasShared = this.#status.store === 'redis';
    this.#status = { store: 'memory', degraded: !!this.#redis, reason, since: this.#clock.now(), fallbacks: this.#status.fallbacks };
    if (wasShared) this.#log.warn({ component: 'limits', reason }, 'Redis unavailable: client key limits are counted per process until it answers again');
  }
}
