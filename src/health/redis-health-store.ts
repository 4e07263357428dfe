import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BreakerState } from './breaker-state.js';
import type { HealthStore } from './health-store.js';
import { isRecord, parseJson } from '../internal/json.js';

/** A state nobody touched for this long is forgotten (it would be closed by then anyway). */
const TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Breaker states shared by every gateway instance through Redis. Reads stay synchronous and local (the planner
 * reads on every request); each change is written to Redis and published, and every instance applies what the
 * others publish, so a breaker one instance opens is open for all within a round trip.
 * A half-open probe is claimed per instance: at most one probe per instance per cool-down.
 */
export class RedisHealthStore implements HealthStore {
  readonly #local = new Map<string, BreakerState>();
  readonly #client: Redis;
  readonly #subscriber: Redis;
  readonly #instance = randomUUID();
  readonly #onError: (error: Error) => void;
  readonly #prefix: string;
  readonly #channel: string;

  private constructor(url: string, onError: (error: Error) => void, namespace: string) {
    this.#onError = onError;
    this.#prefix = `${namespace}:health:`;
    this.#channel = `${namespace}:health:changes`;
    // Commands queue while Redis is away; health keeps working from the local view meanwhile.
    this.#client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    this.#subscriber = new Redis(url, { lazyConnect: true });
    this.#client.on('error', onError);
    this.#subscriber.on('error', onError);
  }

  /** Connects, loads the states other instances already wrote, and starts following their changes. */
  static async connect(url: string, onError: (error: Error) => void = () => {}, namespace = 'wai'): Promise<RedisHealthStore> {
    const store = new RedisHealthStore(url, onError, namespace);
    await store.#client.connect();
    await store.#subscriber.connect();
    await store.#subscriber.subscribe(store.#channel);
    store.#subscriber.on('message', (_channel: string, message: string) => store.#apply(message));
    let cursor = '0';
    do {
      const [next, keys] = await store.#client.scan(cursor, 'MATCH', `${store.#prefix}*`, 'COUNT', 200);
      cursor = next;
      if (keys.length) {
        const values = await store.#client.mget(...keys);
        keys.forEach((key, i) => {
          const parsed = values[i] ? parseJson<BreakerState>(values[i]!) : undefined;
          if (parsed?.ok) store.#local.set(key.slice(store.#prefix.length), parsed.value);
        });
      }
    } while (cursor !== '0');
    return store;
  }

  get(key: string): BreakerState | undefined {
    return this.#local.get(key);
  }

  set(key: string, state: BreakerState): void {
    this.#local.set(key, state);
    const json = JSON.stringify(state);
    this.#client.set(`${this.#prefix}${key}`, json, 'PX', TTL_MS).catch(this.#onError);
    this.#client.publish(this.#channel, JSON.stringify({ from: this.#instance, key, state })).catch(this.#onError);
  }

  delete(key: string): void {
    this.#local.delete(key);
    this.#client.del(`${this.#prefix}${key}`).catch(this.#onError);
    this.#client.publish(this.#channel, JSON.stringify({ from: this.#instance, key, state: null })).catch(this.#onError);
  }

  entries(): IterableIterator<[string, BreakerState]> {
    return this.#local.entries();
  }

  async close(): Promise<void> {
    this.#subscriber.disconnect();
    await this.#client.quit().catch(() => this.#client.disconnect());
  }

  #apply(message: string): void {
    const parsed = parseJson(message);
    if (!parsed.ok || !isRecord(parsed.value) || parsed.value.from === this.#instance || typeof parsed.value.key !== 'string') return;
    const { key, state } = parsed.value;
    if (state === null) this.#local.delete(key);
    else if (isRecord(state)) this.#local.set(key, state as unknown as BreakerState);
  }
}
