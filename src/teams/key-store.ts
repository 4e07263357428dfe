import { existsSync } from 'node:fs';
import type { RequestLogSettings } from '../config/config.js';
import type { PostgresStore } from '../observe/log/postgres-store.js';
import { describeUrl } from '../observe/log/database-url.js';
import { SqliteStore } from '../observe/log/sqlite-store.js';
import { roundUsd } from '../observe/log/store.js';
import type { BudgetPeriod, ClientKey } from './client-key.js';

type Row = Record<string, unknown>;

/** One admin action, as the audit table keeps it. */
export interface AuditEntry {
  at: number;
  /** Who: `admin-api (bearer)`, `admin-api (loopback 127.0.0.1)`, `cli (user)`. */
  actor: string;
  action: 'key.create' | 'key.update' | 'key.revoke' | 'provider.reset';
  /** The key id or provider id acted on. */
  target: string | null;
  /** What changed (never a key). */
  details: Record<string, unknown> | null;
}

/** Spend and requests of one key since a time. */
export interface KeyUsage {
  keyId: string;
  requests: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

/** SQL on either database, `?` placeholders. */
interface SqlRunner {
  readonly kind: 'sqlite' | 'postgres';
  /** False while the database does not exist yet (a SQLite file nobody created): no keys, and nothing is created to find that out. */
  exists?(): boolean;
  readonly location: string;
  migrate(): Promise<number>;
  query(text: string, params?: readonly (string | number | null)[]): Promise<Row[]>;
  close(): Promise<void>;
}

const KEY_COLUMNS = 'id, name, key_hash, models, rpm, tpm, budget_usd, budget_period, expires_ms, created_ms, updated_ms, revoked_ms';

/**
 * Client keys and the audit trail, in the gateway's own database: the request log's SQLite file, or PostgreSQL
 * when DATABASE_URL is set. The schema is the request log's (migration v4), made by the same migration code.
 */
export class KeyStore {
  readonly #db: SqlRunner;
  #ready: Promise<number> | undefined;

  constructor(db: SqlRunner) {
    this.#db = db;
  }

  /** The store the request log settings point at (whether or not the log itself is on). */
  static open(settings: Pick<RequestLogSettings, 'sqlitePath' | 'databaseUrl'>): KeyStore {
    if (settings.databaseUrl) {
      const url = settings.databaseUrl;
      // The PostgreSQL driver is loaded on first use, so a process that never needs it never loads it.
      let store: Promise<PostgresStore> | undefined;
      const pg = () => (store ??= import('../observe/log/postgres-store.js').then(({ PostgresStore }) => new PostgresStore(url, { max: 2 })));
      return new KeyStore({
        kind: 'postgres', location: describeUrl(url), migrate: async () => (await pg()).migrate(),
        close: async () => { if (store) await (await store).close(); },
        query: async (text, params = []) => (await pg()).query(toDollars(text), params),
      });
    }
    const sqlite = new SqliteStore(settings.sqlitePath);
    const exists = () => sqlite.location === ':memory:' || existsSync(sqlite.location);
    return new KeyStore({ kind: 'sqlite', location: sqlite.location, exists, migrate: () => sqlite.migrate(), close: () => sqlite.close(), query: (text, params = []) => sqlite.query(text, params) });
  }

  get location(): string {
    return `${this.#db.kind} ${this.#db.location}`;
  }

  /** Makes sure the schema is there (once; a failure is tried again on the next call). */
  async ready(): Promise<void> {
    this.#ready ??= this.#db.migrate().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    await this.#ready;
  }

