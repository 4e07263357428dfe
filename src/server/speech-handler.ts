import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import { GatewayError } from '../errors/gateway-error.js';
import { ClientCancel } from '../internal/cancel.js';
import { parseJson } from '../internal/json.js';
import { readBody } from './read-body.js';
import { validateSpeechRequest } from './validate-speech.js';
import { sendError, servedHeaders } from './send.js';
import { clientOf } from './chat-handler.js';

/** POST /v1/audio/speech: audio bytes streamed through as the provider sends them. */
export async function handleSpeech(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  const cancel = new ClientCancel();
  res.once('close', () => {
    if (!res.writableFinished) cancel.cancel();
  });
  try {
    const bytes = await readBody(req, engine.config.bodyLimitBytes);
    const parsed = parseJson(bytes.toString('utf8'));
    if (!parsed.ok) throw new GatewayError(400, `The request body is not valid JSON: ${parsed.error.message}`, { code: 'invalid_json' });
    const request = validateSpeechRequest(parsed.value);
    const result = await engine.speech(request, { signal: cancel, requestId, ...(clientOf(req) ? { client: clientOf(req)! } : {}) });
    const headers = servedHeaders(result.served);
    if (result.costUsd !== null) headers['x-wai-cost'] = String(result.costUsd);
    res.writeHead(200, { 'content-type': result.contentType, 'transfer-encoding': 'chunked', ...headers });
    try {
      for await (const chunk of result.audio) {
        if (!res.write(chunk)) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
        if (res.destroyed) return;
      }
      res.end();
    } catch (error) {
      // The audio broke after it started: cut the response so the client knows it is incomplete.
      log.warn({ requestId, provider: result.served.provider, err: error }, 'speech stream broke mid-way');
      res.destroy();
    }
  } catch (error) {
    if (cancel.aborted) return;
    if (!GatewayError.is(error)) log.error({ err: error, requestId }, 'speech request failed unexpectedly');
    sendError(res, error, requestId);
  }
}
