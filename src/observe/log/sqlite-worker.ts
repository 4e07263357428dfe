/**
 * The worker thread that owns the SQLite database: better-sqlite3 is synchronous, so every statement runs
 * here and the gateway's event loop only posts messages and awaits replies (see sqlite-store.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteDb } from './sqlite-db.js';
import type { WorkerReply, WorkerRequest } from './sqlite-protocol.js';

const port = parentPort;
if (!port) throw new Error('sqlite-worker.js runs as a worker thread only');
const { path } = workerData as { path: string };
let db: SqliteDb | undefined;

/** Opened on first use, so a file that cannot be opened is an answer to that call, not a dead worker; the next call tries again. */
const open = (): SqliteDb => (db ??= new SqliteDb(path));

function run(request: WorkerRequest): unknown {
  switch (request.op) {
    case 'migrate': return open().migrate(request.toVersion);
    case 'version': return open().version();
    case 'write': return open().writeBatch(request.rows);
    case 'recent': return open().recent(request.limit, request.filter);
    case 'usage': return open().usageSeries(request.sinceMs, request.bucketMs);
    case 'providers': return open().providerStats(request.sinceMs);
    case 'delete': return open().deleteOlderThan(request.ms);
    case 'putResponse': return open().putResponse(request.row);
    case 'getResponse': return open().getResponse(request.responseId);
    case 'deleteResponse': return open().deleteResponse(request.responseId);
    case 'close':
      db?.close();
      db = undefined;
      return undefined;
  }
}

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, value: run(request) };
  } catch (error) {
    const e = error as { message?: unknown; code?: unknown; name?: unknown; fatal?: unknown };
    reply = {
      id: request.id,
      ok: false,
      error: {
        message: typeof e?.message === 'string' ? e.message : String(error),
        ...(typeof e?.code === 'string' ? { code: e.code } : {}),
        ...(typeof e?.name === 'string' ? { name: e.name } : {}),
      },
    };
  }
  port.postMessage(reply);
});
