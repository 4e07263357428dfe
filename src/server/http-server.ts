import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUuid } from '../internal/random-uuid.js';
import type { AddressInfo } from 'node:net';
import type { GatewayRuntime } from '../runtime/gateway-runtime.js';
import type { Logger } from '../internal/logger.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { RequestContext, Route } from './route-table.js';
import type { Engine } from '../engine/engine.js';
import { GatewayResponse } from '../internal/gateway-response.js';
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
  const server = createServer({ keepAliveTimeout: 65_000, ServerResponse: GatewayResponse }, (req, res) => {
    const requestId = randomUuid();
    res.addEarlyHeader('x-request-id', responseRequestId(req, requestId));
    if (applyCors(req, res, runtime.engine.config.cors)) return;
    const failed = (error: unknown) => {
      if (!GatewayError.is(error)) log.error({ err: error, requestId }, 'request failed unexpectedly');
      // A refusal before the handler (no key, a limit, a wrong method) answers in the format of the route asked.
      (req.url?.startsWith(ANTHROPIC_PATH) ? sendMessagesError : sendError)(res, error, requestId);
    };
    try {
      dispatch(req, res, runtime, log, requestId, table, listing)?.catch(failed);
    } catch (error) {
      failed(error);
    }
  });
  // Its responses are GatewayResponses, a ServerResponse subclass; callers need only what a Server is.
  return server as unknown as Server;
}

/** Finds the route and runs it; a refusal before the handler is thrown (or rejected, after an awaited gate). */
function dispatch(
  req: IncomingMessage, res: ServerResponse, runtime: GatewayRuntime, log: Logger, requestId: string,
  table: ReturnType<typeof index>, listing: string,
): Promise<void> | void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const candidates = table.exact.get(path) ?? table.prefixed.filter((r) => path.startsWith(r.path));
  if (candidates.length === 0) {
    req.resume();
    throw new GatewayError(404, `Unknown path ${path}. Served: ${listing}.`, { code: 'unknown_path' });
  }
  const route = candidates.length === 1 && candidates[0]!.method === req.method ? candidates[0]! : candidates.find((r) => r.method === req.method || (r.method === 'GET' && req.method === 'HEAD'));
  if (!route) {
    req.resume();
    const allowed = [...new Set(candidates.map((r) => r.method))].join(', ');
    throw new GatewayError(405, `${req.method} is not allowed on ${path}; use ${allowed}.`, { code: 'method_not_allowed', headers: { allow: allowed } });
  }
  const context = new Context(req, res, runtime, log, requestId, path, q === -1 ? '' : url.slice(q + 1));
  // Client keys and their limits (when any exist, or server.auth says so): 401, 429 before any handler runs. Far
  // from every limit the decision is taken at once, and the handler starts in the same turn.
  if (path.startsWith('/v1/')) {
    const decision = guardApi(runtime, req, res, route.method === 'POST');
    if (decision) return decision.then(() => route.handle(context));
  }
  return route.handle(context);
}

/** One request's context; the query string is parsed only by the routes that read it. */
class Context implements RequestContext {
  readonly engine: Engine;
  #query: URLSearchParams | undefined;

  constructor(
    readonly req: IncomingMessage, readonly res: ServerResponse, readonly runtime: GatewayRuntime, readonly log: Logger,
    readonly requestId: string, readonly path: string, readonly search: string,
  ) {
    // Fixed at the request's start: a reload does not change the engine a request runs on.
    this.engine = runtime.engine;
  }

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.search));
  }
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
