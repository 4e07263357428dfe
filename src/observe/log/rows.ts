/**
 * RequestRecord ⇄ table rows, shared by the SQLite and PostgreSQL stores so both hold the same facts.
 */
import type { AttemptRecord } from '../../engine/attempt-record.js';
import type { ErrorClass } from '../../errors/error-class.js';
import type { Level } from '../../routing/route.js';
import type { RequestRecord } from '../../engine/request-record.js';
import { MAX_MESSAGE_CHARS, type RecentFilter } from './store.js';

export const REQUEST_COLUMNS = [
  'request_id', 'at_ms', 'client', 'operation', 'requested_model', 'canonical_model', 'served_provider', 'served_model', 'level',
  'attempt_count', 'total_ms', 'upstream_ms', 'overhead_ms', 'ttft_ms', 'tokens_in', 'tokens_out', 'cost_usd', 'stream', 'status', 'error',
  'client_key_id',
] as const;

export const ATTEMPT_COLUMNS = [
  'request_id', 'seq', 'at_ms', 'provider', 'model', 'level', 'ok', 'error_class', 'status', 'code', 'message', 'duration_ms',
] as const;

/** PostgreSQL types of the columns, in the same order: binary COPY encodes each value by its type (pg-copy.ts); the INSERT that skips rows already written takes each column as one typed array (see `pgColumns`). */
export const REQUEST_PG_TYPES = [
  'text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'integer',
  'integer', 'double precision', 'double precision', 'double precision', 'double precision', 'integer', 'integer', 'double precision', 'boolean', 'integer', 'text',
  'text',
] as const satisfies { length: typeof REQUEST_COLUMNS.length };

export const ATTEMPT_PG_TYPES = [
  'text', 'integer', 'bigint', 'text', 'text', 'integer', 'boolean', 'text', 'integer', 'text', 'text', 'double precision',
] as const satisfies { length: typeof ATTEMPT_COLUMNS.length };

export type SqlValue = string | number | boolean | null;

/** The wai_requests row of a record, in REQUEST_COLUMNS order. Booleans as given (SQLite wants them as 0/1: see `forSqlite`). */
export function requestValues(r: RequestRecord): SqlValue[] {
  return [
    text(r.requestId), Math.round(r.at), nullableText(r.client), r.operation, text(r.requestedModel), nullableText(r.canonicalModel),
    nullableText(r.servedProvider), nullableText(r.servedModel), r.level,
    r.attempts.length, finite(r.totalMs), finite(r.upstreamMs), finite(r.overheadMs), nullableFinite(r.ttftMs), int(r.tokensIn), int(r.tokensOut),
    nullableFinite(r.costUsd), r.stream, r.status, r.error,
    r.clientKeyId ?? null,
  ];
}

/** The wai_attempts rows of a record, in ATTEMPT_COLUMNS order. */
export function attemptValues(r: RequestRecord): SqlValue[][] {
  return r.attempts.map((a, seq) => [
    text(r.requestId), seq, Math.round(r.at), text(a.provider), text(a.model), a.level, a.ok, a.errorClass ?? null, a.status ?? null,
    a.code === undefined ? null : text(a.code), a.message === undefined ? null : text(a.message.slice(0, MAX_MESSAGE_CHARS)), finite(a.durationMs),
  ]);
}

const NUL = /\0/g;

/**
 * PostgreSQL text cannot hold NUL, and one such value failed its whole batch again and again, holding up every
 * row behind it (a rejected body's model name, the user field, an upstream's message can carry one). Both
 * stores keep U+FFFD in its place, so they hold the same facts.
 */
function text(value: string): string {
  return value.includes('\0') ? value.replace(NUL, '\ufffd') : value;
}
function nullableText(value: string | null): string | null {
  return value === null ? null : text(value);
}

export type SqliteValue = string | number | null;

export function forSqlite(values: SqlValue[]): SqliteValue[] {
  return values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
}

/** A batch as SQLite rows: arrays of plain values are far cheaper to post to the worker than the records themselves. */
export interface SqliteRows {
  requests: SqliteValue[][];
  attempts: SqliteValue[][];
}

export function sqliteRows(records: readonly RequestRecord[]): SqliteRows {
  const requests: SqliteValue[][] = [];
  const attempts: SqliteValue[][] = [];
  for (const record of records) {
    requests.push(forSqlite(requestValues(record)));
    for (const values of attemptValues(record)) attempts.push(forSqlite(values));
  }
  return { requests, attempts };
}

/**
 * Rows as one PostgreSQL array literal per column, so a whole batch is a fixed handful of parameters to
 * `unnest` (one short statement, prepared once) instead of a statement with a placeholder per value, which the
 * server parsed and planned anew for every batch. Built here rather than by `pg`, which quotes each value twice over.
 */
