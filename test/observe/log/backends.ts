/**
 * The two request log databases for the tests: SQLite in a temporary directory, and PostgreSQL (when
 * DATABASE_URL is set) in a schema of its own per test, dropped afterwards, so runs never collide.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import type { RequestLogSettings } from '../../../src/config/config.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import type { RequestLogStore } from '../../../src/observe/log/store.js';
import { SqliteStore } from '../../../src/observe/log/sqlite-store.js';
import { PostgresStore } from '../../../src/observe/log/postgres-store.js';

export const PG_URL = process.env.DATABASE_URL;
export type BackendKind = 'sqlite' | 'postgres';
export const BACKENDS: readonly BackendKind[] = ['sqlite', 'postgres'];

/** node:test's skip option: PostgreSQL tests are reported as skipped (never passed) without DATABASE_URL. */
export function skipFor(kind: BackendKind): false | string {
  return kind === 'postgres' && !PG_URL ? 'DATABASE_URL not set' : false;
}

export interface Backend {
  kind: BackendKind;
  /** A new store on the same database (the previous one may be closed). */
  open(): RequestLogStore & { version(): Promise<number> };
  /** Request log settings that point a gateway at this database. */
  settings: Partial<RequestLogSettings>;
  /** Raw SQL on the database, `?` placeholders on both. */
  sql(text: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  cleanup(): Promise<void>;
}

export async function openBackend(kind: BackendKind): Promise<Backend> {
  return kind === 'sqlite' ? sqliteBackend() : postgresBackend();
}

/** Runs a test body on a fresh database of that kind, cleaned up afterwards. */
export async function withBackend(kind: BackendKind, body: (backend: Backend) => Promise<void>): Promise<void> {
  const backend = await openBackend(kind);
  try {
    await body(backend);
  } finally {
    await backend.cleanup();
  }
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'wai-log-test-'));
  // A directory that does not exist yet: the store creates it.
  const path = join(dir, 'data', 'wai.sqlite');
  const stores: RequestLogStore[] = [];
  let raw: Database.Database | undefined;
  return {
    kind: 'sqlite',
    open() {
      const store = new SqliteStore(path);
      stores.push(store);
      return store;
    },
    settings: { sqlitePath: path, databaseUrl: undefined },
    async sql(text, params = []) {
      raw ??= new Database(path);
      raw.pragma('busy_timeout = 5000');
      const statement = raw.prepare(text);
      return statement.reader ? (statement.all(...params) as Array<Record<string, unknown>>) : (statement.run(...params), []);
    },
    async cleanup() {
      raw?.close();
      for (const store of stores) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(): Promise<Backend> {
  assert.ok(PG_URL, 'DATABASE_URL');
  const schema = `wai_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`SET search_path TO ${schema}`);
  const url = withSearchPath(PG_URL, schema);
  const stores: RequestLogStore[] = [];
  return {
    kind: 'postgres',
    open() {
      const store = new PostgresStore(url);
      stores.push(store);
      return store;
    },
    settings: { databaseUrl: url },
    async sql(text, params = []) {
      let n = 0;
      return (await admin.query(text.replace(/\?/g, () => `$${++n}`), params)).rows;
    },
    async cleanup() {
      for (const store of stores) await store.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** The URL with `options=-c search_path=<schema>`: every connection of the gateway then works in that schema. */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  const existing = u.searchParams.get('options');
  u.searchParams.set('options', `${existing ? `${existing} ` : ''}-c search_path=${schema}`);
  return u.toString();
}

let seq = 0;

/** A finished request as the engine would report it. */
export function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  seq++;
  return {
    at: Date.UTC(2026, 0, 1, 12, 0, 0) + seq,
    requestId: `req-${seq}-${randomBytes(4).toString('hex')}`,
    client: 'test-client',
    operation: 'chat',
    requestedModel: 'gpt-oss-120b',
    canonicalModel: 'gpt-oss-120b',
    servedProvider: 'openrouter',
    servedModel: 'openai/gpt-oss-120b',
    level: 2,
    attempts: [
      { provider: 'openrouter', model: 'openai/gpt-oss-120b:free', level: 2, ok: false, errorClass: 'rate_limited', status: 429, code: 'rate_limit_exceeded', message: 'Rate limit exceeded', durationMs: 3.25 },
      { provider: 'openrouter', model: 'openai/gpt-oss-120b', level: 2, ok: true, durationMs: 12.5 },
    ],
    totalMs: 17.75,
    upstreamMs: 15.75,
    overheadMs: 2,
    ttftMs: null,
    tokensIn: 12,
    tokensOut: 34,
    costUsd: 0.000006588,
    stream: false,
    status: 200,
    error: null,
    ...overrides,
  };
}

/** Waits (real time) until `check` holds. */
/**
 * A request row as schema v3 wrote it (no column later versions added), for upgrade tests: the gateway's own
 * writer always writes the newest shape.
 */
export async function insertV3Request(backend: Backend, kind: BackendKind, old: RequestRecord): Promise<void> {
  await backend.sql(
    `INSERT INTO wai_requests (request_id, at_ms, client, operation, requested_model, canonical_model, served_provider, served_model, level, attempt_count,
      total_ms, upstream_ms, overhead_ms, ttft_ms, tokens_in, tokens_out, cost_usd, stream, status, error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [old.requestId, old.at, old.client, old.operation, old.requestedModel, old.canonicalModel, old.servedProvider, old.servedModel, old.level, 0,
      old.totalMs, old.upstreamMs, old.overheadMs, old.ttftMs, old.tokensIn, old.tokensOut, old.costUsd, kind === 'sqlite' ? 0 : false, old.status, old.error],
  );
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A loopback TCP server that accepts connections and never answers a byte: a PostgreSQL that hangs. */
export interface SilentServer {
  port: number;
  server: Server;
  /** Connections open now. */
  sockets: Set<Socket>;
  /** Closes the server and every connection. */
  close(): void;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    server,
    sockets,
    close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) server.close();
    },
  };
}
