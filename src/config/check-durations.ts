import { MAX_TIMER_MS } from '../internal/clock.js';
import { ConfigError } from '../errors/config-error.js';
import type { GatewayConfig } from './config.js';

/**
 * Every duration the gateway hands to a timer, wherever it came from (file, environment, SDK options): Node fires
 * a timer set beyond 2^31 - 1 ms after 1 ms, which would fail every request. Refused at start, the field named.
 */
export function checkDurations(config: GatewayConfig): void {
  const groups: Record<string, object> = {
    timeouts: config.timeouts, health: config.health, probes: config.probes, retries: config.retries,
    requestLog: { flushMs: config.requestLog.flushMs },
  };
  for (const [group, values] of Object.entries(groups)) {
    for (const [name, value] of Object.entries(values)) {
      if (!name.endsWith('Ms') || typeof value !== 'number') continue;
      if (!Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
        throw new ConfigError(`${group}.${name}: ${value} ms is not a duration Node's timers can honour; use 0 to ${MAX_TIMER_MS} ms (about 24.8 days)`);
      }
    }
  }
}
