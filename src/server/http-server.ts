import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { GatewayRuntime } from '../runtime/gateway-runtime.js';
import type { Logger } from '../internal/logger.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Route } from './route-table.js';
import { ROUTES } from './routes.js';
import { sendError } from './send.js';
import { sendMessagesError } from './messages-handler.js';
import { guardApi } from '../teams/attach-teams.js';
import { applyCors } from './cors.js';
import { responseRequestId } from './request-id.js';

export interface GatewayServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Exact paths in a map (one lookup on the hot path); prefixed routes checked after. */
function index(routes: readonly Route[]) {
  const exact = new Map<string, Route[]>();
  const prefixed: Route[] = [];
  for (const route of routes) {
    if (route.prefix) prefixed.push(route);
    else exact.set(route.path, [...(exact.get(route.path) ?? []), route]);
  }
  return { exact, prefixed };
}

export function createGatewayServer(runtime: GatewayRuntime, log: Logger, routes: readonly Route[] = ROUTES): Server {
  const table = index(routes);
  const listing = [...new Set(routes.map((r) => `${r.method} ${r.path}${r.prefix ? '*' : ''}`))].join(', ');
  return createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', responseRequestId(req, requestId));
    if (applyCors(req, res, runtime.engine.config.cors)) return;
    dispatch(req, res, runtime, log, requestId, table, listing).catch((error) => {
      if (!GatewayError.is(error)) log.error({ err: error, requestId }, 'request failed unexpectedly');
      // A refusal before the handler (no key, a limit, a wrong method) answers in the format of the route asked.
      (req.url?.startsWith(ANTHROPIC_PATH) ? sendMessagesError : sendError)(res, error, requestId);
    });
  });
}

async function dispatch(
  req: IncomingMessage, res: ServerResponse, runtime: GatewayRuntime, log: Logger, requestId: string,
  table: ReturnType<typeof index>, listing: string,
): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const candidates = table.exact.get(path) ?? table.prefixed.filter((r) => path.startsWith(r.path));
  if (candidates.length === 0) {
    req.resume();
    throw new GatewayError(404, `Unknown path ${path}. Served: ${listing}.`, { code: 'unknown_path' });
  }
  const route = candidates.find((r) => r.method === req.method || (r.method === 'GET' && req.method === 'HEAD'));
  if (!route) {
    req.resume();
    const allowed = [...new Set(candidates.map((r) => r.method))].join(', ');
    throw new GatewayError(405, `${req.method} is not allowed on ${path}; use ${allowed}.`, { code: 'method_not_allowed', headers: { allow: allowed } });
  }
  // Client keys and their limits (when any exist, or server.auth says so): 401, 429 before any handler runs.
  if (path.startsWith('/v1/')) await guardApi(runtime, req, res, route.method === 'POST');
  await route.handle({ req, res, runtime, engine: runtime.engine, log, requestId, path, query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)) });
}

/** Anthropic's Messages API and its sub-paths: errors there use Anthropic's shape. */
const ANTHROPIC_PATH = '/v1/messages';

const LISTEN_BACKLOG = 4096;

/** Starts listening; resolves once the port is bound. */
export async function listen(server: Server, host: string, port: number): Promise<GatewayServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Thousands of clients opening streams at once queue in the kernel instead of being dropped (Node's default is 511;
    // Linux caps it at net.core.somaxconn).
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
  };
}
