import type { Engine, ChatCallOptions } from '../../engine/engine.js';
import type { Clock } from '../../internal/clock.js';
import type { ResponsesRequest, ResponseStreamEvent } from '../../types/responses.js';
import type { ResponsesResult } from './run-responses.js';
import { respond } from './respond.js';
import type { ResponseStore } from './response-store.js';
import { keepResponse, loadConversation, resolveItemReferences } from './conversation.js';

/**
 * One Responses request with its stored conversation: the `previous_response_id` chain loaded before routing,
 * and the answer kept afterwards (a stream once it has ended in full). The HTTP route and the SDK share it.
 */
export async function createResponse(engine: Engine, store: ResponseStore, clock: Clock, asked: ResponsesRequest, options: ChatCallOptions): Promise<ResponsesResult> {
  const request = await resolveItemReferences(store, asked);
  const previous = request.previous_response_id ? await loadConversation(store, request.previous_response_id) : undefined;
  const result = await respond(engine, request, { ...options, ...(previous ? { previous } : {}) });
  const servedBy = result.served.provider;
  if (!result.stream) {
    // Kept before the caller has the answer: an in-process caller (the SDK) may ask for the next turn at once.
    keepResponse(store, request, result.response, servedBy, clock.now());
    return result;
  }
  const events = result.events;
  const kept: AsyncIterable<ResponseStreamEvent> = {
    async *[Symbol.asyncIterator]() {
      yield* events;
      keepResponse(store, request, result.final(), servedBy, clock.now());
    },
  };
  return { ...result, events: kept };
}
