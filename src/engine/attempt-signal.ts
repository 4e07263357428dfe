import type { Clock, TimerHandle } from '../internal/clock.js';
import { ClientCancel, type CancelSignal } from '../internal/cancel.js';

/**
 * One attempt's abort signal: aborted when the caller goes away, when the attempt's own timeout
 * passes, or when the request's deadline passes. `disarm()` stops the timers once the attempt is settled
 * (or committed, for a stream that may legitimately run long).
 */
export class AttemptSignal {
  readonly #cancel = new ClientCancel();
  /** Why the attempt was aborted, when it was our timer rather than the caller. */
  reason: 'attempt_timeout' | 'deadline_exceeded' | 'aborted' | undefined;
  readonly #clock: Clock;
  readonly #parent: CancelSignal | undefined;
  #timer: TimerHandle | undefined;
  #deadlineTimer: TimerHandle | undefined;
  readonly #onParentAbort = () => this.#abort('aborted');

  constructor(clock: Clock, parent: CancelSignal | undefined, timeoutMs: number, deadlineAt: number) {
    this.#clock = clock;
    this.#parent = parent;
    if (parent) {
      if (parent.aborted) this.#abort('aborted');
      else parent.addEventListener('abort', this.#onParentAbort, { once: true });
    }
    const untilDeadline = deadlineAt - clock.now();
    if (untilDeadline <= timeoutMs) {
      this.#deadlineTimer = clock.setTimeout(() => this.#abort('deadline_exceeded'), Math.max(0, untilDeadline));
    } else {
      this.#timer = clock.setTimeout(() => this.#abort('attempt_timeout'), timeoutMs);
    }
  }

  /** A plain-object signal: an AbortController per attempt costs about 5 µs on Node 20. */
  get signal(): CancelSignal {
    return this.#cancel;
  }

  disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    if (this.#deadlineTimer !== undefined) this.#clock.clearTimeout(this.#deadlineTimer);
    this.#timer = this.#deadlineTimer = undefined;
  }

  /** Also forget the caller's signal (the attempt is over). */
  release(): void {
    this.disarm();
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }

  #abort(reason: 'attempt_timeout' | 'deadline_exceeded' | 'aborted'): void {
    if (this.#cancel.aborted) return;
    this.reason = reason;
    this.#cancel.cancel(new Error(reason));
  }
}
