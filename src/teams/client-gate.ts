import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import { unusable, wellFormed, type ClientKey } from './client-key.js';
import type { KeyRegistry } from './key-registry.js';
import type { ClientLimiter } from './limits/client-limiter.js';
import { toNano } from './limits/budget-period.js';
import type { LimitSpec, Verdict } from './limits/verdict.js';
import { ModelAccess } from './model-access.js';
import { setEarlyHeader } from '../server/gateway-response.js';
import type { AuthMode } from '../config/config.js';

/** What a request may do, handed from the gate to the engine. */
export interface Access {
  clientKeyId: string;
  modelAccess?: ModelAccess;
}

const CHALLENGE = { 'www-authenticate': 'Bearer realm="wai"' };
/** The same answer for a key that never existed, was revoked or has expired: no hint which. */
const INVALID = 'Invalid API key provided. Ask the operator of this gateway for a valid key (`wai keys create`).';

/** Per request: its access, or the admission under way (decided while the body is read). */
const pending = new WeakMap<IncomingMessage, Access | Promise<Access>>();
const modelAccess = new WeakMap<ClientKey, ModelAccess>();
const keyIds = new WeakMap<IncomingMessage, string>();
/** Requests whose key counts tokens or spend: what to settle their usage against. */
const settlements = new WeakMap<IncomingMessage, { limiter: ClientLimiter; key: ClientKey }>();

/**
 * The /v1/* check, run before the handler: who is asking (401 otherwise), then, for calls that spend
 * (`limited`), the key's limits: the returned decision is awaited before any handler runs (it is immediate far
 * from every limit; near one it is a Redis round trip), so every route, present and future, is limited alike.
 * Handlers get the access with `accessOf` (model restrictions, the key id for the records). Keyless (no key exists, or
 * auth is off): nothing is checked. While the key store has never been read, `auto` is keyless only on a
 * loopback bind (`loopback`), as with no keys; anywhere else every request needs a key until it is read.
 */
export function guardRequest(mode: AuthMode, loopback: boolean, registry: KeyRegistry, limiter: ClientLimiter, req: IncomingMessage, res: ServerResponse, limited: boolean): Promise<Access> | undefined {
  if (mode === 'off' || (mode === 'auto' && registry.size === 0 && (registry.loaded || loopback))) return;
  const presented = presentedKey(req);
  if (presented === undefined) throw refuse(req, 'You didn\'t provide an API key. Send it as "Authorization: Bearer <key>" (or in the x-api-key header).');
  if (!wellFormed(presented)) throw refuse(req, 'Invalid API key provided: a WAI key is "wai-" followed by 43 letters, digits, "-" or "_".');
  const key = registry.lookup(presented);
  if (!key || unusable(key, registry.now())) throw refuse(req, INVALID);
  const access: Access = { clientKeyId: key.id };
  keyIds.set(req, key.id);
  if (key.models) {
    let compiled = modelAccess.get(key);
    if (!compiled) modelAccess.set(key, (compiled = new ModelAccess(key.models)));
    access.modelAccess = compiled;
  }
  if (!limited || (key.rpm === null && key.tpm === null && key.budgetUsd === null)) {
    pending.set(req, access);
    return;
  }
  if (key.tpm !== null || key.budgetUsd !== null) settlements.set(req, { limiter, key });
  const decision = limiter.admit(limitSpec(key)).then((verdict) => {
    for (const name in verdict.headers) setEarlyHeader(res, name, verdict.headers[name]!);
    if (!verdict.ok) {
      req.resume();
      throw limitError(verdict);
    }
    return access;
  });
  pending.set(req, decision);
  return decision;
}

/** The access the gate granted this request (its limits are decided by the time a handler runs). */
export function accessOf(req: IncomingMessage): Access | Promise<Access> | undefined {
  return pending.get(req);
}

/** The id of the key that made a request, once the gate found it (for the log of requests refused early). */
export function keyIdOf(req: IncomingMessage): string | undefined {
  return keyIds.get(req);
}

/**
 * Counts a request's tokens and cost against its key. The handlers call it before the answer (for a stream,
 * before its end) goes out, so the count is on its way to Redis before the caller can send its next request,
 * to this instance or another. Once per request; nothing for keys without token or budget limits.
 */
export function settleRequest(req: IncomingMessage, usage: { prompt_tokens?: number; completion_tokens?: number } | undefined, costUsd: number | null): void {
  const entry = settlements.get(req);
  if (!entry) return;
  settlements.delete(req);
  const tokens = (usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0);
  entry.limiter.settle(limitSpec(entry.key), tokens, costUsd ? toNano(costUsd) : 0);
}

export function limitSpec(key: ClientKey): LimitSpec {
  return { keyId: key.id, keyName: key.name, rpm: key.rpm, tpm: key.tpm, budgetNano: key.budgetUsd === null ? null : toNano(key.budgetUsd), period: key.budgetPeriod };
}

function presentedKey(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(auth);
    return match ? match[1] : '';
  }
  const header = req.headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim();
}

function refuse(req: IncomingMessage, message: string): GatewayError {
  req.resume();
  return new GatewayError(401, message, { type: 'invalid_request_error', code: 'invalid_api_key', headers: CHALLENGE });
}

function limitError(verdict: Extract<Verdict, { ok: false }>): GatewayError {
  if (verdict.reason === 'budget') return new GatewayError(429, verdict.message, { type: 'insufficient_quota', code: 'insufficient_quota', headers: verdict.headers });
  return new GatewayError(429, verdict.message, { type: verdict.reason === 'rpm' ? 'requests' : 'tokens', code: 'rate_limit_exceeded', headers: verdict.headers });
}
