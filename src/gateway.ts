import { loadConfig, type LoadConfigOptions, type GatewayConfig } from './config/config.js';
import { Engine } from './engine/engine.js';
import { createGatewayServer, listen } from './server/http-server.js';
import { createLogger, type Logger } from './internal/logger.js';
import type { Transport } from './dialects/types.js';
import type { Clock } from './internal/clock.js';

export interface StartGatewayOptions extends LoadConfigOptions {
  logger?: Logger;
  transport?: Transport;
  clock?: Clock;
}

export interface RunningGateway {
  url: string;
  config: GatewayConfig;
  engine: Engine;
  close(): Promise<void>;
}

/** Loads the configuration, builds the engine and serves HTTP on the configured host and port. */
export async function startGateway(options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const config = loadConfig(options);
  const log = options.logger ?? createLogger(config.logLevel);
  const engine = new Engine({
    config,
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = createGatewayServer(engine, log);
  const running = await listen(server, config.host, config.port);
  return {
    url: running.url,
    config,
    engine,
    async close() {
      await running.close();
      await engine.close();
    },
  };
}
