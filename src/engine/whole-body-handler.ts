import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { WholeResponse } from '../dialects/types.js';
import type { CancelSignal } from '../internal/cancel.js';
import { abortReason } from './stream-body-handler.js';

/** A successful answer grew past the configured limit; undici's own code for a response over its size limit. */
export class ResponseTooLargeError extends Error {
  readonly code = 'UND_ERR_RES_EXCEEDED_MAX_SIZE';
  constructor(limit: number) {
    super(`the response body is larger than the limit of ${limit} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * An undici dispatch handler that gathers a response body into one Buffer. undici's `request()` builds a
 * Readable and a promise chain per response; whole answers need neither.
 */
export class WholeBodyHandler implements Dispatcher.DispatchHandler {
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #parts: Buffer[] = [];
  #size = 0;
  #limit = Infinity;
  #settled = false;
  #controller: Dispatcher.DispatchController | undefined;
  readonly #onAbort = () => {
    const reason = abortReason(this.signal);
    // Still waiting for a connection: settle now; undici drops the request when its turn comes (onRequestStart).
    if (this.#controller) this.#controller.abort(reason);
    else if (!this.#settle()) this.reject(reason);
  };

  constructor(
    private readonly signal: CancelSignal,
    private readonly errorBodyLimit: number,
    /** Largest successful answer; over it the request is aborted and fails (memory stays bounded). */
    private readonly answerLimit: number,
    private readonly resolve: (response: WholeResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Called again when undici retries the request on a fresh connection: report the first time only.
    if (this.#controller === undefined) this.signal.dispatched?.();
    this.#controller = controller;
    if (this.signal.aborted) controller.abort(abortReason(this.signal));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    // 1xx informational responses come before the real one.
    if (status < 200) return;
    this.#status = status;
    this.#headers = headers;
    this.#limit = status >= 300 ? this.errorBodyLimit : this.answerLimit;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#size >= this.#limit) return;
    // An error body is cut at its limit (the start says enough); an answer cut short would be wrong, so it fails.
    if (this.#status < 300 && this.#size + chunk.length > this.#limit) {
      const error = new ResponseTooLargeError(this.#limit);
      this.onResponseError(controller, error);
      controller.abort(error);
      return;
    }
    this.#parts.push(chunk);
    this.#size += chunk.length;
  }

  onResponseEnd(): void {
    if (this.#settle()) return;
    const parts = this.#parts;
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.#size);
    if (bytes.length > this.#limit) bytes = bytes.subarray(0, this.#limit);
    this.resolve({ status: this.#status, headers: this.#headers, bytes });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settle()) return;
    this.reject(error);
  }

  /** True when already settled; otherwise marks it settled and stops listening to the signal. */
  #settle(): boolean {
    if (this.#settled) return true;
    this.#settled = true;
    this.signal.removeEventListener('abort', this.#onAbort);
    return false;
  }
}
