import type { IncomingHttpHeaders } from 'node:http';
import type { ChatCompletion, ChatRequest, Usage } from '../types/chat.js';
import type { SpeechRequest } from '../types/speech.js';
import type { EmbeddingsRequest } from '../types/embeddings.js';
import type { ProviderError } from '../errors/provider-error.js';
import type { ProviderRuntime } from '../providers/runtime.js';
import type { DialectId } from '../providers/types.js';
import type { Clock } from '../internal/clock.js';
import type { CancelSignal } from '../internal/cancel.js';

/** Everything a dialect needs to know about one attempt. */
export interface AttemptContext {
  provider: ProviderRuntime;
  /** The model id as this provider spells it. */
  upstreamModel: string;
  request: ChatRequest;
  stream: boolean;
  /** The caller asked for a usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  requestId: string;
  clock: Clock;
}

/** What classifying a failure needs of an attempt, whatever its operation. */
export type FailureContext = Pick<AttemptContext, 'provider' | 'upstreamModel' | 'clock'>;

/** One upstream HTTP call, ready to send. */
export interface WireRequest {
  method: 'GET' | 'POST';
  origin: string;
  /** Path and query. */
  path: string;
  headers: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: AsyncIterable<Uint8Array> & { text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer>; dump?(): Promise<void> };
}

/** A response read to its end. */
export interface WholeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body; for a status outside 2xx, only its first `errorBodyLimit` bytes. */
  bytes: Buffer;
  /**
   * Gives back the room a 2xx body holds in the transport's answer budget (once; later calls do nothing). The body
   * keeps it until then, so an answer still being written to a slow caller stays counted; an error body gave its
   * room back before it was handed on.
   */
  release?(): void;
  /**
   * The serving provider's rate-limit headers, when the transport read them itself (raw-headers.ts): exactly
   * rateLimitHeaders(headers). Absent: the reader takes them from `headers`.
   */
  rateLimits?: Record<string, string> | undefined;
}

/** Sends wire requests; the engine owns the connection pools. */
export interface Transport {
  /** True when the transport calls the signal's `dispatched()` once a request is on a connection (HttpTransport does). */
  readonly reportsDispatch?: boolean;
  /** `signal` is an AbortSignal or the engine's lighter CancelSignal (undici takes either). */
  send(request: WireRequest, signal: CancelSignal): Promise<WireResponse>;
  /**
   * The same call, resolved once the whole body has arrived: no stream object per response (whole answers are
   * most of the traffic). Optional: without it the engine reads `send`'s body.
   */
  sendWhole?(request: WireRequest, signal: CancelSignal, errorBodyLimit: number, answerLimit?: number): Promise<WholeResponse>;
  /**
   * Room for all whole answers being read at once (engine/answer-budget.ts); whole answers read through `send`
   * take from it too. Optional: without it only each answer's own limit applies.
   */
  readonly answerBudget?: WholeAnswerBudget;
}

/** What the engine needs of an answer budget: take room as an answer grows, give it back when done. */
export interface WholeAnswerBudget {
  readonly limitBytes: number;
  take(from: number, to: number): boolean;
  give(bytes: number): void;
}

/** What a whole (non-stream) response decodes to. */
export interface DecodedCompletion {
  completion: ChatCompletion;
  /**
   * The upstream bytes, when they already are the OpenAI object to send: the server forwards them
   * instead of serialising `completion` again.
   */
  passthrough?: Uint8Array;
  /** The upstream bytes in the caller's own format (see native-body.ts), when the request came in as one. */
  native?: Uint8Array;
}

/** Receives a translated stream, event by event. */
export interface StreamSink {
  /**
   * One OpenAI chunk, as JSON text, to send as `data: <json>`.
   * `content` is true when it carries answer content (text, tool call, reasoning, refusal, finish):
   * the engine commits to the attempt on the first such frame.
   */
  frame(json: string, content: boolean): void;
  /** Usage seen in the stream, for accounting. */
  usage(usage: Usage): void;
  /** The upstream reported a failure inside the stream, or the stream is broken. */
  error(error: ProviderError): void;
  /** The upstream finished the stream properly. */
  done(): void;
}

export interface StreamTranslator {
  push(bytes: Uint8Array): void;
  /** The upstream body ended; a stream that ended before its terminator reports an error. */
  end(): void;
}

/**
 * Chat completions on one wire: the canonical (OpenAI) request to the wire and the answer back, whole and
 * streamed, with the failures classified.
 */
