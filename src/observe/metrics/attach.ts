import type { GatewayRuntime } from '../../runtime/gateway-runtime.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { startBackgroundProber } from '../../doctor/background-prober.js';
import { registerRequestLogMetrics } from './request-log-metrics.js';
import { requestLogOf } from '../log/attach.js';
import { teamsOf } from '../../teams/attach-teams.js';

const attached = new WeakMap<GatewayRuntime, GatewayMetrics>();

/** The runtime's metrics, created and registered as a request observer on first use. */
export function attachMetrics(runtime: GatewayRuntime): GatewayMetrics {
  let metrics = attached.get(runtime);
  if (!metrics) {
    metrics = new GatewayMetrics(runtime);
    registerRequestLogMetrics(metrics.registry, () => requestLogOf(runtime)?.stats());
    attached.set(runtime, metrics);
    runtime.addObserver(metrics);
  }
  return metrics;
}

export function metricsOf(runtime: GatewayRuntime): GatewayMetrics | undefined {
  return attached.get(runtime);
}

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
