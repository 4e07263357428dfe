import type { CancelSignal } from '../internal/cancel.js';

/** The error an aborted signal carries, for undici (which wants an Error). */
export const abortReason = (signal: CancelSignal): Error => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));

/**
 * What the stream and the whole-answer dispatch handlers share: the attempt's cancel signal aborts the request
 * (on its connection once it has one, or at once while it still waits for one), and the signal learns when the
 * request is written on a connection (`dispatched()`). Each handler tells `connected()` when undici gives it the
 * request's connection, in whichever of undici's handler interfaces it speaks, and aborts it there (`abortRequest`).
 */
export abstract class SignalledHandler {
  #connected = false;
  readonly #onAbort = (): void => {
    const reason = abortReason(this.signal);
    // Still waiting for a connection: settle now; undici drops the request when its turn comes (connected()).
    if (this.#connected) this.abortRequest(reason);
    else this.abortedBeforeStart(reason);
  };

  constructor(protected readonly signal: CancelSignal) {
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  /**
   * The request is on a connection, and `abortRequest` can reach it. undici says so again when it retries the
   * request on a fresh connection: reported the first time only.
   */
  protected connected(): void {
    if (!this.#connected) {
      this.#connected = true;
      this.signal.dispatched?.();
    }
    if (this.signal.aborted) this.abortRequest(abortReason(this.signal));
  }

  /** Aborts the request on the connection it has (only called after `connected()`). */
  protected abstract abortRequest(reason: Error): void;

  /** The signal aborted before the request had a connection: fail the response now. */
  protected abstract abortedBeforeStart(reason: Error): void;

  /** The response settled: the signal no longer concerns it. */
  protected stopListening(): void {
    this.signal.removeEventListener('abort', this.#onAbort);
  }
}
