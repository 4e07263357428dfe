import type { Engine } from '../engine/engine.js';
import type { Served } from '../engine/attempt-record.js';
import type { Clock } from '../internal/clock.js';
import type { CancelSignal } from '../internal/cancel.js';
import type { ResponseObject, ResponsesRequest } from '../types/responses.js';
import { GatewayError } from '../errors/gateway-error.js';
import { validateResponsesRequest } from '../ingress/responses/validate-responses.js';
import { createResponse } from '../ingress/responses/create-response.js';
import { MemoryResponseStore } from '../ingress/responses/response-store.js';

/** A response, its text joined as the openai client's `output_text`, and how WAI served it. */
export type WaiResponse = ResponseObject & { output_text: string; wai: Served };

/** A Responses event stream (each event parsed, with its `type` and `sequence_number`), plus how WAI served it. */
export interface WaiResponseStream extends AsyncIterable<{ type: string; sequence_number: number; [field: string]: unknown }> {
  readonly wai: Served;
}

export interface WaiResponses {
  create(params: ResponsesRequest & { stream: true }, options?: { signal?: AbortSignal }): Promise<WaiResponseStream>;
  create(params: ResponsesRequest & { stream?: false | null }, options?: { signal?: AbortSignal }): Promise<WaiResponse>;
  create(params: ResponsesRequest, options?: { signal?: AbortSignal }): Promise<WaiResponse | WaiResponseStream>;
}

const DAY_MS = 86_400_000;

/**
 * `wai.responses.create` on the in-process engine, as on the HTTP route: pass-through or translated per provider,
 * and responses kept (in memory here, bounded, with the request log's retention) for `previous_response_id`.
 */
export function createResponses(engine: Engine, clock: Clock): WaiResponses {
  const store = new MemoryResponseStore(clock, engine.config.requestLog.retentionDays * DAY_MS);
  async function create(params: ResponsesRequest, options: { signal?: AbortSignal } = {}): Promise<WaiResponse | WaiResponseStream> {
    const request = validateResponsesRequest(params);
    const result = await createResponse(engine, store, clock, request, options.signal ? { signal: options.signal as CancelSignal } : {});
    if (!result.stream) return Object.assign(structuredClone(result.response), { output_text: outputText(result.response), wai: result.served });
    const events = result.events;
    return {
      wai: result.served,
      async *[Symbol.asyncIterator]() {
        for await (const event of events) {
          const parsed = JSON.parse(event.data) as { type: string; sequence_number: number; error?: { message?: string; code?: string | null; type?: string } };
          if (parsed.type === 'error') {
            throw new GatewayError(502, parsed.error?.message ?? 'the stream failed', { type: parsed.error?.type ?? 'server_error', code: parsed.error?.code ?? null });
          }
          yield parsed;
        }
      },
    };
  }
  return { create: create as WaiResponses['create'] };
}

/** The text of every output_text part, joined (what the openai client calls `output_text`). */
function outputText(response: ResponseObject): string {
  let text = '';
  for (const item of response.output) {
    if (item.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content as Array<{ type?: string; text?: string }>) if (part.type === 'output_text' && part.text) text += part.text;
  }
  return text;
}
