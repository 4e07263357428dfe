/**
 * The part of AbortSignal the engine uses. A real AbortSignal fits (the SDK's callers pass one); the server passes
 * a ClientCancel, which costs a plain object instead of an EventTarget on every request.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  /**
   * An attempt's signal asks the transport to call this once the request is written on a connection: time before
   * it (waiting for a free connection) was spent inside the gateway, not at the provider.
   */
  dispatched?(): void;
}

/** A cheap cancellation source: the server fires one when its client goes away, the engine one per attempt. */
export class ClientCancel implements CancelSignal {
  aborted = false;
  reason: unknown;
  /** Made for the first listener: most signals of the request path get one, and many none. */
  #listeners: Array<() => void> | undefined;

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) listener();
    else (this.#listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.#listeners;
    if (!listeners) return;
    const at = listeners.indexOf(listener);
    if (at !== -1) listeners.splice(at, 1);
  }

  cancel(reason: unknown = new Error('client went away')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }
}
