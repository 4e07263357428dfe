import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { WholeResponse } from '../dialects/types.js';
import type { CancelSignal } from '../internal/cancel.js';
import { SignalledHandler } from './signalled-handler.js';
import { AnswerBudgetFullError, type AnswerBudget } from './answer-budget.js';
import { ByteCollector } from '../internal/byte-collector.js';

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
 * Readable and a promise chain per response; whole answers need neither. The chunks are copied into blocks
 * (ByteCollector), so what the body holds is what the budget counts, however finely the upstream cuts it.
 *
 * What it holds is taken from the transport's AnswerBudget as it arrives (the whole declared length at once when
 * the upstream sends one), so the bytes of all answers being read stay within the budget, and each answer within
 * its limit. A failed answer or an error body gives its room back at once; a 2xx body hands it on with the bytes,
 * and whoever writes them out gives it back (`release`) once they are written.
 */
export class WholeBodyHandler extends SignalledHandler implements Dispatcher.DispatchHandler {
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #body = new ByteCollector();
  /** Bytes taken from the budget: at least the body's size. */
  #taken = 0;
  #limit = Infinity;
  #settled = false;

  constructor(
    signal: CancelSignal,
    private readonly errorBodyLimit: number,
    /** Largest successful answer; over it the request is aborted and fails (memory stays bounded). */
    private readonly answerLimit: number,
    private readonly budget: AnswerBudget,
    private readonly resolve: (response: WholeResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    super(signal);
  }

  protected abortedBeforeStart(reason: Error): void {
    if (!this.#settle()) this.reject(reason);
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    // 1xx informational responses come before the real one.
    if (status < 200) return;
    this.#status = status;
    this.#headers = headers;
    if (status >= 300) {
      this.#limit = this.errorBodyLimit;
      return;
    }
    this.#limit = this.answerLimit;
    // A declared length is known before any byte: an answer that cannot fit fails without reading a byte of it.
    const declared = Number(headers['content-length']);
    if (declared > 0 && this.#grow(controller, declared)) this.#body = new ByteCollector(declared);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return;
    const held = this.#body.size;
    const size = held + chunk.length;
    if (this.#status >= 300) {
      // An error body is cut at its limit or where the budget ends: the start says enough.
      if (held >= this.#limit) return;
      const kept = Math.min(size, this.#limit);
      if (!this.budget.take(this.#taken, kept)) {
        this.#limit = held;
        return;
      }
      this.#taken = kept;
      this.#body.push(kept < size ? chunk.subarray(0, kept - held) : chunk);
      return;
    }
    if (size > this.#taken && !this.#grow(controller, size)) return;
    this.#body.push(chunk);
  }

  onResponseEnd(): void {
    const body = this.#body;
    const kept = this.#status < 300 ? this.#taken : 0;
    // The room of a 2xx body goes with it; the settling gives back the rest.
    this.#taken -= kept;
    if (this.#settle()) return;
    const bytes = body.bytes();
    const budget = this.budget;
    let held = kept;
    const release = () => {
      budget.give(held);
      held = 0;
    };
    this.resolve({ status: this.#status, headers: this.#headers, bytes, release });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settle()) return;
    this.reject(error);
  }

  /** Takes the budget for an answer of `size` bytes; when the limit or the budget refuses, fails the answer. */
  #grow(controller: Dispatcher.DispatchController, size: number): boolean {
    let error: Error | undefined;
    if (size > this.#limit) error = new ResponseTooLargeError(this.#limit);
    // An answer cut short would be wrong, so it fails rather than stop at the budget.
    else if (!this.budget.take(this.#taken, size)) error = new AnswerBudgetFullError(this.budget.limitBytes);
    if (!error) {
      this.#taken = size;
      return true;
    }
    this.onResponseError(controller, error);
    controller.abort(error);
    return false;
  }

  /** True when already settled; otherwise marks it settled, gives back its budget, drops its body, stops listening. */
  #settle(): boolean {
    if (this.#settled) return true;
    this.#settled = true;
    this.budget.give(this.#taken);
    this.#taken = 0;
    this.#body = new ByteCollector();
    this.stopListening();
    return false;
  }
}
