import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Secret } from '../../internal/secret.js';
import { GatewayError } from '../../errors/gateway-error.js';

/** 127.0.0.0/8, ::1, and IPv4 loopback written as an IPv6-mapped address. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/**
 * Constant-time comparison of a presented key with the configured one. Both are hashed first, so the comparison
 * takes the same time whatever the lengths, and the length of the real key is not given away either.
 */
export function keyMatches(presented: string, expected: Secret): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected.reveal(), 'utf8').digest();
  return timingSafeEqual(a, b);
}

function forwarded(req: IncomingMessage): boolean {
  const h = req.headers;
  return h.forwarded !== undefined || h['x-forwarded-for'] !== undefined || h['x-real-ip'] !== undefined;
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^\s*Bearer\s+(\S.*?)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

export interface AccessOptions {
  /**
   * Also accept `?key=` (only /admin/events: EventSource cannot send headers). A key in a URL can end up in
   * proxy logs and browser history, which is why no other route takes it.
   */
  queryKey?: URLSearchParams;
  /** Pages with no data in them (the dashboard's HTML and assets) need no key, only the loopback rule. */
  publicWhenKeyed?: boolean;
}

/**
 * The admin rule: with an admin key configured, `Authorization: Bearer <key>` (401 otherwise); without one,
 * only a loopback peer is served, and not a request a proxy forwarded (403 otherwise). Throws an OpenAI-format GatewayError when refused.
 */
export function checkAdminAccess(req: IncomingMessage, adminKey: Secret | undefined, options: AccessOptions = {}): void {
  if (!adminKey) {
    // A request a local reverse proxy forwarded comes from loopback too, on behalf of whoever the proxy serves.
    if (isLoopback(req.socket.remoteAddress) && !forwarded(req)) return;
    throw new GatewayError(403,
      'The admin API and dashboard are only served to loopback clients (not through a proxy) when no admin key is configured; set WAI_ADMIN_KEY (or server.adminKey in the config file) to allow remote access.',
      { code: 'admin_loopback_only' });
  }
  if (options.publicWhenKeyed) return;
  const presented = bearer(req) ?? options.queryKey?.get('key') ?? undefined;
  const challenge = { 'www-authenticate': 'Bearer realm="wai-admin"' };
  if (presented === undefined || presented === '') {
    throw new GatewayError(401,
      `Missing admin key: send "Authorization: Bearer <admin key>" (the value of ${adminKey.source})${options.queryKey ? ', or ?key= on this event stream' : ''}.`,
      { code: 'admin_key_required', headers: challenge });
  }
  if (!keyMatches(presented, adminKey)) {
    throw new GatewayError(401, 'Invalid admin key.', { code: 'invalid_admin_key', headers: challenge });
  }
}
