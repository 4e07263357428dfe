import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';

/** Take the lease when free (SET NX PX), or renew it when this instance holds it; 1 when held after the call. */
const ACQUIRE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`;
/** Give the lease up, only if it is still this instance's. */
const RELEASE_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

interface WithLease {
  waiLeaseAcquire(key: string, owner: string, ms: number): Promise<number>;
  waiLeaseRelease(key: string, owner: string): Promise<number>;
}

/**
 * One prober for many instances: the background probes run only on the instance that holds this lease in Redis.
 * Every instance tries to take or renew it every third of its length; the holder renews it, so it keeps it while
 * alive, and when it dies the lease runs out and the next instance to try takes it (within one lease length).
 * An instance counts itself the holder only until its last renewal would have run out. When Redis cannot be
 * reached, every instance probes on its own, as without Redis: health must still be learned.
 */
export class ProbeLease {
  readonly instance = randomUUID();
  readonly #redis: Redis & WithLease;
  readonly #key: string;
  readonly #leaseMs: number;
  readonly #clock: Clock;
  readonly #log: Logger;
  #heldUntil = 0;
  #reachable = true;
  #timer: NodeJS.Timeout | undefined;

  constructor(redis: Redis, prefix: string, leaseMs: number, clock: Clock, log: Logger) {
    redis.defineCommand('waiLeaseAcquire', { numberOfKeys: 1, lua: ACQUIRE_LUA });
    redis.defineCommand('waiLeaseRelease', { numberOfKeys: 1, lua: RELEASE_LUA });
    this.#redis = redis as Redis & WithLease;
    this.#key = `${prefix}:probe-lease`;
    this.#leaseMs = leaseMs;
    this.#clock = clock;
    this.#log = log;
  }

  /** Whether this instance should run the probes now. */
  get mayProbe(): boolean {
    return !this.#reachable || this.held;
  }

  get held(): boolean {
    return this.#clock.now() < this.#heldUntil;
  }

  status(): { held: boolean; instance: string; leaseMs: number; redisReachable: boolean } {
    return { held: this.held, instance: this.instance, leaseMs: this.#leaseMs, redisReachable: this.#reachable };
  }

  start(): Promise<void> {
    this.#timer = setInterval(() => void this.tick(), Math.max(100, Math.floor(this.#leaseMs / 3)));
    this.#timer.unref();
    return this.tick();
  }

  async tick(): Promise<void> {
    const asked = this.#clock.now();
    try {
      const held = (await this.#redis.waiLeaseAcquire(this.#key, this.instance, this.#leaseMs)) === 1;
      const was = this.held;
      this.#heldUntil = held ? asked + this.#leaseMs : 0;
      this.#reachable = true;
      if (held && !was) this.#log.info({ component: 'probe-lease', instance: this.instance }, 'this instance now runs the background probes');
    } catch {
      this.#heldUntil = 0;
      this.#reachable = false;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    if (!this.held) return;
    this.#heldUntil = 0;
    await this.#redis.waiLeaseRelease(this.#key, this.instance).catch(() => 0);
  }
}
