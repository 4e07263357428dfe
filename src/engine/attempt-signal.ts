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
  #timer: TimerHandle | undefined;
  #deadlineTimer: TimerHandle | undefined;
  #disarmed = false;
  readonly #onParentAbort = () => this.#abort('aborted');

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
    const untilDeadline = deadlineAt - clock.now();
    if (timedFromDispatch || untilDeadline <= timeoutMs) {
      this.#deadlineTimer = clock.setTimeout(() => this.#abort('deadline_exceeded'), Math.max(0, untilDeadline));
    } else {
      this.#timer = clock.setTimeout(() => this.#abort('attempt_timeout'), timeoutMs);
    }
  }

  /** A plain-object signal: an AbortController per attempt costs about 5 µs on Node 20. */
  get signal(): CancelSignal {
    return this.#cancel;
  }

  /** The transport wrote the request on a connection: the attempt's own time starts now (first call only). */
  dispatched(): void {
    if (this.dispatchedAt !== undefined || this.#disarmed || this.#cancel.aborted) return;
    this.dispatchedAt = performance.now();
    if (this.#timedFromDispatch && this.#deadlineAt - this.#clock.now() > this.#timeoutMs) {
      this.#timer = this.#clock.setTimeout(() => this.#abort('attempt_timeout'), this.#timeoutMs);
    }
  }

  disarm(): void {
    this.#disarmed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    if (this.#deadlineTimer !== undefined) this.#clock.clearTimeout(this.#deadlineTimer);
    this.#timer = this.#deadlineTimer = undefined;
  }

  /** Also forget the caller's signal (the attempt is over). */
  release(): void {
    this.disarm();
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
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
