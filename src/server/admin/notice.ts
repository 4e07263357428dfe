import type { GatewayRuntime } from '../../runtime/gateway-runtime.js';

/**
 * A line the operator should always see (the demo's "every provider here is simulated"): shown by
 * `/admin/status` and at the top of the dashboard. Kept beside the runtime, not in the configuration,
 * because no config file sets it.
 */
const notices = new WeakMap<GatewayRuntime, string>();

export function setNotice(runtime: GatewayRuntime, text: string): void {
  notices.set(runtime, text);
}

export function noticeOf(runtime: GatewayRuntime): string | null {
  return notices.get(runtime) ?? null;
}
