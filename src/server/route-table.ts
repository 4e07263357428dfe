import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayRuntime } from '../runtime/gateway-runtime.js';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';

/** What a handler gets for one request. `engine` is fixed at the request's start (a reload does not change it). */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  runtime: GatewayRuntime;
  engine: Engine;
  log: Logger;
  requestId: string;
  path: string;
  query: URLSearchParams;
}

export interface Route {
  /** Exact path, or a prefix when `prefix` is set (e.g. `/admin/`). */
  path: string;
  prefix?: boolean;
  method: string;
  handle(ctx: RequestContext): Promise<void> | void;
}
