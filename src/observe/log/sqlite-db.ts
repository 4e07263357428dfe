/**
 * The SQLite side of the request log, synchronous (better-sqlite3). It runs only inside the store's worker
 * thread (sqlite-worker.ts), never on the gateway's event loop.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RequestRecord } from '../../engine/request-record.js';
import { LATEST_VERSION, SCHEMA_TABLE, migrationsBetween } from './migrations.js';
import {
  ATTEMPT_COLUMNS, ERROR_SQL, REQUEST_COLUMNS, attemptsByRequest, clampLimit, forSqlite, recentWhere, recordFromRows, requestKey,
  type SqliteRows, type SqliteValue, type SqlValue,
} from './rows.js';
import { nearestRank, responseRow, roundUsd, type ProviderStat, type RecentFilter, type StoredResponseRow, type UsageBucket } from './store.js';

type Row = Record<string, unknown>;

/** Requests deleted per retention transaction (about: requests starting in the same ms as the last go with it). */
const DELETE_CHUNK = 5000;

export class SqliteDb {
  readonly #db: Database.Database;
  #insertRequest: Database.Statement | undefined;
  #insertAttempt: Database.Statement | undefined;

  constructor(path: string) {
    if (path !== ':memory:' && !path.startsWith('file:')) {
      mkdirSync(dirname(path), { recursive: true });
      // The log names clients and models: a new file is the owner's alone (SQLite gives its -wal and -shm files
      // the same mode). An existing file keeps the mode its owner gave it.
      closeSync(openSync(path, 'a', 0o600));
    }
    this.#db = new Database(path);
    try {
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = NORMAL');
      // Another gateway on the same file: wait for its write instead of failing at once.
      this.#db.pragma('busy_timeout = 5000');
      this.#db.pragma('foreign_keys = ON');
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  version(): number {
    const exists = this.#db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'wai_schema'`).get();
    if (!exists) return 0;
    const row = this.#db.prepare('SELECT version FROM wai_schema WHERE id = 1').get() as { version: number } | undefined;
    return row?.version ?? 0;
  }

  /** BEGIN IMMEDIATE: a second gateway migrating the same file waits for this one, then finds nothing to do. */
  migrate(target: number = LATEST_VERSION): number {
    const run = this.#db.transaction(() => {
      this.#db.exec(SCHEMA_TABLE.sqlite);
      this.#db.prepare('INSERT INTO wai_schema (id, version, migrated_at) VALUES (1, 0, ?) ON CONFLICT (id) DO NOTHING').run(Date.now());
      const current = (this.#db.prepare('SELECT version FROM wai_schema WHERE id = 1').get() as { version: number }).version;
      const steps = migrationsBetween(current, target);
      for (const step of steps) for (const sql of step.sqlite) this.#db.exec(sql);
      const last = steps.at(-1);
      if (last) this.#db.prepare('UPDATE wai_schema SET version = ?, migrated_at = ? WHERE id = 1').run(last.version, Date.now());
      return last?.version ?? current;
    });
    const version = run.immediate();
    // A statement prepared against an older schema is stale.
    this.#insertRequest = undefined;
    this.#insertAttempt = undefined;
    return version;
  }

  /** One transaction; a request already there (same start and id: a batch written again) is left as it was. */
  writeBatch(rows: SqliteRows): void {
    this.#insertRequest ??= this.#db.prepare(insertSql('wai_requests', REQUEST_COLUMNS, '(at_ms, request_id)'));
    this.#insertAttempt ??= this.#db.prepare(insertSql('wai_attempts', ATTEMPT_COLUMNS, '(at_ms, request_id, seq)'));
    const requests = this.#insertRequest;
    const attempts = this.#insertAttempt;
    this.#db.transaction(() => {
      for (const values of rows.requests) requests.run(values);
      for (const values of rows.attempts) attempts.run(values);
    })();
  }

  recent(limit: number, filter?: RecentFilter): RequestRecord[] {
    const params: SqlValue[] = [];
    const where = recentWhere(filter, (value) => {
      params.push(value);
      return '?';
    });
    const rows = this.#db
      .prepare(`SELECT * FROM wai_requests ${where} ORDER BY at_ms DESC, request_id DESC LIMIT ?`)
      .all(...forSqlite(params), clampLimit(limit)) as Row[];
    if (rows.length === 0) return [];
    // By the attempts' key (start time, id): at most 1000 pairs, 2000 parameters.
    const keys = rows.flatMap((r) => [r.at_ms, r.request_id]) as SqliteValue[];
    const attemptRows = this.#db
      .prepare(`SELECT * FROM wai_attempts WHERE (at_ms, request_id) IN (VALUES ${rows.map(() => '(?, ?)').join(', ')}) ORDER BY request_id, seq`)
      .all(...keys) as Row[];
    const byRequest = attemptsByRequest(attemptRows);
    return rows.map((row) => recordFromRows(row, byRequest.get(requestKey(row)) ?? []));
  }

  usageSeries(sinceMs: number, bucketMs: number): UsageBucket[] {
    // better-sqlite3 binds JS numbers as REAL: the CASTs keep the division whole.
    const bucket = Math.max(1, Math.floor(bucketMs));
    const rows = this.#db.prepare(`
      SELECT (at_ms / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS at,
        count(*) AS requests,
        sum(CASE WHEN ${ERROR_SQL} THEN 1 ELSE 0 END) AS errors,
        sum(CASE WHEN level > 1 THEN 1 ELSE 0 END) AS fallbacks,
        coalesce(sum(tokens_in), 0) AS tokens_in,
        coalesce(sum(tokens_out), 0) AS tokens_out,
        coalesce(sum(cost_usd), 0) AS cost_usd
      FROM wai_requests WHERE at_ms >= @since
      GROUP BY 1 ORDER BY 1`).all({ bucket, since: Math.floor(sinceMs) }) as Row[];
    return rows.map((r) => ({
      at: Number(r.at), requests: Number(r.requests), errors: Number(r.errors), fallbacks: Number(r.fallbacks),
      tokensIn: Number(r.tokens_in), tokensOut: Number(r.tokens_out), costUsd: roundUsd(Number(r.cost_usd)),
    }));
  }

  /** Percentiles in JS: SQLite has none. The rows come sorted, so each provider's durations are already in order. */
  providerStats(sinceMs: number): ProviderStat[] {
    const stats = new Map<string, { attempts: number; durations: number[] }>();
    const rows = this.#db
      .prepare('SELECT provider, ok, duration_ms FROM wai_attempts WHERE at_ms >= ? ORDER BY provider, duration_ms')
      .iterate(Math.floor(sinceMs)) as IterableIterator<{ provider: string; ok: number; duration_ms: number }>;
    for (const row of rows) {
      let stat = stats.get(row.provider);
      if (!stat) stats.set(row.provider, (stat = { attempts: 0, durations: [] }));
      stat.attempts++;
      if (row.ok) stat.durations.push(row.duration_ms);
    }
    return [...stats]
      .map(([provider, s]) => ({
        provider, attempts: s.attempts, successes: s.durations.length, p50Ms: nearestRank(s.durations, 0.5), p95Ms: nearestRank(s.durations, 0.95),
      }))
      .sort((a, b) => b.attempts - a.attempts || a.provider.localeCompare(b.provider));
  }

  /**
   * In chunks of about DELETE_CHUNK requests (up to the start time of the chunk's last one), each its own
   * transaction, so the WAL stays small however large the backlog. Both tables are ranges of their keys' start.
   */
  deleteOlderThan(ms: number): number {
    const cutoff = Math.floor(ms);
    const boundary = this.#db.prepare('SELECT at_ms FROM wai_requests WHERE at_ms < ? ORDER BY at_ms LIMIT 1 OFFSET ?').pluck();
    const chunk = this.#db.transaction((before: number) => {
      this.#db.prepare('DELETE FROM wai_attempts WHERE at_ms < ?').run(before);
      return this.#db.prepare('DELETE FROM wai_requests WHERE at_ms < ?').run(before).changes;
    });
    let deleted = 0;
    for (;;) {
      const last = boundary.get(cutoff, DELETE_CHUNK - 1) as number | undefined;
      deleted += chunk(last === undefined ? cutoff : Math.min(cutoff, last + 1));
      if (last === undefined) break;
    }
    this.#db.prepare('DELETE FROM wai_responses WHERE at_ms < ?').run(cutoff);
    return deleted;
  }

  putResponse(row: StoredResponseRow): void {
    this.#db.prepare(`INSERT INTO wai_responses (response_id, at_ms, served_by, previous_id, body) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (response_id) DO UPDATE SET at_ms = excluded.at_ms, served_by = excluded.served_by, previous_id = excluded.previous_id, body = excluded.body`)
      .run(row.id, Math.floor(row.atMs), row.servedBy, row.previousId, row.body);
  }

  getResponse(id: string): StoredResponseRow | undefined {
    const row = this.#db.prepare('SELECT response_id, at_ms, served_by, previous_id, body FROM wai_responses WHERE response_id = ?').get(id) as Row | undefined;
    return row ? responseRow(row) : undefined;
  }

  deleteResponse(id: string): boolean {
    return this.#db.prepare('DELETE FROM wai_responses WHERE response_id = ?').run(id).changes > 0;
  }

  /** One statement for the other tables in this file (client keys, audit): rows for a query, [] otherwise. */
  query(text: string, params: readonly SqliteValue[]): Row[] {
    const statement = this.#db.prepare(text);
    if (statement.reader) return statement.all(...params) as Row[];
    statement.run(...params);
    return [];
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

function insertSql(table: string, columns: readonly string[], key: string): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT ${key} DO NOTHING`;
}
