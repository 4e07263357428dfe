import { gcra, slidingWindow, windowIndex } from './algorithms.js';
import { periodOf } from './budget-period.js';
import { burstOf, type LimitSpec, type LimitState } from './verdict.js';

/**
 * Limits kept in this process: without Redis, or while it cannot be reached. Each instance then counts only
 * what it served itself. One entry per key, so memory grows with the number of keys, not of requests.
 */
export class MemoryLimits {
  readonly #tat = new Map<string, number>();
  readonly #tokens = new Map<string, { index: number; current: number; previous: number }>();
  readonly #spend = new Map<string, { label: string; nano: number }>();

  /** Decides one request and, when it is let in, counts it (requests only; tokens and spend come at its end). */
  admit(spec: LimitSpec, now: number): LimitState {
    const spentNano = spec.budgetNano === null ? 0 : this.#spent(spec, now);
    const tokens = spec.tpm === null ? { current: 0, previous: 0 } : this.#window(spec.keyId, now);
    const tat = this.#tat.get(spec.keyId) ?? 0;
    const state: LimitState = { refused: null, tat, tokensCurrent: tokens.current, tokensPrevious: tokens.previous, spentNano };
    if (spec.budgetNano !== null && spentNano >= spec.budgetNano) return { ...state, refused: 'budget' };
    if (spec.tpm !== null && !slidingWindow(tokens, now, spec.tpm).ok) return { ...state, refused: 'tpm' };
    if (spec.rpm !== null) {
      const result = gcra(tat, now, spec.rpm, burstOf(spec.rpm));
      if (!result.ok) return { ...state, refused: 'rpm' };
      this.#tat.set(spec.keyId, result.tat);
    }
    return state;
  }

  /** Adds a finished request's tokens and cost. */
  settle(spec: LimitSpec, tokens: number, costNano: number, now: number): void {
    if (spec.tpm !== null && tokens > 0) {
      const index = windowIndex(now);
      const entry = this.#tokens.get(spec.keyId);
      if (!entry || entry.index < index - 1) this.#tokens.set(spec.keyId, { index, current: tokens, previous: 0 });
      else if (entry.index === index - 1) this.#tokens.set(spec.keyId, { index, current: tokens, previous: entry.current });
      else entry.current += tokens;
    }
    if (spec.budgetNano !== null && costNano > 0) {
      const label = periodOf(spec.period, now).label;
      const entry = this.#spend.get(spec.keyId);
      if (entry?.label === label) entry.nano += costNano;
      else this.#spend.set(spec.keyId, { label, nano: costNano });
    }
  }

  #spent(spec: LimitSpec, now: number): number {
    const entry = this.#spend.get(spec.keyId);
    return entry && entry.label === periodOf(spec.period, now).label ? entry.nano : 0;
  }

  #window(keyId: string, now: number): { current: number; previous: number } {
    const index = windowIndex(now);
    const entry = this.#tokens.get(keyId);
    if (!entry || entry.index < index - 1) return { current: 0, previous: 0 };
    if (entry.index === index - 1) return { current: 0, previous: entry.current };
    return { current: entry.current, previous: entry.previous };
  }
}