  async listKeys(): Promise<ClientKey[]> {
    if (this.#db.exists?.() === false) return [];
    await this.ready();
    return (await this.#db.query(`SELECT ${KEY_COLUMNS} FROM wai_client_keys ORDER BY created_ms, id`)).map(keyFromRow);
  }

  /** Changes whenever a key is added, changed or revoked: instances poll it to know when to reload. */
  async changeMark(): Promise<string> {
    if (this.#db.exists?.() === false) return 'none';
    await this.ready();
    const row = (await this.#db.query('SELECT count(*) AS n, max(updated_ms) AS m FROM wai_client_keys'))[0] ?? {};
    return `${Number(row.n ?? 0)}:${Number(row.m ?? 0)}`;
  }

  async insertKey(key: ClientKey): Promise<void> {
    await this.ready();
    await this.#db.query(`INSERT INTO wai_client_keys (${KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      key.id, key.name, key.hash, key.models ? JSON.stringify(key.models) : null, key.rpm, key.tpm, key.budgetUsd, key.budgetPeriod,
      key.expiresAt, key.createdAt, key.updatedAt, key.revokedAt,
    ]);
  }

  /** Writes every setting of `key` (found by id) back. */
  async saveKey(key: ClientKey): Promise<void> {
    await this.ready();
    await this.#db.query(
      'UPDATE wai_client_keys SET name = ?, models = ?, rpm = ?, tpm = ?, budget_usd = ?, budget_period = ?, expires_ms = ?, updated_ms = ?, revoked_ms = ? WHERE id = ?',
      [key.name, key.models ? JSON.stringify(key.models) : null, key.rpm, key.tpm, key.budgetUsd, key.budgetPeriod, key.expiresAt, key.updatedAt, key.revokedAt, key.id],
    );
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.ready();
    await this.#db.query('INSERT INTO wai_audit (at_ms, actor, action, target, details) VALUES (?, ?, ?, ?, ?)', [
      entry.at, entry.actor, entry.action, entry.target, entry.details ? JSON.stringify(entry.details) : null,
    ]);
  }

  /** Newest first. */
  async auditLog(limit: number): Promise<AuditEntry[]> {
    if (this.#db.exists?.() === false) return [];
    await this.ready();
    const rows = await this.#db.query('SELECT at_ms, actor, action, target, details FROM wai_audit ORDER BY seq DESC LIMIT ?', [Math.max(1, Math.min(1000, Math.floor(limit)))]);
    return rows.map((r) => ({
      at: Number(r.at_ms), actor: String(r.actor), action: String(r.action) as AuditEntry['action'],
      target: r.target === null ? null : String(r.target), details: typeof r.details === 'string' ? JSON.parse(r.details) as Record<string, unknown> : null,
    }));
  }

  /** Requests, tokens and cost per key from the request log since `sinceMs`. */
  async usageByKey(sinceMs: number): Promise<KeyUsage[]> {
    if (this.#db.exists?.() === false) return [];
    await this.ready();
    const rows = await this.#db.query(
      `SELECT client_key_id AS k, count(*) AS n, coalesce(sum(tokens_in), 0) AS ti, coalesce(sum(tokens_out), 0) AS tout, coalesce(sum(cost_usd), 0) AS c
       FROM wai_requests WHERE client_key_id IS NOT NULL AND at_ms >= ? GROUP BY client_key_id`, [Math.floor(sinceMs)]);
    return rows.map((r) => ({ keyId: String(r.k), requests: Number(r.n), tokensIn: Number(r.ti), tokensOut: Number(r.tout), costUsd: roundUsd(Number(r.c)) }));
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}

function keyFromRow(r: Row): ClientKey {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(r.id),
    name: String(r.name),
    hash: String(r.key_hash),
    models: typeof r.models === 'string' ? (JSON.parse(r.models) as string[]) : null,
    rpm: num(r.rpm),
    tpm: num(r.tpm),
    budgetUsd: num(r.budget_usd),
    budgetPeriod: String(r.budget_period) as BudgetPeriod,
    expiresAt: num(r.expires_ms),
    createdAt: Number(r.created_ms),
    updatedAt: Number(r.updated_ms),
    revokedAt: num(r.revoked_ms),
  };
}

/** `?` placeholders as PostgreSQL's `$1, $2 …` (no statement here has a literal `?`). */
function toDollars(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Whether a failed insert or update broke a uniqueness rule (a name or hash already taken). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
