import pg from 'pg';
import { describeUrl } from './database-url.js';
import type { RequestRecord } from '../../engine/request-record.js';
import { SCHEMA_TABLE, migrationsBetween } from './migrations.js';
import { copyFrom, encodeCopyBinary } from './pg-copy.js';
import {
  ATTEMPT_COLUMNS, ATTEMPT_PG_TYPES, ERROR_SQL, REQUEST_COLUMNS, REQUEST_PG_TYPES, attemptValues, attemptsByRequest, clampLimit, pgColumns, recentWhere,
  recordFromRows, requestKey, requestValues, type SqlValue,
} from './rows.js';
import { markFatal, responseRow, roundUsd, type ProviderStat, type RecentFilter, type RequestLogStore, type StoredResponseRow, type UsageBucket } from './store.js';

export { describeUrl, urlSecrets } from './database-url.js';

export interface PostgresStoreOptions {
  /** Connections at most (the log writes one batch at a time; the rest is for retention and the admin API). */
  max?: number;
  /** Giving up on a connection that does not complete its start-up. */
  connectTimeoutMs?: number;
  /** Giving up on a statement, client side and server side. */
  queryTimeoutMs?: number;
}

/** Requests deleted per retention transaction (about: requests starting in the same ms as the last go with it). */
const DELETE_CHUNK = 5000;

/** SQLSTATE classes that may go away by themselves: connection, auth, missing database, rollback, resources, locks, operator, system. */
const TRANSIENT_CLASSES = new Set(['08', '28', '3D', '40', '53', '55', '57', '58']);

/** Longest one migration statement may run (a re-key of a large table); the log buffers rows meanwhile. */
const MIGRATION_TIMEOUT_MS = 30 * 60_000;

/**
 * The request log in PostgreSQL (when DATABASE_URL is set). One transaction of binary COPYs per batch (see writeBatch);
 * migrations under an advisory lock so gateways starting together do not race. The pool lets the process exit
 * when idle, and every connect and statement has a time limit, so a database that hangs cannot hold the log forever.
 */
export class PostgresStore implements RequestLogStore {
  readonly kind = 'postgres' as const;
  readonly location: string;
  readonly #pool: pg.Pool;
  #closed: Promise<void> | undefined;

