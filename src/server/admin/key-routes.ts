import type { IncomingMessage } from 'node:http';
import type { Route, RequestContext } from '../route-table.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { checkAdminAccess } from './auth.js';
import { readJsonBody } from '../request-io.js';
import { sendJson } from '../send.js';
import { teamsOf, type Teams } from '../../teams/attach-teams.js';
import { createKey, keysWithSpend, parseKeySettings, revokeKey, updateKey, type AdminContext } from '../../teams/key-admin.js';
import { periodOf } from '../../teams/limits/budget-period.js';
import type { AuditEntry } from '../../teams/key-store.js';

/**
 * Client keys in the admin API (behind the admin rule, like the rest of /admin):
 *   GET    /admin/keys               every key with its limits, status and spend (today, this month, in total)
 *   POST   /admin/keys               create; the answer holds the key, the only time it is shown
 *   PATCH  /admin/keys/{id|name}     change limits, models, budget, expiry, name
 *   DELETE /admin/keys/{id|name}     revoke
 *   GET    /admin/audit?limit=       who changed what, newest first
 *   GET    /admin/usage?by=key&period=day|month|total   requests, tokens and spend per key
 */

const NO_STORE = { 'cache-control': 'no-store' };
const BODY_LIMIT = 64 * 1024;

function admitted(c: RequestContext): Teams {
  checkAdminAccess(c.req, c.engine.config.adminKey);
  const teams = teamsOf(c.runtime);
  if (!teams) throw new GatewayError(501, 'Client keys are not set up on this gateway (it was not started with startGateway).', { code: 'unsupported' });
  return teams;
}

/** Who acts, for the audit table: the admin key's holder, or whoever reached the loopback address. */
export function actorOf(req: IncomingMessage, keyed: boolean): string {
  return keyed ? 'admin-api (admin key)' : `admin-api (loopback ${req.socket.remoteAddress ?? 'unknown'})`;
}

function context(c: RequestContext, teams: Teams): AdminContext {
  return { store: teams.registry.store, actor: actorOf(c.req, !!c.engine.config.adminKey), now: c.runtime.clock.now(), changed: () => teams.announce() };
}

function target(c: RequestContext): string {
  const raw = c.path.slice('/admin/keys/'.length);
  if (!raw || raw.includes('/')) throw new GatewayError(404, `Unknown path ${c.path}; use /admin/keys/{id or name}.`, { code: 'unknown_path' });
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new GatewayError(400, 'The key id in the path is not valid percent-encoding.', { code: 'invalid_value', param: 'id' });
  }
}

async function list(c: RequestContext): Promise<void> {
  const teams = admitted(c);
  sendJson(c.res, 200, { keys: await keysWithSpend(teams.registry.store, c.runtime.clock.now()) }, NO_STORE);
}

async function create(c: RequestContext): Promise<void> {
  const teams = admitted(c);
  const settings = parseKeySettings(await readJsonBody(c.req, BODY_LIMIT));
  const { key, secret } = await createKey(context(c, teams), settings);
  sendJson(c.res, 201, { key, secret, note: 'The secret is shown this once; store it now.' }, NO_STORE);
}

async function update(c: RequestContext): Promise<void> {
  const teams = admitted(c);
  const id = target(c);
  const settings = parseKeySettings(await readJsonBody(c.req, BODY_LIMIT));
  sendJson(c.res, 200, { key: await updateKey(context(c, teams), id, settings) }, NO_STORE);
}

async function revoke(c: RequestContext): Promise<void> {
  c.req.resume();
  const teams = admitted(c);
  sendJson(c.res, 200, { key: await revokeKey(context(c, teams), target(c)) }, NO_STORE);
}

async function audit(c: RequestContext): Promise<void> {
  const teams = admitted(c);
  const limit = Number(c.query.get('limit') ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new GatewayError(400, "Invalid value for 'limit': use a whole number from 1 to 1000.", { param: 'limit', code: 'invalid_value' });
  sendJson(c.res, 200, { entries: await teams.registry.store.auditLog(limit) }, NO_STORE);
}

/** /admin/usage?by=key: requests, tokens and spend per key in one period (default: this month). */
export async function usageByKey(c: RequestContext): Promise<void> {
  const teams = admitted(c);
  const period = c.query.get('period') ?? 'month';
  if (period !== 'day' && period !== 'month' && period !== 'total') throw new GatewayError(400, "Invalid value for 'period': use day, month or total.", { param: 'period', code: 'invalid_value' });
  const now = c.runtime.clock.now();
  const span = periodOf(period, now);
  const usage = await teams.registry.store.usageByKey(span.start);
  const names = new Map(teams.registry.all().map((k) => [k.id, k.name]));
  sendJson(c.res, 200, {
    period, from: span.start, to: span.end,
    keys: usage.map((u) => ({ ...u, name: names.get(u.keyId) ?? null })).sort((a, b) => b.costUsd - a.costUsd),
  }, NO_STORE);
}

/** Writes an admin action of another part of the admin API (a provider reset) to the audit table; never fails the action. */
export function auditAction(c: RequestContext, action: AuditEntry['action'], targetId: string, details: Record<string, unknown> | null = null): void {
  const teams = teamsOf(c.runtime);
  if (!teams) return;
  teams.registry.store.audit({ at: c.runtime.clock.now(), actor: actorOf(c.req, !!c.engine.config.adminKey), action, target: targetId, details })
    .catch((error: unknown) => c.log.warn({ err: error }, 'audit entry could not be written'));
}

export const KEY_ROUTES: Route[] = [
  { path: '/admin/keys', method: 'GET', handle: list },
  { path: '/admin/keys', method: 'POST', handle: create },
  { path: '/admin/keys/', prefix: true, method: 'PATCH', handle: update },
  { path: '/admin/keys/', prefix: true, method: 'DELETE', handle: revoke },
  { path: '/admin/audit', method: 'GET', handle: audit },
];
