import { pino } from 'pino';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import type { Clock } from '../../src/internal/clock.js';
import type { ProbeSettings, RequestLogSettings, RetryPolicy, Timeouts } from '../../src/config/config.js';
import type { HealthPolicy } from '../../src/health/health-policy.js';
import type { ReloadOutcome } from '../../src/runtime/gateway-runtime.js';

export interface TestGatewayOptions {
  /** Environment the gateway reads keys and base URLs from (nothing from the real environment leaks in). */
  env: Record<string, string | undefined>;
  /** Collects log lines, for tests that check what is logged. */
  logLines?: string[];
  timeouts?: Partial<Timeouts>;
  retries?: Partial<RetryPolicy>;
  health?: Partial<HealthPolicy>;
  /** Off unless a test asks for it, so tests write no database files by accident. */
  requestLog?: Partial<RequestLogSettings>;
  /** Background probes: off unless a test asks for them. */
  probes?: Partial<ProbeSettings>;
  clock?: Clock;
  configFile?: string;
  /** Refresh the catalog from OpenRouter's list at start (point OPENROUTER_BASE_URL at a simulator), kept at this path. */
  catalogCachePath?: string;
}

/** Starts a gateway on a free loopback port with a silent (or captured) logger. */
export async function startTestGateway(options: TestGatewayOptions): Promise<RunningGateway> {
  const lines = options.logLines;
  const logger = lines
    ? pino({ level: 'debug' }, { write: (line: string) => { lines.push(line); } })
    : pino({ level: 'silent' });
  return startGateway({
    env: options.env,
    logger,
    overrides: {
      host: '127.0.0.1',
      port: 0,
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      ...(options.retries ? { retries: options.retries } : {}),
      ...(options.health ? { health: options.health } : {}),
      requestLog: { enabled: false, ...options.requestLog },
      probes: { enabled: false, ...options.probes },
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.catalogCachePath ? { refreshCatalog: true, catalogCachePath: options.catalogCachePath } : {}),
  });
}

/** The outcome of the gateway's next config reload (applied, or refused with its reason). */
export function nextReload(gw: RunningGateway): Promise<ReloadOutcome> {
  return new Promise((resolve) => gw.runtime.onReload(resolve));
}
