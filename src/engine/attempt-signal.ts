import type { Clock, TimerHandle } from '../internal/clock.js';
import { ClientCancel, type CancelSignal } from '../internal/cancel.js';

type AbortReason = 'attempt_timeout' | 'deadline_exceeded' | 'connection_wait_timeout' | 'aborted';

/**
 * One attempt's abort signal: aborted when the caller goes away, when the attempt's own timeout
 * passes, or when the request's deadline passes. `disarm()` stops the timers once the attempt is settled
 * (or committed, for a stream that may legitimately run long).
 *
 * With a transport that reports when a request is written on a connection (`timedFromDispatch`), the attempt
 * timeout starts then: a wait for a free connection is the gateway's, bounded only by the request's deadline,
 * and a deadline that passes during it is a `connection_wait_timeout`, not the provider's failure.
 */
export class AttemptSignal {
  readonly #cancel: AttemptCancel;
  /** Why the attempt was aborted, when it was our timer rather than the caller. */
  reason: AbortReason | undefined;
  /** performance.now() when the request was written on a connection (reporting transports only). */
  dispatchedAt: number | undefined;
  readonly #clock: Clock;
  readonly #parent: CancelSignal | undefined;
  readonly #timeoutMs: number;
  readonly #deadlineAt: number;
  readonly #timedFromDispatch: boolean;
  /** One timer at a time: the attempt's own, or the deadline when that comes first, or a committed stream's limit. */
  #timer: TimerHandle | undefined;
  #timerIs: 'attempt' | 'deadline' | 'stream' = 'attempt';
  /** The clock's time when the pending timer fires. */
  #dueAt = 0;
  /** A committed stream's limit (streamUntil): the clock's time, and what then happens. */
  #streamEndsAt = 0;
  #onStreamLimit: (() => void) | undefined;
  /** The clock's time when the first timer was set. */
  readonly #startedAt: number;
  readonly #onParentAbort = () => this.#abort('aborted');
  readonly #onTimer = () => this.#timerFired();

  constructor(clock: Clock, parent: CancelSignal | undefined, timeoutMs: number, deadlineAt: number, timedFromDispatch = false) {
    this.#clock = clock;
    this.#parent = parent;
    this.#timeoutMs = timeoutMs;
    this.#deadlineAt = deadlineAt;
    this.#timedFromDispatch = timedFromDispatch;
    this.#cancel = new AttemptCancel(this);
    if (parent) {
      if (parent.aborted) this.#abort('aborted');
      else parent.addEventListener('abort', this.#onParentAbort, { once: true });
    }
    this.#startedAt = clock.now();
    this.#arm(this.#startedAt);
  }

  /** A plain-object signal: an AbortController per attempt costs about 5 µs on Node 20. */
  get signal(): CancelSignal {
    return this.#cancel;
  }

  /** The transport wrote the request on a connection: the attempt's own time starts now (first call only). */
  dispatched(): void {
    if (this.dispatchedAt !== undefined || this.#timer === undefined || this.#cancel.aborted) return;
    this.dispatchedAt = performance.now();
    if (!this.#timedFromDispatch) return;
    // No time went by (the usual case: a free connection at once): the timer set at the start is already right.
    const now = this.#clock.now();
    if (now === this.#startedAt) return;
    this.#clock.clearTimeout(this.#timer);
    this.#arm(now);
  }

  disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * A stream committed: the attempt's timeout and the deadline no longer apply, and `onLimit` runs once `limitMs`
   * have passed (timeouts.streamMs). The timer already pending is kept when it fires before the limit (the usual
   * case: the attempt timeout is minutes, the stream limit half an hour) and is set again then for the time left,
   * so a commit, on the first token's path, sets and clears no timer, and most streams end before it fires.
   */
  streamUntil(limitMs: number, onLimit: () => void): void {
    if (this.#cancel.aborted) return;
    const endsAt = this.#clock.now() + limitMs;
    this.#streamEndsAt = endsAt;
    this.#onStreamLimit = onLimit;
    this.#timerIs = 'stream';
    if (this.#timer !== undefined && this.#dueAt <= endsAt) return;
    this.disarm();
    this.#setTimer(endsAt, limitMs);
  }

  /** Also forget the caller's signal (the attempt is over). */
  release(): void {
    this.disarm();
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }

  #arm(now: number): void {
    const untilDeadline = this.#deadlineAt - now;
    this.#timerIs = untilDeadline <= this.#timeoutMs ? 'deadline' : 'attempt';
    const delay = this.#timerIs === 'deadline' ? Math.max(0, untilDeadline) : this.#timeoutMs;
    this.#setTimer(now + delay, delay);
  }

  #setTimer(dueAt: number, delay: number): void {
    this.#dueAt = dueAt;
    this.#timer = this.#clock.setTimeout(this.#onTimer, delay);
  }

  #timerFired(): void {
    this.#timer = undefined;
    const now = this.#clock.now();
    if (this.#timerIs === 'stream') {
      const left = this.#streamEndsAt - now;
      if (left > 0) return this.#setTimer(this.#streamEndsAt, left);
      return this.#onStreamLimit!();
    }
    if (this.#timerIs === 'deadline') return this.#abort('deadline_exceeded');
    if (this.#timedFromDispatch && this.dispatchedAt === undefined) {
      // Still waiting for a connection: that wait is bounded by the deadline only.
      this.#timerIs = 'deadline';
      const delay = Math.max(0, this.#deadlineAt - now);
      this.#setTimer(now + delay, delay);
      return;
    }
    this.#abort('attempt_timeout');
  }

  #abort(reason: AbortReason): void {
    if (this.#cancel.aborted) return;
    // Our own timer while the request still waited for a connection: the time went by inside the gateway.
    this.reason = reason !== 'aborted' && this.#timedFromDispatch && this.dispatchedAt === undefined ? 'connection_wait_timeout' : reason;
    this.#cancel.cancel(new Error(this.reason));
  }
}

/** The signal handed to the transport; it asks to be told when the request is on a connection. */
class AttemptCancel extends ClientCancel {
  readonly #owner: AttemptSignal;

  constructor(owner: AttemptSignal) {
    super();
    this.#owner = owner;
  }

  dispatched(): void {
    this.#owner.dispatched();
  }
}
