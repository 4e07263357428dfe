import type { Route, RequestContext } from '../route-table.js';
import type { RequestRecord } from '../../engine/request-record.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { COST_POLICIES, type CostPolicy } from '../../config/cost-policies.js';
import { LEVEL_NAMES, type Level } from '../../routing/route.js';
import { sendJson } from '../send.js';
import { attachAdmin, type AdminState } from '../../observe/admin/admin-state.js';
import { checkAdminAccess } from './auth.js';
import { buildStatus } from './status.js';
import { noticeOf } from './notice.js';
import { teamsStatus } from '../../teams/attach-teams.js';
import { auditAction, usageByKey } from './key-routes.js';

/**
 * The admin JSON API (all behind the admin rule, see auth.ts):
 *   GET  /admin/status                     providers: key presence, state, breakers, last error, success rate, p50/p95
 *   GET  /admin/requests?limit=&provider=&fallbacks=1   recent requests with their attempts, newest first
 *   GET  /admin/route?model=&policy=       the planner's explanation, grouped by the five levels
 *   GET  /admin/map                        the fallback map in force
 *   GET  /admin/usage?window=1h&bucket=60s tokens, cost, requests and errors per bucket
 *   GET  /admin/events                     server-sent events: `request`, `breaker`, heartbeats
 *   POST /admin/providers/{id}/reset       closes the provider's breakers (written to the audit table)
 * Client keys, the audit table and usage per key: see key-routes.ts.
 */

const NO_STORE = { 'cache-control': 'no-store' };
const MAX_REQUESTS = 500;

function admitted(c: RequestContext, queryKey = false): AdminState {
  checkAdminAccess(c.req, c.engine.config.adminKey, { host: c.engine.config.host, ...(queryKey ? { queryKey: c.query } : {}) });
  return attachAdmin(c.runtime);
}

/** Whether a request did not go the plain way: a failed attempt, or served below level 1, or not served. */
export function fellBack(record: RequestRecord): boolean {
  return record.attempts.some((a) => !a.ok) || (record.level !== null && record.level > 1) || (record.servedProvider === null && record.attempts.length > 0);
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new GatewayError(400, `Invalid value for '${name}': use a whole number from ${min} to ${max}.`, { param: name, code: 'invalid_value' });
  }
  return value;
}

function status(c: RequestContext): void {
  const admin = admitted(c);
  sendJson(c.res, 200, { ...buildStatus(admin, c.engine.config), ...teamsStatus(c.runtime), notice: noticeOf(admin.runtime) }, NO_STORE);
}

function requests(c: RequestContext): void {
  const admin = admitted(c);
  const limit = intParam(c.query, 'limit', 50, 1, MAX_REQUESTS);
  const provider = c.query.get('provider') || undefined;
  const onlyFallbacks = ['1', 'true', 'yes'].includes(c.query.get('fallbacks') ?? '');
  const out: Array<RequestRecord & { fallback: boolean }> = [];
  for (const record of admin.requests.newestFirst()) {
    if (out.length >= limit) break;
    if (provider && record.servedProvider !== provider && !record.attempts.some((a) => a.provider === provider)) continue;
    const fallback = fellBack(record);
    if (onlyFallbacks && !fallback) continue;
    out.push({ ...record, fallback });
  }
  sendJson(c.res, 200, { requests: out, kept: admin.requests.size, capacity: admin.requests.capacity }, NO_STORE);
}

function route(c: RequestContext): void {
  admitted(c);
  const model = c.query.get('model')?.trim();
  if (!model) throw new GatewayError(400, "Missing query parameter 'model'.", { param: 'model', code: 'missing_parameter' });
  const policy = c.query.get('policy') || null;
  if (policy !== null && !COST_POLICIES.includes(policy as CostPolicy)) {
    throw new GatewayError(400, `Invalid value for 'policy': use one of ${COST_POLICIES.join(', ')}.`, { param: 'policy', code: 'invalid_value' });
  }
  const explained = c.engine.planner.explain(model, policy ? { wai: { cost_policy: policy as CostPolicy } } : {});
  const levels = ([1, 2, 3, 4, 5] as Level[]).map((level) => ({
    level,
    name: LEVEL_NAMES[level],
    candidates: explained.candidates.filter((candidate) => candidate.level === level),
    ...(level === 5 ? { note: 'No response cache is configured: when every attempt fails, a fast 503 in OpenAI error format lists each attempt and why it failed.' } : {}),
  }));
  const order = explained.candidates.filter((candidate) => candidate.inRoute).map((candidate) => ({ provider: candidate.provider, model: candidate.model, level: candidate.level }));
  sendJson(c.res, 200, { ...explained, route: order, levels }, NO_STORE);
}

function map(c: RequestContext): void {
  admitted(c);
  const { providers, fallbackMap, configFile } = c.engine.config;
  const keyed = (id: string) => providers.get(id)?.hasKey ?? false;
  const rows = Object.entries(fallbackMap).map(([provider, rule]) => ({
    provider,
    name: providers.get(provider)?.entry.name ?? provider,
    hasKey: keyed(provider),
    primary: rule.primary,
    primaryHasKey: keyed(rule.primary),
    fallback: rule.fallback,
    fallbackHasKey: keyed(rule.fallback),
  }));
  const unmapped = [...providers.keys()].filter((id) => !(id in fallbackMap));
  sendJson(c.res, 200, { source: configFile ?? null, rows, unmapped }, NO_STORE);
}

function usage(c: RequestContext): void | Promise<void> {
  if (c.query.get('by') === 'key') return usageByKey(c);
  const admin = admitted(c);
  sendJson(c.res, 200, admin.usage.series(c.query, admin.runtime.health.now()), NO_STORE);
}

function events(c: RequestContext): void {
  const admin = admitted(c, true);
  if (c.req.method === 'HEAD') {
    c.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
    c.res.end();
    return;
  }
  admin.events.open(c.req, c.res, [['hello', { now: admin.runtime.health.now(), breakers: admin.breakerEvents() }]]);
}

function reset(c: RequestContext): void {
  c.req.resume();
  const admin = admitted(c);
  const match = /^\/admin\/providers\/([^/]+)\/reset$/.exec(c.path);
  if (!match) throw new GatewayError(404, `Unknown path ${c.path}; use POST /admin/providers/{id}/reset.`, { code: 'unknown_path' });
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    throw new GatewayError(400, 'The provider id in the path is not valid percent-encoding.', { code: 'invalid_value' });
  }
  const provider = c.engine.config.providers.get(id);
  if (!provider) throw new GatewayError(404, `Unknown provider "${id}".`, { code: 'unknown_provider', param: 'id' });
  admin.resetProvider(id);
  auditAction(c, 'provider.reset', id);
  sendJson(c.res, 200, { provider: id, name: provider.entry.name, reset: true, breakers: admin.breakerEvents().filter((b) => b.provider === id) }, NO_STORE);
}

export const ADMIN_ROUTES: Route[] = [
  { path: '/admin/status', method: 'GET', handle: status },
  { path: '/admin/requests', method: 'GET', handle: requests },
  { path: '/admin/route', method: 'GET', handle: route },
  { path: '/admin/map', method: 'GET', handle: map },
  { path: '/admin/usage', method: 'GET', handle: usage },
  { path: '/admin/events', method: 'GET', handle: events },
  { path: '/admin/providers/', prefix: true, method: 'POST', handle: reset },
];