export function pgColumns(rows: readonly SqlValue[][], width: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < width; c++) {
    let text = '{';
    for (let i = 0; i < rows.length; i++) {
      if (i > 0) text += ',';
      text += pgElement(rows[i]![c] ?? null);
    }
    out.push(`${text}}`);
  }
  return out;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** One array element: strings always quoted (so 'NULL', braces, commas and spaces stay text), `"` and `\` escaped. */
function pgElement(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `"${NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, '\\$&') : value}"`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

type Row = Record<string, unknown>;

/** A wai_requests row and its attempt rows (in seq order) back to a record. */
export function recordFromRows(row: Row, attempts: readonly Row[]): RequestRecord {
  return {
    at: num(row.at_ms),
    requestId: String(row.request_id),
    client: str(row.client),
    operation: String(row.operation) as RequestRecord['operation'],
    requestedModel: String(row.requested_model),
    canonicalModel: str(row.canonical_model),
    servedProvider: str(row.served_provider),
    servedModel: str(row.served_model),
    level: nullableNum(row.level) as Level | null,
    attempts: attempts.map(attemptFromRow),
    totalMs: num(row.total_ms),
    upstreamMs: num(row.upstream_ms),
    overheadMs: num(row.overhead_ms),
    ttftMs: nullableNum(row.ttft_ms),
    tokensIn: nullableNum(row.tokens_in),
    tokensOut: nullableNum(row.tokens_out),
    costUsd: nullableNum(row.cost_usd),
    stream: bool(row.stream),
    status: num(row.status),
    error: str(row.error) as RequestRecord['error'],
    ...(row.client_key_id !== null && row.client_key_id !== undefined ? { clientKeyId: String(row.client_key_id) } : {}),
  };
}

function attemptFromRow(row: Row): AttemptRecord {
  const attempt: AttemptRecord = {
    provider: String(row.provider),
    model: String(row.model),
    level: num(row.level) as Level,
    ok: bool(row.ok),
    durationMs: num(row.duration_ms),
  };
  if (row.error_class !== null && row.error_class !== undefined) attempt.errorClass = String(row.error_class) as ErrorClass;
  if (row.status !== null && row.status !== undefined) attempt.status = num(row.status);
  if (row.code !== null && row.code !== undefined) attempt.code = String(row.code);
  if (row.message !== null && row.message !== undefined) attempt.message = String(row.message);
  return attempt;
}

/** Groups attempt rows (ordered by request id, then seq) by `requestKey`: start time and id key a request (see migrations.ts, v3). */
export function attemptsByRequest(rows: readonly Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const key = requestKey(row);
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}

/** A request's key in either table's rows (PostgreSQL answers at_ms as a string). */
export function requestKey(row: Row): string {
  return `${num(row.at_ms)} ${String(row.request_id)}`;
}

/** Requests not served in full: an error status (but 499: the caller went away) or a stream that broke after it started. */
export const ERROR_SQL = `((status >= 400 AND status <> 499) OR error = 'stream_broken')`;
/** Served in full. */
export const OK_SQL = '(status < 400 AND error IS NULL)';

/** The WHERE clause of `recent`, with `param(value)` returning the placeholder of a bound value. */
export function recentWhere(filter: RecentFilter | undefined, param: (value: SqlValue) => string): string {
  const clauses: string[] = [];
  if (filter?.provider !== undefined) {
    // Per candidate row, a lookup on the attempts' key: no list of every attempt the provider ever had.
    clauses.push(`(served_provider = ${param(filter.provider)} OR EXISTS (SELECT 1 FROM wai_attempts a WHERE a.at_ms = wai_requests.at_ms AND a.request_id = wai_requests.request_id AND a.provider = ${param(filter.provider)}))`);
  }
  if (filter?.status === 'ok') clauses.push(OK_SQL);
  else if (filter?.status === 'error') clauses.push(ERROR_SQL);
  else if (typeof filter?.status === 'number') clauses.push(`status = ${param(filter.status)}`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** Most rows `recent` returns in one call. */
export const MAX_RECENT = 1000;

export function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.min(MAX_RECENT, Math.floor(limit))) : MAX_RECENT;
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}
function nullableFinite(n: number | null): number | null {
  return n === null || !Number.isFinite(n) ? null : n;
}
function int(n: number | null): number | null {
  return n === null || !Number.isFinite(n) ? null : Math.round(n);
}
/** PostgreSQL answers BIGINT and counts as strings. */
function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}
function nullableNum(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}
function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't';
}
