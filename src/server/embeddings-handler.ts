import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import { validateEmbeddingsRequest } from '../ingress/validate-embeddings.js';
import { sendJson, servedHeaders } from './send.js';
import { clientOf } from './request-io.js';
import { handleJsonPost } from './json-post.js';
import { settleRequest } from '../teams/client-gate.js';

/** POST /v1/embeddings: OpenAI's embeddings answer, whichever provider served it, with the x-wai-* headers and cost. */
export function handleEmbeddings(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  return handleJsonPost({ req, res, engine, log, requestId }, 'embeddings', validateEmbeddingsRequest, async (request, cancel, access) => {
    const result = await engine.embeddings(request, { signal: cancel, requestId, client: clientOf(req), ...access });
    const headers = servedHeaders(result.served, res);
    if (result.costUsd !== null) headers['x-wai-cost'] = String(result.costUsd);
    settleRequest(req, result.response.usage, result.costUsd);
    sendJson(res, 200, result.response, headers);
  });
}
