import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import { GatewayError } from '../errors/gateway-error.js';
import { handleChat } from './chat-handler.js';
import { handleModels } from './models-handler.js';
import { handleRoute } from './route-handler.js';
import { handleSpeech } from './speech-handler.js';
import { sendError, sendJson } from './send.js';

/** Routes by path, then method; a known path with the wrong method is a 405 naming the allowed one. */
const ROUTES: Record<string, string> = {
  '/v1/chat/completions': 'POST',
  '/v1/models': 'GET',
  '/v1/route': 'GET',
  '/v1/audio/speech': 'POST',
  '/health': 'GET',
};

export interface GatewayServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function createGatewayServer(engine: Engine, log: Logger): Server {
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const requestId = randomUUID();
    route(req, res, engine, log, requestId).catch((error) => {
      log.error({ err: error, requestId }, 'request failed unexpectedly');
      sendError(res, error, requestId);
    });
  });
  return server;
}

async function route(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const method = ROUTES[path];
  if (method === undefined) {
    req.resume();
    throw new GatewayError(404, `Unknown path ${path}. Served: POST /v1/chat/completions, POST /v1/audio/speech, GET /v1/models, GET /v1/route?model=, GET /health.`, { code: 'unknown_path' });
  }
  if (req.method !== method) {
    req.resume();
    throw new GatewayError(405, `${req.method} is not allowed on ${path}; use ${method}.`, { code: 'method_not_allowed', headers: { allow: method } });
  }
  if (path === '/v1/chat/completions') return handleChat(req, res, engine, log, requestId);
  if (path === '/v1/audio/speech') return handleSpeech(req, res, engine, log, requestId);
  if (path === '/v1/models') return handleModels(res, engine.config);
  if (path === '/v1/route') return handleRoute(res, engine, new URLSearchParams(query === -1 ? '' : url.slice(query + 1)));
  return sendJson(res, 200, { status: 'ok' });
}

/** Starts listening; resolves once the port is bound. */
export async function listen(server: Server, host: string, port: number): Promise<GatewayServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
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
