import type { ResponseInputItem, ResponseObject, ResponsesRequest } from '../../types/responses.js';
import type { PreviousConversation } from './run-responses.js';
import type { ResponseStore, StoredResponse } from './response-store.js';
import { outputItemOrigin } from './response-object.js';

/** Longest chain of previous responses followed, and most bytes of conversation gathered from it. */
const MAX_CHAIN = 256;
const MAX_CONVERSATION_BYTES = 16 * 1024 * 1024;

/**
 * The conversation `previous_response_id` names: every response of the chain, oldest first, each its input
 * and then its output (as OpenAI rebuilds it). Undefined when the store does not have the response.
 */
export async function loadConversation(store: ResponseStore, id: string): Promise<PreviousConversation | undefined> {
  const first = await store.get(id);
  if (!first) return undefined;
  const turns: ResponseInputItem[][] = [];
  let bytes = 0;
  let current: typeof first | undefined = first;
  for (let depth = 0; current && depth < MAX_CHAIN; depth++) {
    const items = [...current.input, ...(current.response.output as ResponseInputItem[])];
    bytes += JSON.stringify(items).length;
    if (bytes > MAX_CONVERSATION_BYTES) break;
    turns.push(items);
    const previous: string | null | undefined = current.response.previous_response_id;
    current = previous ? await store.get(previous) : undefined;
  }
  return { items: turns.reverse().flat(), servedBy: first.servedBy ?? undefined };
}

/** The request's own input as items (a string is one user message). */
export function inputItems(request: ResponsesRequest): ResponseInputItem[] {
  return typeof request.input === 'string' ? [{ type: 'message', role: 'user', content: request.input }] : request.input ?? [];
}

/** Keeps a finished response unless the caller said `store: false` (OpenAI keeps them by default). */
export function keepResponse(store: ResponseStore, request: ResponsesRequest, response: ResponseObject | undefined, servedBy: string, atMs: number): void {
  if (request.store === false || !response) return;
  store.save({ response, input: inputItems(request), servedBy, atMs });
}

/**
 * The request with its `item_reference` items that point at the gateway's own translated responses replaced by
 * the items themselves (clients such as the Vercel AI SDK refer to earlier output that way). References the
 * gateway cannot resolve stay: a provider with its own Responses API may know them.
 */
export async function resolveItemReferences(store: ResponseStore, request: ResponsesRequest): Promise<ResponsesRequest> {
  const input = request.input;
  if (typeof input === 'string' || !input?.some((item) => item.type === 'item_reference')) return request;
  const loaded = new Map<string, Promise<StoredResponse | undefined>>();
  const resolved = await Promise.all(input.map(async (item) => {
    if (item.type !== 'item_reference' || typeof item.id !== 'string') return item;
    const origin = outputItemOrigin(item.id);
    if (!origin) return item;
    let stored = loaded.get(origin.responseId);
    if (!stored) loaded.set(origin.responseId, (stored = store.get(origin.responseId)));
    const found = (await stored)?.response.output[origin.index];
    return found && found.id === item.id ? (found as ResponseInputItem) : item;
  }));
  return { ...request, input: resolved };
}