export interface ChatCodec {
  buildChatRequest(ctx: AttemptContext): WireRequest | Promise<WireRequest>;
  /** Decodes a 2xx body. Parse failures are returned as a ProviderError, not thrown. */
  decodeChatResponse(body: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError;
  createStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator;
  /** Classifies a non-2xx answer. */
  classifyError(status: number, headers: IncomingHttpHeaders, body: string, ctx: AttemptContext): ProviderError;
  /**
   * Optional multi-step exchange (e.g. Replicate's create-then-stream predictions).
   * Without it the engine sends `buildChatRequest` once.
   */
  exchange?(ctx: AttemptContext, transport: Transport, signal: CancelSignal): Promise<WireResponse>;
}

/**
 * A provider's own OpenAI Responses endpoint (`POST /v1/responses`), to which a Responses request passes through
 * untouched. Without it (or when `pathOf` says none) a Responses request is served through `chat`.
 */
export interface ResponsesPart {
  /** The full path of this provider's Responses endpoint, or undefined when this provider has none. */
  pathOf(provider: ProviderRuntime): string | undefined;
  /** Classifies a non-2xx answer of that endpoint. */
  classifyError(status: number, headers: IncomingHttpHeaders, body: string, ctx: FailureContext): ProviderError;
}

/**
 * A wire format, as the set of capabilities it speaks: each part is optional, so a speech-only dialect has only
 * `speech`. The planner and the engine ask for the part a request needs (`dialect.speech`, `dialect.embeddings`…);
 * adding a dialect means adding one folder with one of these.
 */
export interface Dialect {
  readonly id: DialectId;
  /** Chat completions (also what a Responses request is translated to when there is no `responses` part). */
  chat?: ChatCodec;
  /** Text to speech, for dialects whose provider offers it. */
  speech?: SpeechCodec;
  /** Text to vectors, for dialects whose providers offer it (the provider entry's `embeddings` says which do). */
  embeddings?: EmbeddingsCodec;
  /** Pass-through of OpenAI Responses requests, for dialects whose providers may have the endpoint. */
  responses?: ResponsesPart;
}

/** The kinds of request a dialect may serve: the names of its optional parts. */
export type DialectCapability = Exclude<keyof Dialect, 'id'>;

export interface SpeechAttemptContext {
  provider: ProviderRuntime;
  /** The speech model id as this provider spells it. */
  upstreamModel: string;
  request: SpeechRequest;
  requestId: string;
  clock: Clock;
}

/**
 * Text to speech: the canonical (OpenAI) speech request to the wire. The audio bytes of a 2xx answer are passed
 * through as they stream; only failures are translated.
 */
export interface SpeechCodec {
  /** Refuses, as a ProviderError (invalid_request or unsupported), what this provider cannot do (a format, a voice). */
  buildSpeechRequest(ctx: SpeechAttemptContext): WireRequest | Promise<WireRequest> | ProviderError;
  /** The content type of the audio for the requested format. */
  contentType(ctx: SpeechAttemptContext): string;
  classifyError(status: number, headers: IncomingHttpHeaders, body: string, ctx: FailureContext): ProviderError;
}

export interface EmbeddingsAttemptContext {
  provider: ProviderRuntime;
  /** The embedding model id as this provider spells it. */
  upstreamModel: string;
  request: EmbeddingsRequest;
  /** The input as a list (one entry per vector asked for). */
  texts: string[] | number[][];
  requestId: string;
  clock: Clock;
}

/** What a provider's answer decodes to: one vector per input, in input order, as floats or base64 float32. */
export interface DecodedEmbeddings {
  vectors: Array<number[] | string>;
  /** Input tokens billed, when the provider says. */
  promptTokens: number | null;
}

/** One 2xx answer of an embeddings call. */
export interface EmbeddingsAnswer {
  body: Uint8Array;
  headers: IncomingHttpHeaders;
}

/**
 * Text to vectors: the canonical (OpenAI) embeddings request to one or more wire calls (a provider that embeds
 * one text per call gets one call per input), and their answers back to vectors.
 */
export interface EmbeddingsCodec {
  /** Refuses, as a ProviderError (invalid_request or unsupported), what this provider cannot do (token ids, a length). */
  buildEmbeddingsRequests(ctx: EmbeddingsAttemptContext): WireRequest[] | ProviderError | Promise<WireRequest[] | ProviderError>;
  /** Decodes the 2xx answers, one per wire request, in order. Parse failures are returned, not thrown. */
  decodeEmbeddings(answers: EmbeddingsAnswer[], ctx: EmbeddingsAttemptContext): DecodedEmbeddings | ProviderError;
  classifyError(status: number, headers: IncomingHttpHeaders, body: string, ctx: FailureContext): ProviderError;
}
