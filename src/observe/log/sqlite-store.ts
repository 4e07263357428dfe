import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RequestRecord } from '../../engine/request-record.js';
import { sqliteRows, type SqliteValue } from './rows.js';
import type { WorkerCall, WorkerFailure, WorkerReply, WorkerRequest } from './sqlite-protocol.js';
import { markFatal, type ProviderStat, type RecentFilter, type RequestLogStore, type StoredResponseRow, type UsageBucket } from './store.js';

const WORKER_URL = new URL('./sqlite-worker.js', import.meta.url);

/** better-sqlite3 is an optional dependency: an SDK-only install (`--omit=optional`) has none. */
const MISSING_DRIVER_HINT = ' (better-sqlite3 is an optional dependency: `npm install better-sqlite3` for the SQLite request log, or set DATABASE_URL for PostgreSQL)';
const missingDriver = (error: Error) => (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && error.message.includes('better-sqlite3');

/** SQLite errors that go away by themselves (another writer holds the file). */
const TRANSIENT_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY']);

/**
 * The embedded request log: a SQLite file (WAL mode) owned by a worker thread. Calls post a message and
 * await the reply, so a slow disk never blocks the event loop. A worker that dies is replaced on the next call.
 */
export class SqliteStore implements RequestLogStore {
  readonly kind = 'sqlite' as const;
  readonly location: string;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #closed = false;

  constructor(path: string) {
    this.location = path === ':memory:' ? path : resolve(path);
  }

  async migrate(toVersion?: number): Promise<number> {
    try {
      return (await this.#call(toVersion === undefined ? { op: 'migrate' } : { op: 'migrate', toVersion })) as number;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw typeof code === 'string' && TRANSIENT_CODES.has(code) ? error : markFatal(error);
    }
  }

  /** The schema version in the file (0 when there is none yet). */
  async version(): Promise<number> {
    return (await this.#call({ op: 'version' })) as number;
  }

  async writeBatch(records: readonly RequestRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Rows, not records: built here (off the request path, in the flush), they clone to the worker at half the cost.
    await this.#call({ op: 'write', rows: sqliteRows(records) });
  }

  async recent(limit: number, filter?: RecentFilter): Promise<RequestRecord[]> {
    return (await this.#call(filter ? { op: 'recent', limit, filter } : { op: 'recent', limit })) as RequestRecord[];
  }

  async usageSeries(sinceMs: number, bucketMs: number): Promise<UsageBucket[]> {
    return (await this.#call({ op: 'usage', sinceMs, bucketMs })) as UsageBucket[];
  }

  async providerStats(sinceMs: number): Promise<ProviderStat[]> {
    return (await this.#call({ op: 'providers', sinceMs })) as ProviderStat[];
  }

  async deleteOlderThan(ms: number): Promise<number> {
    return (await this.#call({ op: 'delete', ms })) as number;
  }

  async putResponse(row: StoredResponseRow): Promise<void> {
    await this.#call({ op: 'putResponse', row });
  }

  async getResponse(responseId: string): Promise<StoredResponseRow | undefined> {
    return (await this.#call({ op: 'getResponse', responseId })) as StoredResponseRow | undefined;
  }

  async deleteResponse(responseId: string): Promise<boolean> {
    return (await this.#call({ op: 'deleteResponse', responseId })) as boolean;
  }

  /** One statement on the same file, `?` placeholders (client keys and audit live beside the log). */
  async query(text: string, params: readonly SqliteValue[] = []): Promise<Array<Record<string, unknown>>> {
    return (await this.#call({ op: 'query', text, params: [...params] })) as Array<Record<string, unknown>>;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const worker = this.#worker;
    if (!worker) return;
    try {
      await this.#post(worker, { op: 'close' });
    } catch {
      // The worker is gone or the database would not close cleanly: terminating it releases the file anyway.
    }
    this.#worker = undefined;
    await worker.terminate();
  }

  #call(call: WorkerCall): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('the request log store is closed'));
    return this.#post(this.#worker ?? this.#spawn(), call);
  }

  #post(worker: Worker, call: WorkerCall): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      // The worker keeps the process alive only while it owes an answer.
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ ...call, id } as WorkerRequest);
      } catch (error) {
        // A value that cannot be cloned: this call fails, the worker is fine.
        this.#settle(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  #settle(id: number): { resolve(value: unknown): void; reject(error: Error): void } | undefined {
    const entry = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker?.unref();
    return entry;
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_URL, { workerData: { path: this.location } });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const entry = this.#settle(reply.id);
      if (!entry) return;
      if (reply.ok) entry.resolve(reply.value);
      else entry.reject(errorFrom(reply.error));
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(error);
    };
    worker.on('error', (error) => fail(new Error(`the SQLite worker failed: ${error.message}${missingDriver(error) ? MISSING_DRIVER_HINT : ''}`)));
    worker.on('exit', (code) => fail(new Error(`the SQLite worker exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }
}

function errorFrom(failure: WorkerFailure): Error {
  const error = new Error(failure.message) as Error & { code?: string };
  if (failure.name) error.name = failure.name;
  if (failure.code) error.code = failure.code;
  return error;
}
