import type { RequestRecord } from '../../engine/request-record.js';

/** Which requests `recent` returns. */
export interface RecentFilter {
  /** Requests that this provider served or that made an attempt on it. */
  provider?: string;
  /** An HTTP status, or `ok` (served in full) / `error` (anything else but the caller going away). */
  status?: number | 'ok' | 'error';
}

/** One time bucket of the usage charts. */
export interface UsageBucket {
  /** Start of the bucket, ms since the epoch (a multiple of the bucket size). */
  at: number;
  requests: number;
  /** Requests not served in full: status >= 400 (but 499, the caller went away) or a stream that broke. */
  errors: number;
  /** Requests served below level 1 (level > 1). */
  fallbacks: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

/** Attempts on one provider. */
export interface ProviderStat {
  provider: string;
  attempts: number;
  successes: number;
  /** Nearest-rank percentiles of the successful attempts' durations; null without any success. */
  p50Ms: number | null;
  p95Ms: number | null;
}

/** A stored response (POST /v1/responses): its id, when, who served it, what it follows, and its JSON. */
export interface StoredResponseRow {
  id: string;
  atMs: number;
  servedBy: string | null;
  previousId: string | null;
  body: string;
}

/** A wai_responses row as either database returns it (PostgreSQL gives BIGINT as a string). */
export function responseRow(row: Record<string, unknown>): StoredResponseRow {
  return { id: String(row.response_id), atMs: Number(row.at_ms), servedBy: (row.served_by as string | null) ?? null, previousId: (row.previous_id as string | null) ?? null, body: String(row.body) };
}

/**
 * Where the request log lives. Implementations never hold a request: the log calls them from its flush
 * loop, off the request path. Times are ms since the epoch.
 */
export interface RequestLogStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where, for operators: a file path, or the database URL without its password. */
  readonly location: string;
  /** Creates or upgrades the schema to `toVersion` (default: the latest). Running it again is a no-op. */
  migrate(toVersion?: number): Promise<number>;
  /** Writes the requests and their attempts, all or nothing. A request already written (same start time and request id) is kept as it was. */
  writeBatch(records: readonly RequestRecord[]): Promise<void>;
  /** The latest requests, newest first, with their attempts. */
  recent(limit: number, filter?: RecentFilter): Promise<RequestRecord[]>;
  /** Per bucket of `bucketMs` from `sinceMs`, oldest first; buckets without requests are left out. */
  usageSeries(sinceMs: number, bucketMs: number): Promise<UsageBucket[]>;
  /** Per provider, attempts since `sinceMs`, most attempted first. */
  providerStats(sinceMs: number): Promise<ProviderStat[]>;
  /** Removes requests (and their attempts, and stored responses) that started before `ms`; returns how many requests went. */
  deleteOlderThan(ms: number): Promise<number>;
  /** Stored responses (schema v4), for `previous_response_id` and /v1/responses/{id}; a row with the same id is replaced. */
  putResponse?(row: StoredResponseRow): Promise<void>;
  getResponse?(id: string): Promise<StoredResponseRow | undefined>;
  /** True when there was such a response. */
  deleteResponse?(id: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Marks an error that retrying will not cure: a schema newer than this gateway, a file that cannot be opened,
 * SQL the database refuses. A migration that fails this way turns the log off; any other failure (the database
 * cannot be reached, timed out, is busy) is retried.
 */
export function markFatal<E>(error: E): E {
  if (error && typeof error === 'object') (error as { fatal?: boolean }).fatal = true;
  return error;
}

export function isFatal(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { fatal?: unknown }).fatal === true;
}

/** Longest attempt message kept in the log. */
export const MAX_MESSAGE_CHARS = 1000;

/** Nearest-rank percentile of an ascending list (the same as PostgreSQL's percentile_disc). */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

/** Rounds to micro-dollar precision: sums of floats would otherwise show 0.30000000000000004. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e9) / 1e9;
}
