/**
 * The request log's schema, one logical schema in two SQL dialects. Each migration moves the schema one
 * version up; `wai_schema` holds the version in force (one row). Migrations only ever add: a gateway that
 * finds a newer version than it knows leaves the database alone and does not log (see SchemaTooNewError).
 *
 * wai_requests: one row per request (the RequestRecord without its attempts), keyed by request id.
 * wai_attempts: one row per attempt, keyed by request id and position, with the request's start time
 *   copied in (v2) so provider statistics and retention need no join.
 * v3 keys both tables by start time first ((at_ms, request_id), (at_ms, request_id, seq)), which is also the
 *   order every query reads in, and drops the rest: a key led by a random request id put each insert on a random
 *   index page, which cost most of a batch's CPU and grew with the table (see bench/request-log.ts).
 * v4 adds wai_responses: the responses of POST /v1/responses kept for `previous_response_id` and
 *   GET/DELETE /v1/responses/{id}, one row per response (its JSON in `body`), under the same retention by at_ms.
 * Times are ms since the epoch (at_ms); durations are ms; cost is USD.
 */

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  version: number;
  description: string;
  sqlite: readonly string[];
  postgres: readonly string[];
}

export const SCHEMA_TABLE: Record<Dialect, string> = {
  sqlite: 'CREATE TABLE IF NOT EXISTS wai_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, migrated_at INTEGER NOT NULL)',
  postgres: 'CREATE TABLE IF NOT EXISTS wai_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, migrated_at BIGINT NOT NULL)',
};

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'requests and attempts',
    sqlite: [
      `CREATE TABLE wai_requests (
        request_id TEXT PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        client TEXT,
        operation TEXT NOT NULL,
        requested_model TEXT NOT NULL,
        canonical_model TEXT,
        served_provider TEXT,
        served_model TEXT,
        level INTEGER,
        attempt_count INTEGER NOT NULL,
        total_ms REAL NOT NULL,
        upstream_ms REAL NOT NULL,
        overhead_ms REAL NOT NULL,
        ttft_ms REAL,
        tokens_in INTEGER,
        tokens_out INTEGER,
        cost_usd REAL,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        error TEXT
      )`,
      `CREATE TABLE wai_attempts (
        request_id TEXT NOT NULL REFERENCES wai_requests (request_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        level INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        error_class TEXT,
        status INTEGER,
        code TEXT,
        message TEXT,
        duration_ms REAL NOT NULL,
        PRIMARY KEY (request_id, seq)
      )`,
      'CREATE INDEX wai_requests_at ON wai_requests (at_ms)',
    ],
    postgres: [
      `CREATE TABLE wai_requests (
        request_id TEXT PRIMARY KEY,
        at_ms BIGINT NOT NULL,
        client TEXT,
        operation TEXT NOT NULL,
        requested_model TEXT NOT NULL,
        canonical_model TEXT,
        served_provider TEXT,
        served_model TEXT,
        level INTEGER,
        attempt_count INTEGER NOT NULL,
        total_ms DOUBLE PRECISION NOT NULL,
        upstream_ms DOUBLE PRECISION NOT NULL,
        overhead_ms DOUBLE PRECISION NOT NULL,
        ttft_ms DOUBLE PRECISION,
        tokens_in INTEGER,
        tokens_out INTEGER,
        cost_usd DOUBLE PRECISION,
        stream BOOLEAN NOT NULL,
        status INTEGER NOT NULL,
        error TEXT
      )`,
      `CREATE TABLE wai_attempts (
        request_id TEXT NOT NULL REFERENCES wai_requests (request_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        level INTEGER NOT NULL,
        ok BOOLEAN NOT NULL,
        error_class TEXT,
        status INTEGER,
        code TEXT,
        message TEXT,
        duration_ms DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (request_id, seq)
      )`,
      'CREATE INDEX wai_requests_at ON wai_requests (at_ms)',
    ],
  },
  {
    version: 2,
    description: 'attempt times and provider indexes',
    sqlite: [
      'ALTER TABLE wai_attempts ADD COLUMN at_ms INTEGER NOT NULL DEFAULT 0',
      'UPDATE wai_attempts SET at_ms = (SELECT r.at_ms FROM wai_requests r WHERE r.request_id = wai_attempts.request_id)',
      'CREATE INDEX wai_attempts_at ON wai_attempts (at_ms)',
      'CREATE INDEX wai_attempts_provider_at ON wai_attempts (provider, at_ms)',
      'CREATE INDEX wai_requests_provider_at ON wai_requests (served_provider, at_ms)',
    ],
    postgres: [
      'ALTER TABLE wai_attempts ADD COLUMN at_ms BIGINT NOT NULL DEFAULT 0',
      'UPDATE wai_attempts a SET at_ms = r.at_ms FROM wai_requests r WHERE r.request_id = a.request_id',
      'CREATE INDEX wai_attempts_at ON wai_attempts (at_ms)',
      'CREATE INDEX wai_attempts_provider_at ON wai_attempts (provider, at_ms)',
      'CREATE INDEX wai_requests_provider_at ON wai_requests (served_provider, at_ms)',
    ],
  },
  {
    version: 3,
    description: 'tables keyed by start time; no foreign key, no secondary indexes',
    // SQLite cannot drop a primary key: the tables are rebuilt (rows copied in key order). Renaming the old ones
    // first keeps the new tables' names and leaves the foreign key pointing at the old table until it goes.
    sqlite: [
      'ALTER TABLE wai_attempts RENAME TO wai_attempts_v2',
      'ALTER TABLE wai_requests RENAME TO wai_requests_v2',
      `CREATE TABLE wai_requests (
        request_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        client TEXT,
        operation TEXT NOT NULL,
        requested_model TEXT NOT NULL,
        canonical_model TEXT,
        served_provider TEXT,
        served_model TEXT,
        level INTEGER,
        attempt_count INTEGER NOT NULL,
        total_ms REAL NOT NULL,
        upstream_ms REAL NOT NULL,
        overhead_ms REAL NOT NULL,
        ttft_ms REAL,
        tokens_in INTEGER,
        tokens_out INTEGER,
        cost_usd REAL,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        error TEXT,
        PRIMARY KEY (at_ms, request_id)
      )`,
      `CREATE TABLE wai_attempts (
        request_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        level INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        error_class TEXT,
        status INTEGER,
        code TEXT,
        message TEXT,
        duration_ms REAL NOT NULL,
        PRIMARY KEY (at_ms, request_id, seq)
      )`,
      `INSERT INTO wai_requests SELECT request_id, at_ms, client, operation, requested_model, canonical_model, served_provider, served_model, level,
        attempt_count, total_ms, upstream_ms, overhead_ms, ttft_ms, tokens_in, tokens_out, cost_usd, stream, status, error
        FROM wai_requests_v2 ORDER BY at_ms, request_id`,
      `INSERT INTO wai_attempts SELECT request_id, seq, at_ms, provider, model, level, ok, error_class, status, code, message, duration_ms
        FROM wai_attempts_v2 ORDER BY at_ms, request_id, seq`,
      'DROP TABLE wai_attempts_v2',
      'DROP TABLE wai_requests_v2',
    ],
    // The constraint names are the ones PostgreSQL gave them in version 1.
    postgres: [
      'ALTER TABLE wai_attempts DROP CONSTRAINT wai_attempts_request_id_fkey',
      'ALTER TABLE wai_attempts DROP CONSTRAINT wai_attempts_pkey',
      'ALTER TABLE wai_requests DROP CONSTRAINT wai_requests_pkey',
      'DROP INDEX wai_requests_at, wai_requests_provider_at, wai_attempts_at, wai_attempts_provider_at',
      'ALTER TABLE wai_requests ADD PRIMARY KEY (at_ms, request_id)',
      'ALTER TABLE wai_attempts ADD PRIMARY KEY (at_ms, request_id, seq)',
    ],
  },
  {
    version: 4,
    description: 'stored responses (POST /v1/responses)',
    sqlite: [
      `CREATE TABLE wai_responses (
        response_id TEXT PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        served_by TEXT,
        previous_id TEXT,
        body TEXT NOT NULL
      )`,
      'CREATE INDEX wai_responses_at ON wai_responses (at_ms)',
    ],
    postgres: [
      `CREATE TABLE wai_responses (
        response_id TEXT PRIMARY KEY,
        at_ms BIGINT NOT NULL,
        served_by TEXT,
        previous_id TEXT,
        body TEXT NOT NULL
      )`,
      'CREATE INDEX wai_responses_at ON wai_responses (at_ms)',
    ],
  },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

/** The database holds a schema written by a newer gateway; this one does not touch it. */
export class SchemaTooNewError extends Error {
  readonly fatal = true;
  constructor(readonly found: number, readonly known: number) {
    super(`the request log schema is at version ${found}, newer than this gateway knows (${known}); request logging is off`);
    this.name = 'SchemaTooNewError';
  }
}

/** The migrations that take a schema from `current` to `target`, in order. */
export function migrationsBetween(current: number, target: number = LATEST_VERSION): Migration[] {
  if (current > LATEST_VERSION) throw new SchemaTooNewError(current, LATEST_VERSION);
  if (!Number.isInteger(target) || target < 0 || target > LATEST_VERSION) throw new RangeError(`no request log schema version ${target} (latest: ${LATEST_VERSION})`);
  return MIGRATIONS.filter((m) => m.version > current && m.version <= target);
}
