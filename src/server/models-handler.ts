import type { ServerResponse } from 'node:http';
import type { GatewayConfig } from '../config/config.js';
import { reachableModels } from '../catalog/reachable-models.js';
import { sendJson } from './send.js';

/** GET /v1/models */
export function handleModels(res: ServerResponse, config: GatewayConfig): void {
  sendJson(res, 200, { object: 'list', data: reachableModels(config) });
}
