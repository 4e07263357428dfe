/**
 * `wai.messages.create(...)`: Anthropic's Messages API in-process, on the same engine as the HTTP route
 * (ingress/messages). Whole answers come back as Anthropic's Message object, streams as its events (pings left
 * out, as Anthropic's SDK does), each with how WAI served it. Failures are GatewayErrors, as elsewhere in the SDK.
 */
import type { Engine } from '../engine/engine.js';
import type { Served } from '../engine/attempt-record.js';
import { GatewayError } from '../errors/gateway-error.js';
import { validateMessagesRequest } from '../ingress/messages/validate.js';
import { runMessages } from '../ingress/messages/run-messages.js';
import { countTokens } from '../ingress/messages/count-tokens.js';
import type { MessagesRequest, MessagesResponse } from '../ingress/messages/wire-types.js';

export type { MessagesRequest, MessagesResponse };

export interface MessagesOptions {
  signal?: AbortSignal;
  /** Anthropic betas (`anthropic-beta`), passed to an Anthropic upstream. */
  betas?: string[];
}

/** An Anthropic stream event (`message_start`, `content_block_delta` …), as Anthropic's SDK types it. */
export interface MessagesStreamEvent {
  type: string;
  [field: string]: unknown;
}

export type WaiMessage = MessagesResponse & { wai: Served };

export interface WaiMessageStream extends AsyncIterable<MessagesStreamEvent> {
  readonly wai: Served;
}

/** The input tokens of a request: Anthropic's count where the route starts at Anthropic, else the gateway's estimate. */
export async function countMessageTokens(engine: Engine, params: Omit<MessagesRequest, 'max_tokens'>, options: MessagesOptions = {}): Promise<{ input_tokens: number; source: 'upstream' | 'estimate' }> {
  const count = await countTokens(engine, Buffer.from(JSON.stringify(params)), params, options.betas?.length ? { 'anthropic-beta': options.betas.join(',') } : {});
  const body = JSON.parse(Buffer.from(count.body).toString('utf8')) as { input_tokens: number };
  return { input_tokens: body.input_tokens, source: count.source };
}

export async function createMessage(engine: Engine, params: MessagesRequest, options: MessagesOptions = {}): Promise<WaiMessage | WaiMessageStream> {
  const source = validateMessagesRequest(params);
  const result = await runMessages(engine, source, {
    bytes: Buffer.from(JSON.stringify(params)),
    headers: options.betas?.length ? { 'anthropic-beta': options.betas.join(',') } : {},
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!result.stream) {
    const message = result.message ?? (JSON.parse(Buffer.from(result.bytes).toString('utf8')) as MessagesResponse);
    return Object.assign(message, { wai: result.served });
  }
  const items = result.items;
  return {
    wai: result.served,
    async *[Symbol.asyncIterator]() {
      for await (const item of items) {
        if (item.type === 'error') {
          const { type, message, ...details } = item.body.error;
          throw new GatewayError(502, message, { type, details });
        }
        for (const frame of item.text.split('\n\n')) {
          const at = frame.indexOf('\ndata: ');
          if (at === -1) continue;
          const event = JSON.parse(frame.slice(at + 7)) as MessagesStreamEvent;
          if (event.type !== 'ping') yield event;
        }
      }
    },
  };
}
