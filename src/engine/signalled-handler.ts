import type { Dispatcher } from 'undici';
import type { CancelSignal } from '../internal/cancel.js';

/** The error an aborted signal carries, for undici (which wants an Error). */
export const abortReason = (signal: CancelSignal): Error => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));

/**
 * What the stream and the whole-answer dispatch handlers share: the attempt's cancel signal aborts the request
 * (on its connection once it has one, or at once while it still waits for one), and the signal learns when the
 * request is written on a connection (`dispatched()`).
 */
export abstract class SignalledHandler {
  protected controller: Dispatcher.DispatchController | undefined;
  readonly #onAbort = (): void => {
    const reason = abortReason(this.signal);
    // Still waiting for a connection: settle now; undici drops the request when its turn comes (onRequestStart).
    if (this.controller) this.controller.abort(reason);
    else this.abortedBeforeStart(reason);
  };

  constructor(protected readonly signal: CancelSignal) {
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Called again when undici retries the request on a fresh connection: report the first time only.
    if (this.controller === undefined) this.signal.dispatched?.();
    this.controller = controller;
    this.started(controller);
    if (this.signal.aborted) controller.abort(abortReason(this.signal));
  }

  /** A subclass's own step when the request gets a connection. */
  protected started(_controller: Dispatcher.DispatchController): void {}

  /** The signal aborted before the request had a connection: fail the response now. */
  protected abstract abortedBeforeStart(reason: Error): void;

  /** The response settled: the signal no longer concerns it. */
  protected stopListening(): void {
    this.signal.removeEventListener('abort', this.#onAbort);
  }
}
