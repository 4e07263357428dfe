/** Small fixed-size data structures for the admin views: no allocation per item once full. */

/** The last `capacity` items, oldest overwritten first. */
export class Ring<T> {
  readonly capacity: number;
  readonly #items: Array<T | undefined>;
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The most recent item, if any. */
  last(): T | undefined {
    if (this.#size === 0) return undefined;
    return this.#items[(this.#next - 1 + this.capacity) % this.capacity];
  }

  /** Newest first. */
  *newestFirst(): IterableIterator<T> {
    for (let i = 1; i <= this.#size; i++) yield this.#items[(this.#next - i + this.capacity) % this.capacity] as T;
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.newestFirst()].reverse();
  }
}

/** The value at quantile q (0..1) of the values, by the nearest-rank method; null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}
