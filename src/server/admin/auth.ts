import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Secret } from '../../internal/secret.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { isLoopback } from '../../internal/loopback.js';

/**
 * Constant-time comparison of a presented key with the configured one. Both are hashed first, so the comparison
 * takes the same time whatever the lengths, and the length of the real key is not given away either.
 */
export function keyMatches(presented: string, expected: Secret): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected.reveal(), 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Headers a proxy or CDN adds for the client it acts for: any one of them means the peer is not the client. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-client-ip', 'true-client-ip', 'cf-connecting-ip', 'fastly-client-ip', 'x-cluster-client-ip'];

function forwarded(req: IncomingMessage): boolean {
  const h = req.headers;
  for (const name of PROXY_HEADERS) if (h[name] !== undefined) return true;
  return false;
}

/** The host name of a Host header value (`[::1]:8787` -> `::1`, `localhost:8787` -> `localhost`). */
function hostName(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') === -1 ? undefined : value.indexOf(']'));
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

/**
 * A Host a browser can only have reached through this machine's own names: loopback addresses, `localhost`
 * (and `*.localhost`, which browsers never look up in DNS), or the host the gateway was configured to bind.
 * A page on evil.example that rebinds its name to 127.0.0.1 still sends `Host: evil.example`.
 */
function localHost(host: string | undefined, configured: string | undefined): boolean {
  // HTTP/1.0 clients may send none; browsers always do.
  if (host === undefined) return true;
  const name = hostName(host);
  if (name === 'localhost' || name.endsWith('.localhost') || isLoopback(name)) return true;
  return configured !== undefined && configured !== '0.0.0.0' && configured !== '::' && name === hostName(configured);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request a browser sent from another origin (a page's form or fetch): its Origin header is not
 * this gateway's own. Clients that are not browsers send no Origin, and pass.
 */
function crossOrigin(req: IncomingMessage): boolean {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host !== (req.headers.host ?? '').toLowerCase();
  } catch {
    return true;
  }
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
  /** The host the gateway was configured with: a Host header naming it is local too (see localHost). */
  host?: string;
}

/**
 * The admin rule: with an admin key configured, `Authorization: Bearer <key>` (401 otherwise); without one,
 * only a loopback peer is served, and not a request a proxy forwarded (403 otherwise). Throws an OpenAI-format GatewayError when refused.
 */
export function checkAdminAccess(req: IncomingMessage, adminKey: Secret | undefined, options: AccessOptions = {}): void {
  if (crossOrigin(req)) {
    throw new GatewayError(403, `A ${req.method} from another origin (Origin: ${String(req.headers.origin).slice(0, 100)}) is refused: admin actions are taken from the gateway's own dashboard or from non-browser clients.`, { code: 'cross_origin_refused' });
  }
  if (!adminKey) {
    // A request a local reverse proxy forwarded comes from loopback too, on behalf of whoever the proxy serves.
    if (isLoopback(req.socket.remoteAddress) && !forwarded(req)) {
      if (localHost(req.headers.host, options.host)) return;
      throw new GatewayError(403, 'Without an admin key the admin API answers only requests addressed to a loopback Host (localhost, 127.0.0.1, [::1]) or the configured host; set WAI_ADMIN_KEY to allow other names.', { code: 'admin_host_refused' });
    }
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
