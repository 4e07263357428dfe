import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptContext, DecodedCompletion, Dialect, Transport, WholeResponse, WireResponse } from '../dialects/types.js';
import { ProviderError } from '../errors/provider-error.js';
import { chatOf } from '../dialects/chat-of.js';
import { attemptFailure } from './upstream-failure.js';
import type { AttemptSignal } from './attempt-signal.js';
import { ResponseTooLargeError } from './whole-body-handler.js';
import { AnswerBudgetFullError } from './answer-budget.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { ByteCollector } from '../internal/byte-collector.js';
import type { ProviderRuntime } from '../providers/runtime.js';

/** Largest error body read from an upstream; the rest is discarded. */
export const MAX_ERROR_BODY = 64 * 1024;

/** Sends one attempt and returns its response once the status is known; non-2xx answers become ProviderErrors. */
export async function sendAttempt(dialect: Dialect, ctx: AttemptContext, transport: Transport, attempt: AttemptSignal): Promise<WireResponse> {
  // Building the request is the gateway's own work: what it throws is no provider's failure, so it is not caught here.
  const chat = chatOf(dialect, ctx);
  const built = chat.exchange ? undefined : await chat.buildChatRequest(ctx);
  const send = built ? () => transport.send(built, attempt.signal) : () => chat.exchange!(ctx, transport, attempt.signal);
  return sendOk(send, ctx, attempt, (status, headers, text) => chat.classifyError(status, headers, text, ctx));
}

/**
 * One upstream call of an attempt, whatever the operation: a 2xx response is returned as it is; a network failure
 * becomes the attempt's transient ProviderError; any other status, `classify`'s error over the body's first
 * MAX_ERROR_BODY bytes.
 */
export async function sendOk(
  send: () => Promise<WireResponse>,
  ctx: { provider: ProviderRuntime; upstreamModel: string },
  attempt: AttemptSignal,
  classify: (status: number, headers: IncomingHttpHeaders, text: string) => ProviderError,
): Promise<WireResponse> {
  let response: WireResponse;
  try {
    response = await send();
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
  throw classify(response.status, response.headers, text);
}

/**
 * A decoded answer, with the serving provider's rate-limit headers for the caller, and `release`, which gives back
 * the room its bytes hold in the transport's answer budget: whoever takes the answer calls it once the answer is
 * written out (or dropped).
 */
export type AttemptCompletion = DecodedCompletion & { rateLimits?: Record<string, string> | undefined; release: () => void };

const NOTHING_HELD = () => undefined;

/**
 * One whole-response attempt; an answer over `answerLimit` bytes fails as the provider's (response_too_large). Once
 * the answer is read and decoded the attempt is over: its signal is released (its timer stopped) here.
 */
export async function runCompletionAttempt(dialect: Dialect, ctx: AttemptContext, transport: Transport, attempt: AttemptSignal, answerLimit = Infinity): Promise<AttemptCompletion> {
  let bytes: Uint8Array;
  let rateLimits: Record<string, string> | undefined;
  let release: () => void;
  const chat = chatOf(dialect, ctx);
  if (transport.sendWhole && !chat.exchange) {
    // The common path, kept to one async step: build (usually synchronous), send, read whole.
    let response: WholeResponse;
    // As in sendAttempt: a failure to build the request is the gateway's, outside the try.
    const built = chat.buildChatRequest(ctx);
    const wire = built instanceof Promise ? await built : built;
    try {
      response = await transport.sendWhole(wire, attempt.signal, MAX_ERROR_BODY, answerLimit);
    } catch (error) {
      throw attemptFailure(error, ctx, attempt);
    }
    release = response.release ?? NOTHING_HELD;
    if (response.status < 200 || response.status >= 300) {
      release();
      throw chat.classifyError(response.status, response.headers, response.bytes.toString('utf8'), ctx);
    }
    bytes = response.bytes;
    rateLimits = 'rateLimits' in response ? response.rateLimits : rateLimitHeaders(response.headers);
  } else {
    let headers: IncomingHttpHeaders;
    ({ bytes, headers, release } = await readWhole(dialect, ctx, transport, attempt, answerLimit));
    rateLimits = rateLimitHeaders(headers);
  }
  let decoded: DecodedCompletion | ProviderError;
  try {
    decoded = chat.decodeChatResponse(bytes, ctx);
  } catch (error) {
    release();
    throw error;
  }
  if (ProviderError.is(decoded)) {
    release();
    throw decoded;
  }
  const completion = decoded as AttemptCompletion;
  completion.rateLimits = rateLimits;
  completion.release = release;
  attempt.release();
  return completion;
}

/** The response body of a successful attempt, read through `send`'s stream, within its limit and the transport's budget. */
async function readWhole(dialect: Dialect, ctx: AttemptContext, transport: Transport, attempt: AttemptSignal, limit: number): Promise<{ bytes: Uint8Array; headers: IncomingHttpHeaders; release: () => void }> {
  const response = await sendAttempt(dialect, ctx, transport, attempt);
  const budget = transport.answerBudget;
  let taken = 0;
  try {
    // Copied into blocks as it comes: what it holds is what the budget counts, however finely it is cut.
    const body = new ByteCollector();
    for await (const chunk of response.body) {
      const size = body.size + chunk.byteLength;
      // Leaving the loop closes the body, so the rest is never read.
      if (size > limit) throw new ResponseTooLargeError(limit);
      if (budget) {
        if (!budget.take(taken, size)) throw new AnswerBudgetFullError(budget.limitBytes);
        taken = size;
      }
      body.push(chunk);
    }
    // Its room goes with it, given back by whoever writes it out.
    const bytes = body.bytes();
    let held = taken;
    taken = 0;
    return { bytes, headers: response.headers, release: () => { budget?.give(held); held = 0; } };
  } catch (error) {
    budget?.give(taken);
    throw attemptFailure(error, ctx, attempt);
  }
}

/** A body's first `limit` bytes as text (the rest is read and dropped), held in blocks however finely it is cut. */
export async function readCapped(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const kept = new ByteCollector();
  for await (const chunk of body) {
    const room = limit - kept.size;
    if (room > 0) kept.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
  }
  return kept.bytes().toString('utf8');
}
