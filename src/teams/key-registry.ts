import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import { hashKey, sameSecret, type ClientKey } from './client-key.js';
import { PresentedKeys } from './presented-keys.js';
import type { KeyStore } from './key-store.js';

/**
 * Every client key of the store, held in memory so the per-request check is a map lookup (a key presented
 * before: see PresentedKeys) or a hash and a map lookup (the first time). It is
 * reloaded when the store's change mark moves (polled every `pollMs`, 500 ms by default, so a key revoked
 * anywhere, by the CLI or another instance, is refused here within a second) and at once when told (a change
 * made here, or announced by another instance over Redis).
 */
export class KeyRegistry {
  readonly #store: KeyStore;
  readonly #log: Logger;
  readonly #clock: Clock;
  #byHash = new Map<string, ClientKey>();
  #byId = new Map<string, ClientKey>();
  /** Keys presented lately, to their records of this reload; emptied by every reload. */
  readonly #presented = new PresentedKeys();
  #mark: string | undefined;
  #loaded = false;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> | undefined;
  #again = false;
  #failing = false;
  #polling = false;

  constructor(store: KeyStore, clock: Clock, log: Logger) {
    this.#store = store;
    this.#clock = clock;
    this.#log = log;
  }

  get store(): KeyStore {
    return this.#store;
  }

  /** Whether the keys were read at least once (until then, the gateway cannot know whether keys exist). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** How many keys exist, revoked and expired ones included: one is enough to require keys. */
  get size(): number {
    return this.#byId.size;
  }

  /**
   * A key presented lately, by the record it was found with (the presented key compared in constant time), or
   * undefined: then `lookup`.
   */
  remembered(presented: string): ClientKey | undefined {
    return this.#presented.get(presented);
  }

  /**
   * The key a client presented, by its hash (compared in constant time), or undefined. A key found is remembered
   * (see `remembered`); only keys of the store are, so a flood of made-up keys neither fills the memory nor pushes
   * real ones out.
   */
  lookup(presented: string): ClientKey | undefined {
    const hash = hashKey(presented);
    const key = this.#byHash.get(hash);
    if (!key || !sameSecret(key.hash, hash)) return undefined;
    this.#presented.set(presented, key);
    return key;
  }

  byId(id: string): ClientKey | undefined {
    return this.#byId.get(id);
  }

  all(): ClientKey[] {
    return [...this.#byId.values()];
  }

  now(): number {
    return this.#clock.now();
  }

  /** Polls the change mark every `pollMs` (the timer does not hold the process open). */
  start(pollMs: number): void {
    this.#timer = setInterval(() => void this.#poll(), pollMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Reads every key again (coalesced: calls during a reload cause one more after it). */
  reload(): Promise<void> {
    if (this.#reloading) {
      this.#again = true;
      return this.#reloading;
    }
    this.#reloading = (async () => {
      do {
        this.#again = false;
        const mark = await this.#store.changeMark();
        const keys = await this.#store.listKeys();
        this.#replace(keys, mark);
      } while (this.#again);
    })().finally(() => {
      this.#reloading = undefined;
    });
    return this.#reloading;
  }

  async #poll(): Promise<void> {
    // A store that hangs must not collect a query every interval.
    if (this.#polling) return;
    this.#polling = true;
    try {
      const mark = await this.#store.changeMark();
      if (mark !== this.#mark) await this.reload();
      if (this.#failing) this.#log.info({ component: 'client-keys' }, 'client key store readable again');
      this.#failing = false;
    } catch (error) {
      if (!this.#failing) this.#log.warn({ component: 'client-keys', reason: (error as Error).message }, 'client key store unreadable; the keys last read stay in force');
      this.#failing = true;
    } finally {
      this.#polling = false;
    }
  }

  #replace(keys: ClientKey[], mark: string): void {
    this.#byHash = new Map(keys.map((k) => [k.hash, k]));
    this.#byId = new Map(keys.map((k) => [k.id, k]));
    // The records just read replace the remembered ones (a revoked or changed key is seen at once).
    this.#presented.clear();
    this.#mark = mark;
    this.#loaded = true;
  }
}
