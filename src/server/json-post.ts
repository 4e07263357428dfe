import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import type { ClientCancel } from '../internal/cancel.js';
import type { RecordStart } from '../engine/record-builder.js';
import { GatewayError } from '../errors/gateway-error.js';
import { sendError } from './send.js';
import { clientOf, modelNamedIn, parseJsonBody, readJsonRequestBytes, watchClient } from './request-io.js';
import { accessOf, keyIdOf, type Access } from '../teams/client-gate.js';

export interface PostContext {
  req: IncomingMessage;
  res: ServerResponse;
  engine: Engine;
  log: Logger;
  requestId: string;
}

/**
 * What a JSON POST route does around its own work: watch the client, read and validate the body, log a request
 * refused before routing (the engine logs the others), find what the caller's client key may use, and answer a failure in OpenAI's format (unless the client
 * has gone). `serve` routes the valid request and writes the answer.
 */
export async function handleJsonPost<T>(
  c: PostContext,
  operation: RecordStart['operation'],
  validate: (body: unknown) => T,
  serve: (request: T, cancel: ClientCancel, access: Access | undefined) => Promise<void>,
): Promise<void> {
  const cancel = watchClient(c.res);
  let routed = false;
  let model: string | undefined;
  try {
    // The body's promise awaited here and parsed in place: no async layer between the body's end and its validation.
    const body = parseJsonBody(await readJsonRequestBytes(c.req, c.engine.config.bodyLimitBytes));
    model = modelNamedIn(body);
    const request = validate(body);
    const granted = accessOf(c.req);
    const access = granted instanceof Promise ? await granted : granted;
    routed = true;
    await serve(request, cancel, access);
  } catch (error) {
    if (!routed) c.engine.recordRejected({ requestId: c.requestId, client: clientOf(c.req), clientKeyId: keyIdOf(c.req), operation, ...(model ? { model } : {}), error });
    if (cancel.aborted) return;
    if (!GatewayError.is(error)) c.log.error({ err: error, requestId: c.requestId }, `${operation} request failed unexpectedly`);
    sendError(c.res, error, c.requestId);
  }
}
