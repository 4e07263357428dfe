import type { ChatCompletion, ChatCompletionChunk, ChatRequest, Usage } from '../types/chat.js';
import { loadConfig, type GatewayConfig, type Timeouts } from '../config/config.js';
import type { ConfigFile } from '../config/config-file.js';
import type { Engine } from '../engine/engine.js';
import { buildEngine } from '../engine/build-engine.js';
import type { Served } from '../engine/attempt-record.js';
import type { Transport } from '../dialects/types.js';
import type { Clock } from '../internal/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import { validateChatRequest } from '../ingress/validate-chat.js';
import { validateSpeechRequest } from '../ingress/validate-speech.js';
import type { SpeechRequest } from '../types/speech.js';
import { validateEmbeddingsRequest } from '../ingress/validate-embeddings.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../types/embeddings.js';
import { reachableModels, type ReachableModel } from '../routing/reachable-models.js';
import { countMessageTokens, createMessage, type MessagesOptions, type MessagesRequest, type WaiMessage, type WaiMessageStream } from './messages.js';
import { systemClock } from '../internal/clock.js';
import { createResponses, type WaiResponses } from './responses.js';

export interface WaiOptions {
  /** Where keys and base URLs are read from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** A YAML or JSON config file. */
  configFile?: string;
  /** Per-provider keys and base URLs, as in the config file's `providers` section. */
  providers?: NonNullable<ConfigFile['providers']>;
  timeouts?: Partial<Timeouts>;
  clock?: Clock;
  transport?: Transport;
}

/** A completion, plus how WAI served it. */
export type WaiCompletion = ChatCompletion & { wai: Served };

/** A stream of chunks, plus how WAI served it and the usage once it ends. */
export interface WaiChunkStream extends AsyncIterable<ChatCompletionChunk> {
  readonly wai: Served;
  readonly usage: Usage | undefined;
}

/** Audio from a speech request: iterate for the bytes as they arrive, or `arrayBuffer()` for all of them. */
export interface WaiSpeech extends AsyncIterable<Uint8Array> {
  readonly wai: Served;
  readonly contentType: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Embeddings, plus how WAI served them and what they cost (USD; null when the price is unknown). */
export type WaiEmbeddings = EmbeddingsResponse & { wai: Served & { costUsd: number | null } };

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface Wai {
  chat: {
    completions: {
      create(params: ChatRequest & { stream: true }, options?: RequestOptions): Promise<WaiChunkStream>;
      create(params: ChatRequest & { stream?: false | null }, options?: RequestOptions): Promise<WaiCompletion>;
      create(params: ChatRequest, options?: RequestOptions): Promise<WaiCompletion | WaiChunkStream>;
    };
  };
  audio: {
    speech: {
      /** Text to speech; the audio arrives as it streams. */
      create(params: SpeechRequest, options?: RequestOptions): Promise<WaiSpeech>;
    };
  };
  /** Anthropic's Messages API, on the same engine (Anthropic gets the request as given, others a translation). */
  messages: {
    create(params: MessagesRequest & { stream: true }, options?: MessagesOptions): Promise<WaiMessageStream>;
    create(params: MessagesRequest & { stream?: false }, options?: MessagesOptions): Promise<WaiMessage>;
    create(params: MessagesRequest, options?: MessagesOptions): Promise<WaiMessage | WaiMessageStream>;
    /** `source` says whether Anthropic counted or the gateway estimated. */
    countTokens(params: Omit<MessagesRequest, 'max_tokens'>, options?: MessagesOptions): Promise<{ input_tokens: number; source: 'upstream' | 'estimate' }>;
  };
  /** OpenAI's Responses API on the same engine (`previous_response_id` works on responses this instance made). */
  responses: WaiResponses;
  embeddings: {
    /** Vectors from the model asked for; fallback only to the same model on another provider. */
    create(params: EmbeddingsRequest, options?: RequestOptions): Promise<WaiEmbeddings>;
  };
  models: { list(): ReachableModel[] };
  readonly engine: Engine;
  readonly config: GatewayConfig;
  close(): Promise<void>;
}

/** The gateway's engine in-process, shaped like the OpenAI client. Errors are `GatewayError`s in OpenAI's format. */
export function createWai(options: WaiOptions = {}): Wai {
  const config = loadConfig({
    ...(options.env ? { env: options.env } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.providers ? { file: { providers: options.providers } } : {}),
    overrides: { ...(options.timeouts ? { timeouts: options.timeouts } : {}) },
  });
  const engine = buildEngine({
    config,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.transport ? { transport: options.transport } : {}),
  });

  async function create(params: ChatRequest, requestOptions: RequestOptions = {}): Promise<WaiCompletion | WaiChunkStream> {
    const request = validateChatRequest(params);
    const result = await engine.chat(request, requestOptions.signal ? { signal: requestOptions.signal } : {});
    if (!result.stream) return Object.assign(result.completion, { wai: result.served });
    const chunks = result.chunks;
    return {
      wai: result.served,
      get usage() { return chunks.usage; },
      async *[Symbol.asyncIterator]() {
        for await (const item of chunks) {
          if (item.type === 'chunk') {
            yield JSON.parse(item.json) as ChatCompletionChunk;
          } else {
            const { message, type, code, param, ...details } = item.error.error;
            throw new GatewayError(502, message, { type, code, param, details });
          }
        }
      },
    };
  }

  async function speech(params: SpeechRequest, requestOptions: RequestOptions = {}): Promise<WaiSpeech> {
    const request = validateSpeechRequest(params);
    const result = await engine.speech(request, requestOptions.signal ? { signal: requestOptions.signal } : {});
    return {
      wai: result.served,
      contentType: result.contentType,
      [Symbol.asyncIterator]: () => result.audio[Symbol.asyncIterator](),
      async arrayBuffer() {
        const parts: Uint8Array[] = [];
        for await (const part of result.audio) parts.push(part);
        const all = Buffer.concat(parts);
        return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
      },
    };
  }

  async function embeddings(params: EmbeddingsRequest, requestOptions: RequestOptions = {}): Promise<WaiEmbeddings> {
    const request = validateEmbeddingsRequest(params);
    const result = await engine.embeddings(request, requestOptions.signal ? { signal: requestOptions.signal } : {});
    return Object.assign(result.response, { wai: { ...result.served, costUsd: result.costUsd } });
  }

  return {
    chat: { completions: { create: create as Wai['chat']['completions']['create'] } },
    audio: { speech: { create: speech } },
    messages: {
      create: ((params: MessagesRequest, options?: MessagesOptions) => createMessage(engine, params, options)) as Wai['messages']['create'],
      countTokens: (params, options) => countMessageTokens(engine, params, options),
    },
    responses: createResponses(engine, options.clock ?? systemClock),
    embeddings: { create: embeddings },
    models: { list: () => reachableModels(config, engine.catalog) },
    engine,
    config,
    close: () => engine.close(),
  };
}
