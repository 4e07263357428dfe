import type { AttemptRecord } from './attempt-record.js';
import type { ErrorClass } from '../errors/error-class.js';
import type { Level } from '../routing/route.js';

/**
 * Everything about one finished request, as the request log, the metrics and the dashboard see it.
 * Times are milliseconds; `at` is the start, in ms since the epoch.
 */
export interface RequestRecord {
  at: number;
  requestId: string;
  /** Who asked: the `x-wai-client` header, else the request's `user` field, else the peer address. */
  client: string | null;
  /** `messages`: a chat that came in on Anthropic's format (POST /v1/messages); `responses`: OpenAI's Responses API. */
  operation: 'chat' | 'speech' | 'messages' | 'responses' | 'embeddings';
  requestedModel: string;
  canonicalModel: string | null;
  servedProvider: string | null;
  servedModel: string | null;
  level: Level | null;
  attempts: AttemptRecord[];
  totalMs: number;
  /** Time spent waiting on providers (all attempts, and the streamed body after the commit). */
  upstreamMs: number;
  /** What the gateway itself added: total minus upstream time minus backoff waits. */
  overheadMs: number;
  /** Streams: from the request's start to the first content event. */
  ttftMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  /** USD, from the catalog price of what served it (0 for free variants); null when the price is unknown. */
  costUsd: number | null;
  stream: boolean;
  /** The HTTP status the caller got (200 also for a stream that broke after it started). */
  status: number;
  /** What went wrong, when something did: the last attempt's class, `stream_broken`, or `client_closed`. */
  error: ErrorClass | 'stream_broken' | 'client_closed' | 'gateway' | null;
  /** The id of the client key that made the request (never the key itself); absent for keyless requests. */
  clientKeyId?: string;
}

/** Receives every finished request. Must be cheap and never throw: it runs on the request's path. */
export interface RequestObserver {
  requestFinished(record: RequestRecord): void;
}
