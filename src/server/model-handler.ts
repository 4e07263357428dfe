import type { ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import { reachableModels } from '../routing/reachable-models.js';
import { GatewayError } from '../errors/gateway-error.js';
import { sendJson } from './send.js';

export const MODEL_PATH = '/v1/models/';

/**
 * GET /v1/models/{id}: OpenAI's model object for an id the gateway can serve now, whether listed by
 * `GET /v1/models` (`provider/model`) or a name the catalog resolves (`gpt-4o`, `claude-sonnet-4-5`) with a keyed
 * provider behind it. The id may hold slashes, as written or percent-encoded (the SDKs encode them). 404 otherwise.
 */
export function handleModel(res: ServerResponse, engine: Engine, path: string): void {
  let id: string;
  try {
    id = decodeURIComponent(path.slice(MODEL_PATH.length));
  } catch {
    throw new GatewayError(400, `The model id in ${path} is not valid percent-encoding.`, { param: 'model', code: 'invalid_value' });
  }
  const listed = reachableModels(engine.config, engine.catalog).find((m) => m.id === id);
  if (listed) return sendJson(res, 200, listed);
  const model = id ? engine.catalog.find(id) : undefined;
  const keyed = model?.offerings.some((o) => engine.config.providers.get(o.provider)?.hasKey);
  if (model && keyed) return sendJson(res, 200, { id, object: 'model', created: 0, owned_by: model.vendor });
  throw new GatewayError(404, `The model '${id}' does not exist or no configured provider serves it; GET /v1/models lists what is reachable.`, { param: 'model', code: 'model_not_found' });
}
