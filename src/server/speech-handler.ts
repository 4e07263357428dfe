import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import { GatewayError } from '../errors/gateway-error.js';
import { validateSpeechRequest } from './validate-speech.js';
import { sendError, servedHeaders } from './send.js';
import { accessOf, keyIdOf, settleRequest } from '../teams/client-gate.js';
import { clientOf, drained, modelNamedIn, readJsonBody, watchClient } from './request-io.js';

/** POST /v1/audio/speech: audio bytes streamed through as the provider sends them. */
export async function handleSpeech(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  const cancel = watchClient(res);
  let routed = false;
  let model: string | undefined;
  try {
    const body = await readJsonBody(req, engine.config.bodyLimitBytes);
    model = modelNamedIn(body);
    const request = validateSpeechRequest(body);
    const access = await accessOf(req);
    routed = true;
    const result = await engine.speech(request, { signal: cancel, requestId, client: clientOf(req), ...access });
    const headers = servedHeaders(result.served);
    if (result.costUsd !== null) headers['x-wai-cost'] = String(result.costUsd);
    settleRequest(req, undefined, result.costUsd);
    res.writeHead(200, { 'content-type': result.contentType, 'transfer-encoding': 'chunked', ...headers });
    try {
      for await (const chunk of result.audio) {
        if (!res.write(chunk)) await drained(res);
        if (res.destroyed) return;
      }
      res.end();
    } catch (error) {
      // The audio broke after it started: cut the response so the client knows it is incomplete.
      log.warn({ requestId, provider: result.served.provider, err: error }, 'speech stream broke mid-way');
      res.destroy();
    }
  } catch (error) {
    // Requests refused before routing still get their row in the log (the engine records the others).
    if (!routed) engine.recordRejected({ requestId, client: clientOf(req), clientKeyId: keyIdOf(req), operation: 'speech', ...(model ? { model } : {}), error });
    if (cancel.aborted) return;
    if (!GatewayError.is(error)) log.error({ err: error, requestId }, 'speech request failed unexpectedly');
    sendError(res, error, requestId);
  }
}
