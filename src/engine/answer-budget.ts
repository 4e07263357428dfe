/**
 * The first bytes of any answer, which may use the whole budget: ordinary chat answers are a few kilobytes, and
 * even an answer at today's largest output (128k tokens, ~4 bytes each as JSON text) stays under 1 MiB.
 */
export const ORDINARY_ANSWER_BYTES = 1024 * 1024;

/** Whole answers held over the budget fail with this code (upstream-failure.ts maps it to `answer_budget_full`). */
export class AnswerBudgetFullError extends Error {
  readonly code = 'WAI_ANSWER_BUDGET_FULL';
  constructor(limit: number) {
    super(`the whole answers being read already hold the gateway's budget of ${limit} bytes`);
    this.name = 'AnswerBudgetFullError';
  }
}

/**
 * The bytes of whole upstream answers the gateway holds while it reads them and, for chat answers, until they are
 * written out to their clients (a slow reader keeps its answer counted), summed over every request in flight
 * (issue 13: each buffer an upstream can fill has a bound, and so has their sum).
 *
 * An answer's first ORDINARY_ANSWER_BYTES may fill the whole budget; bytes past them (a large answer) only half
 * of it, so large answers never crowd out ordinary ones. The handler that cannot take what it needs fails its
 * answer at once rather than wait: waiting answers holding part of the budget could wait for each other forever.
 */
export class AnswerBudget {
  #held = 0;
  #peak = 0;

  constructor(public limitBytes: number) {}

  /** Bytes held now. */
  get held(): number {
    return this.#held;
  }

  /** The most bytes held at once so far. */
  get peak(): number {
    return this.#peak;
  }

  /** An answer holding `from` bytes grows to `to`: true when the budget takes them, false (nothing taken) when not. */
  take(from: number, to: number): boolean {
    const ceiling = to > ORDINARY_ANSWER_BYTES ? this.limitBytes / 2 : this.limitBytes;
    const held = this.#held + (to - from);
    if (held > ceiling) return false;
    this.#held = held;
    if (held > this.#peak) this.#peak = held;
    return true;
  }

  /** Gives back what an answer held (it was written out, dropped, or it failed). */
  give(bytes: number): void {
    this.#held -= bytes;
  }
}
