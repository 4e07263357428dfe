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

const MAX_ENTRIES = 10_000;

/** The embedded default: one process's memory. */
export class MemoryHealthStore implements HealthStore {
  readonly #states = new Map<string, BreakerState>();

  get(key: string): BreakerState | undefined {
    return this.#states.get(key);
  }

  set(key: string, state: BreakerState): void {
    this.#states.set(key, state);
    if (this.#states.size > MAX_ENTRIES) this.#sweep(state.lastFailureAt ?? 0);
  }

  /**
   * Callers can name any model, so failures could create breakers without end: past the cap, those that are no
   * longer blocking anything (closed, or open with their cool-down over) are forgotten.
   */
  #sweep(now: number): void {
    for (const [key, state] of this.#states) {
      if (state.state === 'closed' || (state.state === 'open' && state.openUntil <= now)) this.#states.delete(key);
    }
  }

  delete(key: string): void {
    this.#states.delete(key);
  }

  entries(): IterableIterator<[string, BreakerState]> {
    return this.#states.entries();
  }
}