  constructor(url: string, options: PostgresStoreOptions = {}) {
    this.location = describeUrl(url);
    // Below the log's own limit on a call (15 s), so a stuck statement is ended here rather than left running.
    const queryTimeoutMs = options.queryTimeoutMs ?? 10_000;
    this.#pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      query_timeout: queryTimeoutMs,
      statement_timeout: queryTimeoutMs,
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
      application_name: 'wai-gateway-request-log',
    });
    // An idle connection that breaks (database restart) must not crash the process; the next call reconnects.
    this.#pool.on('error', () => {});
  }

  async migrate(toVersion?: number): Promise<number> {
    try {
      return await this.#transaction(async (client) => {
        // Per schema, so separate schemas (tests, tenants) in one database do not wait on each other.
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('wai_request_log:' || coalesce(current_schema(), '')))`);
        await client.query(SCHEMA_TABLE.postgres);
        await client.query('INSERT INTO wai_schema (id, version, migrated_at) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING', [Date.now()]);
        const current = Number((await client.query<{ version: number }>('SELECT version FROM wai_schema WHERE id = 1')).rows[0]!.version);
        const steps = migrationsBetween(current, toVersion);
        // A step may rebuild a large table (v3 re-keys both): the per-query timeouts meant for batches do not apply.
        if (steps.length) await client.query(`SET LOCAL statement_timeout = ${MIGRATION_TIMEOUT_MS}`);
        for (const step of steps) for (const sql of step.postgres) await client.query({ text: sql, query_timeout: MIGRATION_TIMEOUT_MS } as pg.QueryConfig);
        const last = steps.at(-1);
        if (last) await client.query('UPDATE wai_schema SET version = $1, migrated_at = $2 WHERE id = 1', [last.version, Date.now()]);
        return last?.version ?? current;
      });
    } catch (error) {
      throw isTransient(error) ? error : markFatal(error);
    }
  }

  /** The schema version in the database (0 when there is none yet). */
  async version(): Promise<number> {
    const exists = await this.#pool.query(`SELECT to_regclass('wai_schema') AS t`);
    if (exists.rows[0]?.t === null) return 0;
    const row = (await this.#pool.query<{ version: number }>('SELECT version FROM wai_schema WHERE id = 1')).rows[0];
    return row ? Number(row.version) : 0;
  }

  /**
   * One transaction of two binary COPYs (requests, then their attempts): the cheapest way in for the server.
   * COPY cannot skip a row that is already there, so a batch that meets one (written before, its reply lost) goes
   * in again by the INSERT that leaves such rows as they were.
   */
  async writeBatch(records: readonly RequestRecord[]): Promise<void> {
    if (records.length === 0) return;
    const requests = records.map(requestValues);
    const attempts = records.flatMap(attemptValues);
    try {
      await this.#transaction(async (client) => {
        await copyFrom(client, COPY_REQUESTS_SQL, encodeCopyBinary(requests, REQUEST_PG_TYPES));
        if (attempts.length > 0) await copyFrom(client, COPY_ATTEMPTS_SQL, encodeCopyBinary(attempts, ATTEMPT_PG_TYPES));
      });
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      await this.#insertBatch(requests, attempts);
    }
  }

  /**
   * One statement, atomic without BEGIN/COMMIT: each column of the batch is one array parameter to `unnest`, and
   * the statement is prepared once per connection. A request already there (same start and id) is left as it was.
   */
  async #insertBatch(requests: SqlValue[][], attempts: SqlValue[][]): Promise<void> {
    await this.#pool.query({
      name: 'wai_log_write_v5',
      text: WRITE_SQL,
      values: [...pgColumns(requests, REQUEST_COLUMNS.length), ...pgColumns(attempts, ATTEMPT_COLUMNS.length)],
    });
  }

  async recent(limit: number, filter?: RecentFilter): Promise<RequestRecord[]> {
    const params: SqlValue[] = [];
    const where = recentWhere(filter, (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    params.push(clampLimit(limit));
    const rows = (await this.#pool.query(`SELECT * FROM wai_requests ${where} ORDER BY at_ms DESC, request_id DESC LIMIT $${params.length}`, params)).rows;
    if (rows.length === 0) return [];
    // By the attempts' key (start time, id).
    const attemptRows = (await this.#pool.query(
      'SELECT * FROM wai_attempts WHERE (at_ms, request_id) IN (SELECT * FROM unnest($1::bigint[], $2::text[])) ORDER BY request_id, seq',
      [rows.map((r) => String(r.at_ms)), rows.map((r) => String(r.request_id))],
    )).rows;
    const byRequest = attemptsByRequest(attemptRows);
    return rows.map((row) => recordFromRows(row, byRequest.get(requestKey(row)) ?? []));
  }

  async usageSeries(sinceMs: number, bucketMs: number): Promise<UsageBucket[]> {
    const bucket = Math.max(1, Math.floor(bucketMs));
    const { rows } = await this.#pool.query(`
      SELECT (at_ms / $2::bigint) * $2::bigint AS at,
        count(*) AS requests,
        count(*) FILTER (WHERE ${ERROR_SQL}) AS errors,
        count(*) FILTER (WHERE level > 1) AS fallbacks,
        coalesce(sum(tokens_in), 0) AS tokens_in,
        coalesce(sum(tokens_out), 0) AS tokens_out,
        coalesce(sum(cost_usd), 0) AS cost_usd
      FROM wai_requests WHERE at_ms >= $1
      GROUP BY 1 ORDER BY 1`, [Math.floor(sinceMs), bucket]);
    return rows.map((r) => ({
      at: Number(r.at), requests: Number(r.requests), errors: Number(r.errors), fallbacks: Number(r.fallbacks),
      tokensIn: Number(r.tokens_in), tokensOut: Number(r.tokens_out), costUsd: roundUsd(Number(r.cost_usd)),
    }));
  }

  async providerStats(sinceMs: number): Promise<ProviderStat[]> {
    const { rows } = await this.#pool.query(`
      SELECT provider, count(*) AS attempts, count(*) FILTER (WHERE ok) AS successes,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE ok) AS p50,
        percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE ok) AS p95
      FROM wai_attempts WHERE at_ms >= $1
      GROUP BY provider ORDER BY count(*) DESC, provider`, [Math.floor(sinceMs)]);
    return rows.map((r) => ({
      provider: String(r.provider), attempts: Number(r.attempts), successes: Number(r.successes),
      p50Ms: r.p50 === null ? null : Number(r.p50), p95Ms: r.p95 === null ? null : Number(r.p95),
    }));
  }

  /**
   * In chunks of about DELETE_CHUNK requests (up to the start time of the chunk's last one), each its own
   * transaction: a large backlog never becomes one long statement or one huge transaction.
   */
  async deleteOlderThan(ms: number): Promise<number> {
    const cutoff = Math.floor(ms);
    let deleted = 0;
    for (;;) {
      const { gone, more } = await this.#transaction(async (client) => {
        const last = (await client.query<{ at_ms: string }>('SELECT at_ms FROM wai_requests WHERE at_ms < $1 ORDER BY at_ms LIMIT 1 OFFSET $2', [cutoff, DELETE_CHUNK - 1])).rows[0];
        const before = last === undefined ? cutoff : Math.min(cutoff, Number(last.at_ms) + 1);
        await client.query('DELETE FROM wai_attempts WHERE at_ms < $1', [before]);
        return { gone: (await client.query('DELETE FROM wai_requests WHERE at_ms < $1', [before])).rowCount ?? 0, more: last !== undefined };
      });
      deleted += gone;
      if (!more) break;
    }
    await this.#pool.query('DELETE FROM wai_responses WHERE at_ms < $1', [cutoff]);
    return deleted;
  }

  async putResponse(row: StoredResponseRow): Promise<void> {
    await this.#pool.query(`INSERT INTO wai_responses (response_id, at_ms, served_by, previous_id, body) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (response_id) DO UPDATE SET at_ms = excluded.at_ms, served_by = excluded.served_by, previous_id = excluded.previous_id, body = excluded.body`,
    [row.id, Math.floor(row.atMs), row.servedBy, row.previousId, row.body]);
  }

  async getResponse(id: string): Promise<StoredResponseRow | undefined> {
    const row = (await this.#pool.query('SELECT response_id, at_ms, served_by, previous_id, body FROM wai_responses WHERE response_id = $1', [id])).rows[0] as Record<string, unknown> | undefined;
    return row ? responseRow(row) : undefined;
  }

  async deleteResponse(id: string): Promise<boolean> {
    return ((await this.#pool.query('DELETE FROM wai_responses WHERE response_id = $1', [id])).rowCount ?? 0) > 0;
  }

  /** One statement on the same database, `$n` placeholders (client keys and audit live beside the log). */
  async query(text: string, params: readonly unknown[] = []): Promise<Array<Record<string, unknown>>> {
    return (await this.#pool.query(text, [...params])).rows;
  }

  close(): Promise<void> {
    this.#closed ??= this.#pool.end();
    return this.#closed;
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      // A connection that failed mid-transaction is not trusted again.
      client.release(broken);
    }
  }
}

const COPY_REQUESTS_SQL = `COPY wai_requests (${REQUEST_COLUMNS.join(', ')}) FROM STDIN (FORMAT binary)`;
const COPY_ATTEMPTS_SQL = `COPY wai_attempts (${ATTEMPT_COLUMNS.join(', ')}) FROM STDIN (FORMAT binary)`;
/** SQLSTATE of a duplicate key. */
const UNIQUE_VIOLATION = '23505';

/** Both tables in one statement: the requests' insert runs as a data-modifying CTE (always to completion). */
const WRITE_SQL = `WITH requests AS (
    INSERT INTO wai_requests (${REQUEST_COLUMNS.join(', ')})
    SELECT * FROM unnest(${REQUEST_PG_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
    ON CONFLICT (at_ms, request_id) DO NOTHING
  )
  INSERT INTO wai_attempts (${ATTEMPT_COLUMNS.join(', ')})
  SELECT * FROM unnest(${ATTEMPT_PG_TYPES.map((type, i) => `$${i + 1 + REQUEST_COLUMNS.length}::${type}[]`).join(', ')})
  ON CONFLICT (at_ms, request_id, seq) DO NOTHING`;

/** Errors from the server carry a SQLSTATE; anything else (refused, reset, timed out) is the network's. */
function isTransient(error: unknown): boolean {
  const e = error as { severity?: unknown; code?: unknown; fatal?: unknown };
  if (e?.fatal === true) return false;
  if (typeof e?.severity !== 'string' || typeof e.code !== 'string') return true;
  return TRANSIENT_CLASSES.has(e.code.slice(0, 2));
}
