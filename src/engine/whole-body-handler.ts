import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { WholeResponse } from '../dialects/types.js';
import { answerHeaders, headersOf, type RawHeaders } from './raw-headers.js';
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
 * It speaks undici's original handler interface (onConnect, onHeaders, onData, onComplete, onError), which undici 7
 * calls directly with the raw header list: a handler of the newer kind is wrapped, and gets every header parsed
 * into an object first. A whole answer reads its length and rate-limit headers from the list (raw-headers.ts); the
 * other headers are parsed only when someone reads them (an error's classification).
 *
 * What it holds is taken from the transport's AnswerBudget as it arrives (the whole declared length at once when
 * the upstream sends one), so the bytes of all answers being read stay within the budget, and each answer within
 * its limit. A failed answer or an error body gives its room back at once; a 2xx body hands it on with the bytes,
 * and whoever writes them out gives it back (`release`) once they are written.
 */
export class WholeBodyHandler extends SignalledHandler implements Dispatcher.DispatchHandler {
  #status = 0;
  #raw: RawHeaders = NO_HEADERS;
  #rateLimits: Record<string, string> | undefined;
  #body: ByteCollector | undefined;
  /** Bytes taken from the budget: at least the body's size. */
  #taken = 0;
  #limit = Infinity;
  #settled = false;
  #abort: ((reason: Error) => void) | undefined;

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

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    this.connected();
  }

  protected abortRequest(reason: Error): void {
    this.#abort!(reason);
  }

  protected abortedBeforeStart(reason: Error): void {
    if (!this.#settle()) this.reject(reason);
  }

  onHeaders(status: number, raw: Buffer[]): boolean {
    // 1xx informational responses come before the real one.
    if (status < 200) return true;
    this.#status = status;
    this.#raw = raw;
    if (status >= 300) {
      this.#limit = this.errorBodyLimit;
      return true;
    }
    this.#limit = this.answerLimit;
    const found = answerHeaders(raw);
    this.#rateLimits = found.rateLimits;
    // A declared length is known before any byte: an answer that cannot fit fails without reading a byte of it.
    const declared = Number(found.contentLength);
    if (declared > 0 && this.#grow(declared)) this.#body = new ByteCollector(declared);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#settled) return true;
    const body = (this.#body ??= new ByteCollector());
    const held = body.size;
    const size = held + chunk.length;
    if (this.#status >= 300) {
      // An error body is cut at its limit or where the budget ends: the start says enough.
      if (held >= this.#limit) return true;
      const kept = Math.min(size, this.#limit);
      if (!this.budget.take(this.#taken, kept)) {
        this.#limit = held;
        return true;
      }
      this.#taken = kept;
      body.push(kept < size ? chunk.subarray(0, kept - held) : chunk);
      return true;
    }
    if (size > this.#taken && !this.#grow(size)) return true;
    body.push(chunk);
    return true;
  }

  onComplete(): void {
    const body = this.#body;
    const kept = this.#status < 300 ? this.#taken : 0;
    // The room of a 2xx body goes with it; the settling gives back the rest.
    this.#taken -= kept;
    if (this.#settle()) return;
    const budget = this.budget;
    let held = kept;
    const release = () => {
      budget.give(held);
      held = 0;
    };
    this.resolve(new WholeAnswer(this.#status, this.#raw, this.#rateLimits, body ? body.bytes() : EMPTY, release));
  }

  onError(error: Error): void {
    if (this.#settle()) return;
    this.reject(error);
  }

  /** Takes the budget for an answer of `size` bytes; when the limit or the budget refuses, fails the answer. */
  #grow(size: number): boolean {
    let error: Error | undefined;
    if (size > this.#limit) error = new ResponseTooLargeError(this.#limit);
    // An answer cut short would be wrong, so it fails rather than stop at the budget.
    else if (!this.budget.take(this.#taken, size)) error = new AnswerBudgetFullError(this.budget.limitBytes);
    if (!error) {
      this.#taken = size;
      return true;
    }
    this.onError(error);
    this.#abort!(error);
    return false;
  }

  /** True when already settled; otherwise marks it settled, gives back its budget, drops its body, stops listening. */
  #settle(): boolean {
    if (this.#settled) return true;
    this.#settled = true;
    this.budget.give(this.#taken);
    this.#taken = 0;
    this.#body = undefined;
    this.stopListening();
    return false;
  }
}

const NO_HEADERS: RawHeaders = [];
const EMPTY = Buffer.alloc(0);

/** A whole answer; its headers are parsed from the raw list the first time they are read. */
class WholeAnswer implements WholeResponse {
  #headers: IncomingHttpHeaders | undefined;

  constructor(
    readonly status: number,
    private readonly raw: RawHeaders,
    readonly rateLimits: Record<string, string> | undefined,
    readonly bytes: Buffer,
    readonly release: () => void,
  ) {}

  get headers(): IncomingHttpHeaders {
    return (this.#headers ??= headersOf(this.raw));
  }
}
