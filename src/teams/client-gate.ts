import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import { KEY_LENGTH, unusable, wellFormed, type ClientKey } from './client-key.js';
import type { KeyRegistry } from './key-registry.js';
import type { ClientLimiter } from './limits/client-limiter.js';
import { toNano } from './limits/budget-period.js';
import type { LimitSpec, Verdict } from './limits/verdict.js';
import { ModelAccess } from './model-access.js';
import { setEarlyHeader, setEarlyHeaders } from '../internal/gateway-response.js';
import type { AuthMode } from '../config/config.js';

/** What a request may do, handed from the gate to the engine. */
export interface Access {
  clientKeyId: string;
  modelAccess?: ModelAccess;
}

const CHALLENGE = { 'www-authenticate': 'Bearer realm="wai"' };
/** The same answer for a key that never existed, was revoked or has expired: no hint which. */
const INVALID = 'Invalid API key provided. Ask the operator of this gateway for a valid key (`wai keys create`).';

/** What the gate decided for one request. */
interface Admission {
  access: Access;
  /** The limit decision still under way (near a limit: a Redis round trip); undefined once decided. */
  decision: Promise<Access> | undefined;
  /** Set while the request's tokens and spend are still to be counted (keys with token or budget limits). */
  settle: ClientLimiter | undefined;
  spec: LimitSpec;
}

/**
 * Kept on the request object itself: a WeakMap entry per request costs the garbage collector far more (its table
 * outlives the requests it holds).
 */
const ADMISSION = Symbol('wai.admission');
type Admitted = IncomingMessage & { [ADMISSION]?: Admission };

/** What the gate needs of a key, built once per key object (a reload makes new ones): one lookup per request. */
interface KeyGate {
  access: Access;
  spec: LimitSpec;
  /** Whether calls that spend are counted (any limit), and whether their usage is (token or budget limits). */
  counted: boolean;
  settled: boolean;
}
const gates = new WeakMap<ClientKey, KeyGate>();

/**
 * The /v1/* check, run before the handler: who is asking (401 otherwise), then, for calls that spend
 * (`limited`), the key's limits. Far from every limit the decision is taken at once (the limiter's view of the
 * shared counters) and nothing is returned; near one it is a Redis round trip, and the returned promise is
 * awaited before any handler runs, so every route, present and future, is limited alike.
 * Handlers get the access with `accessOf` (model restrictions, the key id for the records). Keyless (no key exists, or
 * auth is off): nothing is checked. While the key store has never been read, `auto` is keyless only on a
 * loopback bind (`loopback`), as with no keys; anywhere else every request needs a key until it is read.
 */
export function guardRequest(mode: AuthMode, loopback: boolean, registry: KeyRegistry, limiter: ClientLimiter, req: IncomingMessage, res: ServerResponse, limited: boolean): Promise<Access> | undefined {
  if (mode === 'off' || (mode === 'auto' && registry.size === 0 && (registry.loaded || loopback))) return;
  const presented = presentedKey(req);
  if (presented === undefined) throw refuse(req, 'You didn\'t provide an API key. Send it as "Authorization: Bearer <key>" (or in the x-api-key header).');
  // A key seen lately needs neither the shape check nor the hash.
  let key = registry.remembered(presented);
  if (!key) {
    if (!wellFormed(presented)) throw refuse(req, 'Invalid API key provided: a WAI key is "wai-" followed by 43 letters, digits, "-" or "_".');
    key = registry.lookup(presented);
  }
  // Only an expiry needs the time.
  if (!key || unusable(key, key.expiresAt === null ? 0 : registry.now())) throw refuse(req, INVALID);
  const gate = gateFor(key);
  const counted = limited && gate.counted;
  const admission: Admission = { access: gate.access, decision: undefined, settle: counted && gate.settled ? limiter : undefined, spec: gate.spec };
  (req as Admitted)[ADMISSION] = admission;
  if (!counted) return;
  const verdict = limiter.admit(gate.spec);
  if (!(verdict instanceof Promise)) {
    applyVerdict(verdict, req, res);
    return;
  }
  const access = gate.access;
  const decision = verdict.then((decided) => {
    applyVerdict(decided, req, res);
    admission.decision = undefined;
    return access;
  });
  admission.decision = decision;
  return decision;
}

/** The limit headers go on every answer to the request; a refusal is thrown (a 429, which carries them). */
function applyVerdict(verdict: Verdict, req: IncomingMessage, res: ServerResponse): void {
  if (verdict.ok) {
    setEarlyHeaders(res, verdict.headers);
    return;
  }
  for (const name in verdict.headers) setEarlyHeader(res, name, verdict.headers[name]!);
  req.resume();
  throw limitError(verdict);
}

/** The same access object and limits for every request of a key: handlers, the engine and the limiter only read them. */
function gateFor(key: ClientKey): KeyGate {
  let gate = gates.get(key);
  if (!gate) {
    const access: Access = { clientKeyId: key.id };
    if (key.models) access.modelAccess = new ModelAccess(key.models);
    gate = {
      access, spec: limitSpec(key),
      counted: key.rpm !== null || key.tpm !== null || key.budgetUsd !== null,
      settled: key.tpm !== null || key.budgetUsd !== null,
    };
    gates.set(key, gate);
  }
  return gate;
}

/** The access the gate granted this request (its limits are decided by the time a handler runs). */
export function accessOf(req: IncomingMessage): Access | Promise<Access> | undefined {
  const admission = (req as Admitted)[ADMISSION];
  return admission?.decision ?? admission?.access;
}

/** The id of the key that made a request, once the gate found it (for the log of requests refused early). */
export function keyIdOf(req: IncomingMessage): string | undefined {
  return (req as Admitted)[ADMISSION]?.access.clientKeyId;
}

/**
 * Counts a request's tokens and cost against its key. The handlers call it before the answer (for a stream,
 * before its end) goes out, so the count is on its way to Redis before the caller can send its next request,
 * to this instance or another. Once per request; nothing for keys without token or budget limits.
 */
export function settleRequest(req: IncomingMessage, usage: { prompt_tokens?: number; completion_tokens?: number } | undefined, costUsd: number | null): void {
  const admission = (req as Admitted)[ADMISSION];
  const limiter = admission?.settle;
  if (!limiter) return;
  admission.settle = undefined;
  const tokens = (usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0);
  limiter.settle(admission.spec, tokens, costUsd ? toNano(costUsd) : 0);
}

export function limitSpec(key: ClientKey): LimitSpec {
  return { keyId: key.id, keyName: key.name, rpm: key.rpm, tpm: key.tpm, budgetNano: key.budgetUsd === null ? null : toNano(key.budgetUsd), period: key.budgetPeriod };
}

/** `Bearer ` and a key, as clients send it: read without a regular expression. */
const BEARER = 'Bearer ';
const BEARER_KEY_LENGTH = BEARER.length + KEY_LENGTH;

function presentedKey(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    // A value of that length that is not `Bearer ` and a key gets the same answer either way: a malformed key.
    if (auth.length === BEARER_KEY_LENGTH && auth.startsWith(BEARER)) return auth.slice(BEARER.length);
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
