import { isDeepStrictEqual } from 'node:util';
import type { RequestLogSettings } from '../../config/config.js';
import type { GatewayRuntime } from '../../runtime/gateway-runtime.js';
import { RequestLog } from './request-log.js';
import { SqliteStore } from './sqlite-store.js';
import type { RequestLogStore } from './store.js';

export interface AttachOptions {
  /** A store of the caller's (tests); otherwise PostgreSQL when databaseUrl is set, else the SQLite file. */
  store?: RequestLogStore;
  /** How long start-up waits for the schema before going on without it (it keeps trying in the background). Default 1 s. */
  startupWaitMs?: number;
  callTimeoutMs?: number;
  closeTimeoutMs?: number;
}

const logs = new WeakMap<GatewayRuntime, RequestLog>();

/** The runtime's request log (for the admin API and the dashboard), if one was attached. Its `state` tells whether it is on. */
export function requestLogOf(runtime: GatewayRuntime): RequestLog | undefined {
  return logs.get(runtime);
}

/**
 * Starts the request log of a runtime: picks the store, prepares its schema, adds the log as an observer and
 * closes it with the runtime. Never fails the gateway's start: a database that cannot be reached is retried in
 * the background (rows are buffered meanwhile, bounded by maxBuffer); a schema that cannot be made (SQL the
 * database refuses, a schema newer than this gateway, a file that cannot be opened) is logged and the log is off.
 */
export async function attachRequestLog(runtime: GatewayRuntime, settings: RequestLogSettings, options: AttachOptions = {}): Promise<RequestLog | undefined> {
  const existing = logs.get(runtime);
  if (existing) return existing;
  if (!settings.enabled && !options.store) return undefined;
  const requestLog = await openRequestLog(runtime, settings, options);
  if (requestLog) register(runtime, requestLog);
  return requestLog;
}

/**
 * Puts the request-log settings of a reloaded configuration in force. When any changed (store, retention,
 * batching, on or off), a new log is opened first and takes the records from then on; the old one then writes
 * what it holds and closes, so no record falls between the two.
 */
export async function reloadRequestLog(runtime: GatewayRuntime, settings: RequestLogSettings, previous: RequestLogSettings): Promise<void> {
  if (isDeepStrictEqual(settings, previous)) return;
  const old = logs.get(runtime);
  const next = settings.enabled ? await openRequestLog(runtime, settings, {}) : undefined;
  if (old) {
    runtime.removeObserver(old);
    logs.delete(runtime);
  }
  if (next) register(runtime, next);
  runtime.log.info({ component: 'request-log', enabled: settings.enabled, store: next?.store.kind, location: next?.store.location }, 'request log settings reloaded');
  await old?.close();
}

function register(runtime: GatewayRuntime, requestLog: RequestLog): void {
  logs.set(runtime, requestLog);
  // A log whose schema could not be made is kept so the admin API can say why; it receives no records.
  if (requestLog.state !== 'disabled') runtime.addObserver(requestLog);
}

/** Picks the store and starts the log (waiting a moment for its schema); undefined when the settings cannot work. */
async function openRequestLog(runtime: GatewayRuntime, settings: RequestLogSettings, options: AttachOptions): Promise<RequestLog | undefined> {
  const log = runtime.log.child({ component: 'request-log' });
  let store: RequestLogStore;
  let secrets: string[] = [];
  if (options.store) {
    store = options.store;
  } else if (settings.databaseUrl) {
    // Loaded only here, so an SDK user or a SQLite gateway never loads the PostgreSQL driver.
    const { PostgresStore, describeUrl, urlSecrets } = await import('./postgres-store.js');
    if (!/^postgres(ql)?:\/\//i.test(settings.databaseUrl)) {
      log.error({ databaseUrl: describeUrl(settings.databaseUrl) }, 'request log: DATABASE_URL is not a postgres:// URL; request logging is off');
      return undefined;
    }
    store = new PostgresStore(settings.databaseUrl);
    secrets = urlSecrets(settings.databaseUrl);
  } else {
    store = new SqliteStore(settings.sqlitePath);
  }

  const requestLog = new RequestLog({
    store,
    settings,
    clock: runtime.clock,
    log,
    secrets,
    ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
    ...(options.closeTimeoutMs !== undefined ? { closeTimeoutMs: options.closeTimeoutMs } : {}),
  });
  runtime.onClose(() => requestLog.close());

  // Start-up waits a moment for the schema, so the usual case starts with the log ready; never longer.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    requestLog.start(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.startupWaitMs ?? 1_000);
    }),
  ]);
  clearTimeout(timer);

  if (requestLog.state === 'disabled') {
    await requestLog.close();
    return requestLog;
  }
  if (requestLog.state === 'starting') {
    log.warn({ store: store.kind, location: store.location, error: requestLog.stats().lastError }, 'request log: database not ready yet; requests are buffered and written once it is');
  }
  return requestLog;
}
