/** Messages between the SQLite store (main thread) and its worker. */
import type { SqliteRows } from './rows.js';
import type { RecentFilter, StoredResponseRow } from './store.js';

export type WorkerRequest = { id: number } & (
  | { op: 'migrate'; toVersion?: number }
  | { op: 'version' }
  | { op: 'write'; rows: SqliteRows }
  | { op: 'recent'; limit: number; filter?: RecentFilter }
  | { op: 'usage'; sinceMs: number; bucketMs: number }
  | { op: 'providers'; sinceMs: number }
  | { op: 'delete'; ms: number }
  | { op: 'putResponse'; row: StoredResponseRow }
  | { op: 'getResponse'; responseId: string }
  | { op: 'deleteResponse'; responseId: string }
  | { op: 'close' }
);

/** Distributes over the union, so each op keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type WorkerCall = WithoutId<WorkerRequest>;

export interface WorkerFailure {
  message: string;
  code?: string;
  name?: string;
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WorkerFailure };
