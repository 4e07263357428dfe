import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import { validateSpeechRequest } from '../ingress/validate-speech.js';
import { servedHeaders } from './send.js';
import { clientOf, drained } from './request-io.js';
import { handleJsonPost } from './json-post.js';
import { settleRequest } from '../teams/client-gate.js';

/** POST /v1/audio/speech: audio bytes streamed through as the provider sends them. */
export function handleSpeech(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  return handleJsonPost({ req, res, engine, log, requestId }, 'speech', validateSpeechRequest, async (request, cancel, access) => {
    const result = await engine.speech(request, { signal: cancel, requestId, client: clientOf(req), ...access });
    const headers = servedHeaders(result.served, res);
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
  });
}
