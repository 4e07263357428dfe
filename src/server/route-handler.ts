import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAdminAccess } from './admin/auth.js';
import type { Engine } from '../engine/engine.js';
import { GatewayError } from '../errors/gateway-error.js';
import { COST_POLICIES, type CostPolicy } from '../config/cost-policies.js';
import { sendJson } from './send.js';

/** GET /v1/route?model=…[&policy=…]: the five levels for a model as of now, each candidate in or out and why. */
export function handleRoute(req: IncomingMessage, res: ServerResponse, engine: Engine, query: URLSearchParams): void {
  // It shows which providers have keys and their health: with an admin key configured, it takes that key.
  if (engine.config.adminKey) checkAdminAccess(req, engine.config.adminKey, { host: engine.config.host });
  const model = query.get('model');
  if (!model) throw new GatewayError(400, "Missing query parameter 'model'.", { param: 'model', code: 'missing_parameter' });
  const policy = query.get('policy');
  if (policy !== null && !COST_POLICIES.includes(policy as CostPolicy)) {
    throw new GatewayError(400, `Invalid value for 'policy': use one of ${COST_POLICIES.join(', ')}.`, { param: 'policy', code: 'invalid_value' });
  }
  const explained = engine.planner.explain(model, policy ? { wai: { cost_policy: policy as CostPolicy } } : {});
  sendJson(res, 200, explained);
}
