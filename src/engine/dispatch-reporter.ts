import type { Dispatcher } from 'undici';
import type { CancelSignal } from '../internal/cancel.js';

/**
 * An undici interceptor that tells an attempt's signal when its request is written on a connection (undici calls
 * `onRequestStart` then, after any wait for a free connection in the pool). Requests whose signal does not ask
 * pass through untouched.
 */
export const reportDispatch: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
  // request() passes its options through, signal included.
  const signal = (options as { signal?: CancelSignal | null }).signal;
  return dispatch(options, signal?.dispatched ? new DispatchReporter(handler, signal) : handler);
};

class DispatchReporter implements Dispatcher.DispatchHandler {
  constructor(private readonly inner: Dispatcher.DispatchHandler, private readonly signal: CancelSignal) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.signal.dispatched?.();
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Dispatcher.DispatchController, status: number, headers: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>[2], socket: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>[3]): void {
    this.inner.onRequestUpgrade?.(controller, status, headers, socket);
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2], message?: string): void {
    this.inner.onResponseStart?.(controller, status, headers, message);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>[1]): void {
    this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.inner.onResponseError?.(controller, error);
  }
}
