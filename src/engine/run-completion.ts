import type { AttemptContext, DecodedCompletion, Dialect, Transport, WholeResponse, WireResponse } from '../dialects/types.js';
import { ProviderError } from '../errors/provider-error.js';
import { attemptFailure } from './upstream-failure.js';
import type { AttemptSignal } from './attempt-signal.js';
import { ResponseTooLargeError } from './whole-body-handler.js';

/** Largest error body read from an upstream; the rest is discarded. */
export const MAX_ERROR_BODY = 64 * 1024;

/** Sends one attempt and returns its response once the status is known; non-2xx answers become ProviderErrors. */
export async function sendAttempt(dialect: Dialect, ctx: AttemptContext, transport: Transport, attempt: AttemptSignal): Promise<WireResponse> {
  let response: WireResponse;
  // Building the request is the gateway's own work: what it throws is no provider's failure, so it is not caught here.
  const built = dialect.exchange ? undefined : await dialect.buildChatRequest(ctx);
  try {
    response = built ? await transport.send(built, attempt.signal) : await dialect.exchange!(ctx, transport, attempt.signal);
  } catch (error) {
    throw attemptFailure(error, ctx, attempt);
  }
  if (response.status >= 200 && response.status < 300) return response;
  let text: string;
  try {
    text = await readCapped(response.body, MAX_ERROR_BODY);
  } catch (error) {
    throw attemptFailure(error, ctx, attempt);
  }
  throw dialect.classifyError(response.status, response.headers, text, ctx);
}

/** One whole-response attempt; an answer over `answerLimit` bytes fails as the provider's (response_too_large). */
export async function runCompletionAttempt(dialect: Dialect, ctx: AttemptContext, transport: Transport, attempt: AttemptSignal, answerLimit = Infinity): Promise<DecodedCompletion> {
  let bytes: Uint8Array;
  if (transport.sendWhole && !dialect.exchange) {
    // The common path, kept to one async step: build (usually synchronous), send, read whole.
    let response: WholeResponse;
    // As in sendAttempt: a failure to build the request is the gateway's, outside the try.
    const built = dialect.buildChatRequest(ctx);
    const wire = built instanceof Promise ? await built : built;
    try {
      response = await transport.sendWhole(wire, attempt.signal, MAX_ERROR_BODY, answerLimit);
    } catch (error) {
      throw attemptFailure(error, ctx, attempt);
    }
    if (response.status < 200 || response.status >= 300) {
      throw dialect.classifyError(response.status, response.headers, response.bytes.toString('utf8'), ctx);
    }
    bytes = response.bytes;
  } else {
    bytes = await readWhole(dialect, ctx, transport, attempt, answerLimit);
  }
  const decoded = dialect.decodeChatResponse(bytes, ctx);
  if (ProviderError.is(decoded)) throw decoded;
  return decoded;
}

/** The response body of a successful attempt, read through `send`'s stream. */
async function readWhole(dialect: Dialect, ctx: AttemptContext, transport: Transport, attempt: AttemptSignal, limit: number): Promise<Uint8Array> {
  const response = await sendAttempt(dialect, ctx, transport, attempt);
  try {
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      // Leaving the loop closes the body, so the rest is never read.
      if (size > limit) throw new ResponseTooLargeError(limit);
      parts.push(chunk);
    }
    return Buffer.concat(parts, size);
  } catch (error) {
    throw attemptFailure(error, ctx, attempt);
  }
}

export async function readCapped(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < limit) parts.push(chunk);
    size += chunk.byteLength;
  }
  return Buffer.concat(parts).subarray(0, limit).toString('utf8');
}
