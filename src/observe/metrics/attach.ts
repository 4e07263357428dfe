import type { GatewayRuntime } from '../../runtime/gateway-runtime.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { registerRequestLogMetrics } from './request-log-metrics.js';
import { requestLogOf } from '../log/attach.js';

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
