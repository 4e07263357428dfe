import type { BreakerState } from './breaker-state.js';

/**
 * Where breaker states live. Reads are synchronous (the planner reads on every request); a shared store
 * (Redis) keeps a local view current and writes through.
 */
export interface HealthStore {
  get(key: string): BreakerState | undefined;
  set(key: string, state: BreakerState): void;
  delete(key: string): void;
  entries(): IterableIterator<[string, BreakerState]>;
  close?(): Promise<void>;
}

/** The embedded default: one process's memory. */
export class MemoryHealthStore implements HealthStore {
  readonly #states = new Map<string, BreakerState>();

  get(key: string): BreakerState | undefined {
    return this.#states.get(key);
  }

  set(key: string, state: BreakerState): void {
    this.#states.set(key, state);
  }

  delete(key: string): void {
    this.#states.delete(key);
  }

  entries(): IterableIterator<[string, BreakerState]> {
    return this.#states.entries();
  }
}
