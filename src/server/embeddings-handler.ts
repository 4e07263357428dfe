import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import { GatewayError } from '../errors/gateway-error.js';
import { validateEmbeddingsRequest } from './validate-embeddings.js';
import { sendError, sendJson, servedHeaders } from './send.js';
import { clientOf, modelNamedIn, readJsonBody, watchClient } from './request-io.js';

/** POST /v1/embeddings: OpenAI's embeddings answer, whichever provider served it, with the x-wai-* headers and cost. */
export async function handleEmbeddings(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  const cancel = watchClient(res);
  let routed = false;
  let model: string | undefined;
  try {
    const body = await readJsonBody(req, engine.config.bodyLimitBytes);
    model = modelNamedIn(body);
    const request = validateEmbeddingsRequest(body);
    routed = true;
    const result = await engine.embeddings(request, { signal: cancel, requestId, client: clientOf(req) });
    const headers = servedHeaders(result.served);
    if (result.costUsd !== null) headers['x-wai-cost'] = String(result.costUsd);
    sendJson(res, 200, result.response, headers);
  } catch (error) {
    // Requests refused before routing still get their row in the log (the engine records the others).
    if (!routed) engine.recordRejected({ requestId, client: clientOf(req), operation: 'embeddings', ...(model ? { model } : {}), error });
    if (cancel.aborted) return;
    if (!GatewayError.is(error)) log.error({ err: error, requestId }, 'embeddings request failed unexpectedly');
    sendError(res, error, requestId);
  }
}
