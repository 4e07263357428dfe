import type { ChatCallOptions, Engine } from '../../engine/engine.js';
import type { ResponsesRequest } from '../../types/responses.js';
import { runResponses, type ResponsesCallOptions, type ResponsesResult } from './run-responses.js';

/** OpenAI's Responses API on the engine's route: passed through where the provider speaks it, translated elsewhere. */
export function respond(engine: Engine, request: ResponsesRequest, options: ChatCallOptions & ResponsesCallOptions = {}): Promise<ResponsesResult> {
  const { parts, start } = engine.lend(options, 'responses', request.model, request.stream === true, request.user);
  return runResponses(parts, request, options, start);
}
