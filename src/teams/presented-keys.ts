import { sameSecret, type ClientKey } from './client-key.js';

/** Characters of a presented key the map is keyed by: `wai-` and 12 random characters (72 bits). */
const INDEXED = 16;
/** Most keys remembered at once. */
export const PRESENTED_LIMIT = 4096;

interface Entry {
  presented: string;
  key: ClientKey;
}

/**
 * Keys presented lately, to the records they were found with, so a key's next request needs no SHA-256 (the hash
 * and the comparison of digests were most of the per-request check). Safe to key by: the map is keyed by a key's
 * first characters only (which the map then found equal), and the rest of the key is compared in constant time. A
 * map's own string comparison stops at the first difference, so it may only ever see that prefix; the 31
 * characters beyond it (186 bits) are never compared any other way.
 *
 * Bounded and least-recently-used in two generations: a hit in the current one costs nothing more; a hit in the
 * older one moves the entry to the current one; when the current one holds half the limit it becomes the older one
 * and the older one is dropped. Keys are held in memory only (as their requests' headers are), never logged.
 */
export class PresentedKeys {
  readonly #half: number;
  #current = new Map<string, Entry>();
  #older = new Map<string, Entry>();

  constructor(limit = PRESENTED_LIMIT) {
    this.#half = Math.max(1, Math.floor(limit / 2));
  }

  /** How many keys are remembered (at most the limit). */
  get size(): number {
    return this.#current.size + this.#older.size;
  }

  get(presented: string): ClientKey | undefined {
    if (presented.length <= INDEXED) return undefined;
    const index = presented.slice(0, INDEXED);
    let entry = this.#current.get(index);
    if (!entry) {
      entry = this.#older.get(index);
      if (!entry) return undefined;
      if (!sameSecret(entry.presented, presented, INDEXED)) return undefined;
      this.#older.delete(index);
      this.#add(index, entry);
      return entry.key;
    }
    return sameSecret(entry.presented, presented, INDEXED) ? entry.key : undefined;
  }

  /** Remembers a key found in the store (never one that was not: made-up keys must not fill this or push keys out). */
  set(presented: string, key: ClientKey): void {
    if (presented.length <= INDEXED) return;
    const index = presented.slice(0, INDEXED);
    this.#older.delete(index);
    this.#add(index, { presented, key });
  }

  clear(): void {
    this.#current = new Map();
    this.#older = new Map();
  }

  #add(index: string, entry: Entry): void {
    if (!this.#current.has(index) && this.#current.size >= this.#half) {
      this.#older = this.#current;
      this.#current = new Map();
    }
    this.#current.set(index, entry);
  }
}
