import type { GatewayRuntime } from '../runtime/gateway-runtime.js';
import type { GatewayMetrics } from '../observe/metrics/gateway-metrics.js';
import { attachMetrics } from '../observe/metrics/attach.js';
import { teamsOf } from '../teams/attach-teams.js';
import { startBackgroundProber } from './background-prober.js';

/**
 * What startGateway adds to a runtime: metrics, and the background prober when `probes.enabled`
 * (its results go to health and to the probe gauges; it stops when the runtime closes).
 */
export function attachObservability(runtime: GatewayRuntime): GatewayMetrics {
  const metrics = attachMetrics(runtime);
  // With Redis, only the instance holding the probe lease probes (teams/probe-lease.ts).
  const mayProbe = () => teamsOf(runtime)?.lease?.mayProbe ?? true;
  const start = () => startBackgroundProber(runtime, { onResult: (result) => metrics.probeFinished(result), mayProbe });
  let prober = runtime.config.probes.enabled ? start() : undefined;
  // A reload can turn probes on or change their interval; a prober that is turned off skips its rounds.
  runtime.onApply((config, previous) => {
    if (!config.probes.enabled) return;
    if (!prober) prober = start();
    else if (!previous.probes.enabled) prober.reschedule(0);
    else if (config.probes.intervalMs !== previous.probes.intervalMs) prober.reschedule();
  });
  return metrics;
}
