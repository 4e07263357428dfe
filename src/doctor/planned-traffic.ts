import type { GatewayConfig } from '../config/config.js';
import type { Planner } from '../routing/planner.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Route } from '../routing/route.js';
import type { PlannedPath } from './report.js';

/**
 * "Where traffic goes now", computed by the planner itself: a request for the provider's first model is planned as
 * the gateway would plan it, and the first target on a provider that works now is where it goes. So the doctor never
 * claims a path the route would not take. The planner is the engine's (buildEngine), with the config's catalog overrides.
 */
export function plannedTraffic(config: Pick<GatewayConfig, 'providers'>, planner: Planner) {
  return (providerId: string, working: ReadonlySet<string>): PlannedPath | null => {
    const provider = config.providers.get(providerId);
    if (!provider) return null;
    // An alias (OpenManus) lists no model of its own: a request names its target's flagship.
    const first = provider.entry.models[0] ?? (provider.entry.aliasOf ? config.providers.get(provider.entry.aliasOf)?.entry.models[0] : undefined);
    if (!first) return null;
    const model = `${providerId}/${first}`;
    let route: Route;
    try {
      route = provider.entry.dialect === 'elevenlabs' ? planner.planSpeech({ model, input: 'x', voice: 'alloy' }) : planner.plan({ model, messages: [{ role: 'user', content: 'x' }] });
    } catch (error) {
      if (GatewayError.is(error)) return null;
      throw error;
    }
    const target = route.targets.find((t) => t.provider.id !== providerId && working.has(t.provider.id));
    if (!target) return null;
    return {
      asked: model,
      provider: target.provider.id,
      name: target.provider.entry.name,
      model: target.upstreamModel,
      level: target.level,
      ...(target.substituteFor ? { substitute: `${target.substituteFor} -> ${target.upstreamModel}` } : {}),
    };
  };
}
