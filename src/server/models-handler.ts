import type { ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import { reachableModels } from '../routing/reachable-models.js';
import { sendJson } from './send.js';

/** GET /v1/models */
export function handleModels(res: ServerResponse, engine: Engine): void {
  sendJson(res, 200, { object: 'list', data: reachableModels(engine.config, engine.catalog) });
}
