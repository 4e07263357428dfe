import { loadConfig, type LoadConfigOptions, type GatewayConfig } from './config/config.js';
import type { Engine } from './engine/engine.js';
import { createGatewayServer, listen } from './server/http-server.js';
import { createLogger, type Logger } from './internal/logger.js';
import type { Transport } from './dialects/types.js';
import type { Clock } from './internal/clock.js';
import { GatewayRuntime } from './runtime/gateway-runtime.js';
import { watchConfig } from './runtime/watch-config.js';
import { connectRedisHealth } from './health/connect-redis.js';
import { attachObservability } from './doctor/attach-prober.js';
import { attachAdmin } from './observe/admin/admin-state.js';
import { setNotice } from './server/admin/notice.js';
import { attachRequestLog, reloadRequestLog } from './observe/log/attach.js';
import { attachTeams, checkExposure } from './teams/attach-teams.js';
import { attachCatalogRefresher } from './runtime/attach-catalog-refresher.js';

export interface StartGatewayOptions extends LoadConfigOptions {
  logger?: Logger;
  transport?: Transport;
  clock?: Clock;
  /** Refresh the catalog from OpenRouter's public model list (`wai serve` does; tests point OPENROUTER_BASE_URL at a simulator). */
  refreshCatalog?: boolean;
  /** Where the last good sync is kept (default data/catalog-openrouter.json). */
  catalogCachePath?: string;
  /** A line shown at the top of the dashboard and in /admin/status (the demo says its providers are simulated). */
  notice?: string;
}

export interface RunningGateway {
  url: string;
  runtime: GatewayRuntime;
  /** The configuration and engine in force now (a reload replaces both). */
  readonly config: GatewayConfig;
  readonly engine: Engine;
  close(): Promise<void>;
}

/** Loads the configuration, builds the runtime and serves HTTP on the configured host and port. */
export async function startGateway(options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const config = loadConfig(options);
  const log = options.logger ?? createLogger(config.logLevel);
  const healthStore = config.redisUrl ? await connectRedisHealth(config.redisUrl.reveal(), log) : undefined;
  const runtime = new GatewayRuntime({
    config,
    log,
    ...(healthStore ? { healthStore } : {}),
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  if (config.configFile) {
    const watcher = watchConfig(runtime, { ...options, configFile: config.configFile });
    runtime.onClose(() => watcher.close());
  }
  if (options.notice) setNotice(runtime, options.notice);
  attachAdmin(runtime); // the dashboard's and admin API's live view, counting from the first request
  // Client keys, their limits (shared through Redis when set) and the probe lease; refuses an open bind with no keys.
  try {
    checkExposure(config, await attachTeams(runtime));
  } catch (error) {
    await runtime.close();
    throw error;
  }
  attachObservability(runtime); // metrics (GET /metrics) and, when probes.enabled, the background prober
  if (config.requestLog.enabled) await attachRequestLog(runtime, config.requestLog); // SQLite, or PostgreSQL with DATABASE_URL
  runtime.onApply((next, previous) => reloadRequestLog(runtime, next.requestLog, previous.requestLog));
  if (options.refreshCatalog) attachCatalogRefresher(runtime, options.catalogCachePath);
  const server = createGatewayServer(runtime, log);
  const running = await listen(server, config.host, config.port);
  return {
    url: running.url,
    runtime,
    get config() { return runtime.config; },
    get engine() { return runtime.engine; },
    async close() {
      await running.close();
      await runtime.close();
    },
  };
}
