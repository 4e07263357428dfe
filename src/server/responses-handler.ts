import type { RequestContext } from './route-table.js';
import type { GatewayRuntime } from '../runtime/gateway-runtime.js';
import { GatewayError } from '../errors/gateway-error.js';
import { validateResponsesRequest } from '../ingress/responses/validate-responses.js';
import { createResponse } from '../ingress/responses/create-response.js';
import { LogResponseStore, MemoryResponseStore, type ResponseStore } from '../ingress/responses/response-store.js';
import { sseText } from '../ingress/responses/stream-frame.js';
import { requestLogOf } from '../observe/log/attach.js';
import type { RequestLogStore } from '../observe/log/store.js';
import { sendJson, servedHeaders } from './send.js';
import { clientOf, drained } from './request-io.js';
import { settleRequest } from '../teams/client-gate.js';
import { handleJsonPost } from './json-post.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };
const DAY_MS = 86_400_000;

/** A response's token counts as the client-key limits count them. */
function chatUsage(response: { usage?: { input_tokens?: number; output_tokens?: number } | null } | undefined): { prompt_tokens?: number; completion_tokens?: number } | undefined {
  const usage = response?.usage;
  return usage ? { prompt_tokens: usage.input_tokens ?? 0, completion_tokens: usage.output_tokens ?? 0 } : undefined;
}

/** POST /v1/responses */
export function handleResponses(c: RequestContext): Promise<void> {
  const { req, res, requestId } = c;
  return handleJsonPost(c, 'responses', validateResponsesRequest, async (request, cancel, access) => {
    const result = await createResponse(c.engine, responseStoreOf(c.runtime), c.runtime.clock, request, { signal: cancel, requestId, client: clientOf(req), ...access });
    const headers = servedHeaders(result.served, res);
    if (!result.stream) {
      if (result.costUsd !== null) headers['x-wai-cost'] = String(result.costUsd);
      settleRequest(req, chatUsage(result.response), result.costUsd);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': result.body.byteLength, ...headers });
      res.end(result.body);
      return;
    }
    // The cost of a stream is known only at its end: it travels as an HTTP trailer.
    res.writeHead(200, { ...SSE_HEADERS, ...headers, trailer: 'x-wai-cost' });
    try {
      for await (const event of result.events) {
        if (res.destroyed) return;
        if (!res.write(sseText(event))) await drained(res);
      }
    } finally {
      settleRequest(req, chatUsage(result.final()), result.costUsd());
    }
    const usd = result.costUsd();
    if (usd !== null) res.addTrailers({ 'x-wai-cost': String(usd) });
    res.end();
  });
}

/** GET /v1/responses/{id}, and GET /v1/responses/{id}/input_items */
export async function handleGetResponse(c: RequestContext): Promise<void> {
  if (c.path.endsWith(INPUT_ITEMS)) return handleInputItems(c);
  const id = responseIdOf(c.path);
  const stored = await responseStoreOf(c.runtime).get(id);
  if (!stored) throw notFound(id);
  sendJson(c.res, 200, stored.response, { 'x-wai-request-id': c.requestId });
}

/** DELETE /v1/responses/{id} */
export async function handleDeleteResponse(c: RequestContext): Promise<void> {
  const id = responseIdOf(c.path);
  if (!(await responseStoreOf(c.runtime).delete(id))) throw notFound(id);
  sendJson(c.res, 200, { id, object: 'response.deleted', deleted: true }, { 'x-wai-request-id': c.requestId });
}

const INPUT_ITEMS = '/input_items';

/** The input items of a stored response, as OpenAI lists them (`limit` 1–100, default 20; `order` desc by default; `after` an item id). */
async function handleInputItems(c: RequestContext): Promise<void> {
  const id = responseIdOf(c.path.slice(0, -INPUT_ITEMS.length));
  const stored = await responseStoreOf(c.runtime).get(id);
  if (!stored) throw notFound(id);
  const limitText = c.query.get('limit');
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new GatewayError(400, "Invalid value for 'limit': an integer from 1 to 100.", { param: 'limit', code: 'invalid_value' });
  const order = c.query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new GatewayError(400, "Invalid value for 'order': use asc or desc.", { param: 'order', code: 'invalid_value' });
  // Items without an id of their own get one that stays the same on every read.
  const items = stored.input.map((item, index) => ({ ...item, id: typeof item.id === 'string' ? item.id : `msg_${id.slice('resp_'.length)}_in${index}` }));
  if (order === 'desc') items.reverse();
  const after = c.query.get('after');
  const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1;
  const page = items.slice(start, start + limit);
  sendJson(c.res, 200, { object: 'list', data: page, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: start + limit < items.length }, { 'x-wai-request-id': c.requestId });
}

function responseIdOf(path: string): string {
  const rest = path.slice('/v1/responses/'.length);
  let id: string;
  try {
    id = decodeURIComponent(rest);
  } catch {
    id = '';
  }
  if (!id || id.includes('/') || id.length > 200) throw new GatewayError(404, `Unknown path ${path}: use /v1/responses/{response_id}.`, { code: 'unknown_path' });
  return id;
}

function notFound(id: string): GatewayError {
  return new GatewayError(404, `Response with id '${id}' not found.`, { type: 'invalid_request_error', code: 'response_not_found' });
}

const logStores = new WeakMap<RequestLogStore, LogResponseStore>();
const memoryStores = new WeakMap<GatewayRuntime, MemoryResponseStore>();

/**
 * Where a runtime keeps responses: the request log's database when the log is on (and follows it across a
 * reload), otherwise a bounded memory store with the log's retention.
 */
export function responseStoreOf(runtime: GatewayRuntime): ResponseStore {
  const requestLog = requestLogOf(runtime);
  const store = requestLog && requestLog.state !== 'disabled' && requestLog.state !== 'closed' ? requestLog.store : undefined;
  if (store?.putResponse && store.getResponse && store.deleteResponse) {
    let kept = logStores.get(store);
    if (!kept) {
      const backend = { putResponse: store.putResponse.bind(store), getResponse: store.getResponse.bind(store), deleteResponse: store.deleteResponse.bind(store) };
      kept = new LogResponseStore(backend, (error) => runtime.log.warn({ component: 'responses', err: error }, 'a response could not be stored'));
      logStores.set(store, kept);
    }
    return kept;
  }
  let memory = memoryStores.get(runtime);
  if (!memory) memoryStores.set(runtime, (memory = new MemoryResponseStore(runtime.clock, runtime.config.requestLog.retentionDays * DAY_MS)));
  return memory;
}
