import type { IncomingHttpHeaders } from 'node:http';
import type { EmbeddingsAnswer, EmbeddingsAttemptContext, EmbeddingsCodec, Transport, WireRequest } from '../dialects/types.js';
import type { EmbeddingsResponse } from '../types/embeddings.js';
import { ProviderError } from '../errors/provider-error.js';
import { attemptFailure } from './upstream-failure.js';
import { sendOk } from './run-completion.js';
import type { AttemptSignal } from './attempt-signal.js';
import { toEmbeddingsResponse } from '../embeddings/response.js';
import { malformedEmbeddings } from '../dialects/embeddings-wire.js';

/** Largest embeddings answer read from a provider (2,048 vectors of 3,072 floats as JSON text fit well under it). */
export const MAX_EMBEDDINGS_ANSWER = 256 * 1024 * 1024;
/** Calls in flight at once for a provider that embeds one text per call (Titan). */
const PARALLEL_CALLS = 8;

export interface EmbeddingsAttemptResult {
  response: EmbeddingsResponse;
  /** Tokens the provider billed, when it said (the response's usage holds an estimate otherwise). */
  reportedTokens: number | null;
  /** The headers of the (last) answer, for the rate-limit figures passed to the caller. */
  headers: IncomingHttpHeaders;
}

/** One embeddings attempt: every wire call it needs, each answer read within its bound, decoded into OpenAI's answer. */
export async function runEmbeddingsAttempt(codec: EmbeddingsCodec, ctx: EmbeddingsAttemptContext, transport: Transport, attempt: AttemptSignal): Promise<EmbeddingsAttemptResult> {
  const built = await codec.buildEmbeddingsRequests(ctx);
  if (ProviderError.is(built)) throw built;
  const answers: EmbeddingsAnswer[] = new Array(built.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < built.length) {
      const index = next++;
      answers[index] = await call(codec, ctx, transport, attempt, built[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CALLS, built.length) }, worker));
  const decoded = codec.decodeEmbeddings(answers, ctx);
  if (ProviderError.is(decoded)) throw decoded;
  const response = toEmbeddingsResponse(decoded, ctx.request, ctx.texts, ctx.upstreamModel);
  if (!response) throw malformedEmbeddings(ctx, 'a base64 vector that is not float32 values');
  return { response, reportedTokens: decoded.promptTokens, headers: answers[answers.length - 1]!.headers };
}

async function call(codec: EmbeddingsCodec, ctx: EmbeddingsAttemptContext, transport: Transport, attempt: AttemptSignal, wire: WireRequest): Promise<EmbeddingsAnswer> {
  const response = await sendOk(() => transport.send(wire, attempt.signal), ctx, attempt, (status, headers, text) => codec.classifyError(status, headers, text, ctx));
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > MAX_EMBEDDINGS_ANSWER) {
        throw malformedEmbeddings(ctx, `an answer over ${MAX_EMBEDDINGS_ANSWER} bytes`);
      }
      parts.push(chunk);
    }
  } catch (error) {
    throw attemptFailure(error, ctx, attempt);
  }
  return { body: Buffer.concat(parts), headers: response.headers };
}
