import type { AttemptContext, Transport, WireRequest, WireResponse } from '../types.js';
import type { CancelSignal } from '../../internal/cancel.js';
import { ProviderError } from '../../errors/provider-error.js';
import { sleep } from '../../internal/clock.js';
import { FINAL_PREDICTION_EVENT, isTerminal, type Prediction } from './wire-types.js';
import { buildCreatePrediction } from './request.js';
import { parsePrediction, outputText } from './response.js';
import { predictionFailure } from './errors.js';
import { responseBody, sseEvent } from './wire-body.js';

/** Waits between polls of an unfinished prediction, growing to the last value. */
export const POLL_DELAYS_MS = [100, 250, 500, 1000];
/** Consecutive failed reads (429, 5xx) of a prediction tolerated while polling. */
const MAX_READ_FAILURES = 3;
/** After a stream's `done`, how many times the prediction is read for its metrics before going without. */
const FINAL_READS = 5;

const ok = (status: number) => status >= 200 && status < 300;

/**
 * Replicate's multi-step protocol, seen by the engine as one response:
 * - whole: create with `Prefer: wait`; an unfinished prediction is polled (`urls.get`, delays on ctx.clock) until it
 *   succeeds, and the finished prediction becomes the response body. `failed`/`canceled` are thrown as errors.
 * - stream: create with `stream: true`, then read `urls.stream` (SSE `output`/`error`/`done`). When the stream ends
 *   after `done`, the finished prediction is read once more for its token counts and appended to the stream as a
 *   `wai-prediction` event. A model without a stream URL is waited for and replayed as a one-event stream.
 * Non-2xx answers of any step are returned as they are, for the engine to classify.
 */
export async function replicateExchange(ctx: AttemptContext, transport: Transport, signal: CancelSignal): Promise<WireResponse> {
  const created = await transport.send(buildCreatePrediction(ctx), signal);
  if (!ok(created.status)) return created;
  const first = parsePrediction(await created.body.text(), ctx);
  if (ProviderError.is(first)) throw first;

  if (!ctx.stream || !first.urls?.stream) {
    const settled = await waitForPrediction(ctx, transport, signal, first);
    if ('body' in settled) return settled;
    if (settled.status !== 'succeeded') throw predictionFailure(settled, ctx);
    if (!ctx.stream) return jsonResponse(settled);
    // The model does not stream: its whole answer is replayed as a stream.
    return sseResponse([sseEvent(outputText(settled.output), 'output'), sseEvent('{}', 'done'), sseEvent(JSON.stringify(settled), FINAL_PREDICTION_EVENT)]);
  }

  let target: URL;
  try {
    target = new URL(first.urls.stream);
  } catch {
    throw new ProviderError({ errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'malformed_response', message: `Replicate gave an unusable stream URL: ${first.urls.stream}` });
  }
  // The stream URL is a capability of its own (the official client sends no key); the key only goes to the API's origin.
  const sameOrigin = target.origin === ctx.provider.origin;
  const streamed = await transport.send({
    method: 'GET', origin: target.origin, path: target.pathname + target.search,
    headers: { ...(sameOrigin ? ctx.provider.wireHeaders() : {}), accept: 'text/event-stream', 'cache-control': 'no-store' },
  }, signal);
  if (!ok(streamed.status)) return streamed;
  return { status: streamed.status, headers: streamed.headers, body: responseBody(appendFinalPrediction(streamed.body, () => readFinal(ctx, transport, signal, first))) };
}

/** Polls until the prediction ends; a non-2xx poll answer is handed back for classification. */
async function waitForPrediction(
  ctx: AttemptContext, transport: Transport, signal: CancelSignal, prediction: Prediction, opts: { maxReads?: number; readAtOnce?: boolean } = {},
): Promise<Prediction | WireResponse> {
  let current = prediction;
  let readFailures = 0;
  for (let read = 0; !isTerminal(current) && read < (opts.maxReads ?? Infinity); read++) {
    if (read > 0 || !opts.readAtOnce) {
      try {
        await sleep(ctx.clock, POLL_DELAYS_MS[Math.min(read, POLL_DELAYS_MS.length - 1)]!, signal);
      } catch (error) {
        cancelQuietly(ctx, transport, current);
        throw error;
      }
    }
    const answer = await transport.send(pollRequest(ctx, current), signal);
    if (!ok(answer.status)) {
      // A passing failure of a read is not the prediction's: read again rather than make the engine create
      // (and pay for) a new prediction. Anything else, or too many in a row, goes to the engine to classify.
      if ((answer.status === 429 || answer.status >= 500) && ++readFailures <= MAX_READ_FAILURES) {
        await answer.body.text();
        continue;
      }
      return answer;
    }
    readFailures = 0;
    const next = parsePrediction(await answer.body.text(), ctx);
    if (ProviderError.is(next)) throw next;
    current = next;
  }
  return current;
}

/** The finished prediction after a stream, or undefined when it cannot be had (the stream then has no usage). */
async function readFinal(ctx: AttemptContext, transport: Transport, signal: CancelSignal, first: Prediction): Promise<Prediction | undefined> {
  try {
    // Read at once: the stream said done, so the prediction is (nearly always) finished already.
    const unfinished: Prediction = { ...first, status: 'processing' };
    const settled = await waitForPrediction(ctx, transport, signal, unfinished, { maxReads: FINAL_READS, readAtOnce: true });
    return 'body' in settled ? undefined : settled;
  } catch {
    return undefined;
  }
}

function pollRequest(ctx: AttemptContext, prediction: Prediction): WireRequest {
  const provider = ctx.provider;
  let path = `${provider.basePath}/predictions/${encodeURIComponent(prediction.id)}`;
  const get = prediction.urls?.get;
  if (get) {
    try {
      const url = new URL(get);
      if (url.origin === provider.origin) path = url.pathname + url.search;
    } catch {
      // keep the path built from the id
    }
  }
  return { method: 'GET', origin: provider.origin, path, headers: provider.wireHeaders() };
}

/** A prediction abandoned by its caller keeps running (and billing) upstream: ask Replicate to stop it. */
function cancelQuietly(ctx: AttemptContext, transport: Transport, prediction: Prediction): void {
  const provider = ctx.provider;
  const request: WireRequest = { method: 'POST', origin: provider.origin, path: `${provider.basePath}/predictions/${encodeURIComponent(prediction.id)}/cancel`, headers: provider.wireHeaders() };
  transport.send(request, AbortSignal.timeout(5000)).then(async (r) => { await r.body.text(); }).catch(() => undefined);
}

const encoder = new TextEncoder();
const DONE_EVENT = /(?:^|\n)event: ?done\r?\n/;

/** Passes the stream through; after a `done` event, appends the finished prediction as one more event. */
async function* appendFinalPrediction(upstream: AsyncIterable<Uint8Array>, readFinalPrediction: () => Promise<Prediction | undefined>): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder();
  let tail = '';
  for await (const chunk of upstream) {
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-512);
    yield chunk;
  }
  if (!DONE_EVENT.test(tail)) return;
  const final = await readFinalPrediction();
  if (final) yield encoder.encode(sseEvent(JSON.stringify(final), FINAL_PREDICTION_EVENT));
}

function jsonResponse(prediction: Prediction): WireResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: responseBody(once(encoder.encode(JSON.stringify(prediction)))) };
}

function sseResponse(events: string[]): WireResponse {
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: responseBody(once(encoder.encode(events.join('')))) };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
