/** WAI: the LLM gateway's engine in-process (SDK), and the pieces to run it as a server. */
export { createWai } from './sdk/create-wai.js';
export type { Wai, WaiOptions, WaiCompletion, WaiChunkStream, WaiSpeech, RequestOptions } from './sdk/create-wai.js';
export type { WaiMessage, WaiMessageStream, MessagesStreamEvent, MessagesOptions, MessagesRequest, MessagesResponse } from './sdk/messages.js';
export { startGateway } from './gateway.js';
export type { RunningGateway, StartGatewayOptions } from './gateway.js';
export { GatewayError } from './errors/gateway-error.js';
export type { OpenAIErrorBody } from './errors/gateway-error.js';
export { ProviderError } from './errors/provider-error.js';
export type { ErrorClass } from './errors/error-class.js';
export type { Served, AttemptRecord } from './engine/attempt-record.js';
export { PROVIDERS } from './providers/registry.js';
export type { ProviderEntry, DialectId, ProviderRole } from './providers/types.js';
export type * from './types/chat.js';
export type * from './types/speech.js';
export type { WaiResponse, WaiResponseStream, WaiResponses } from './sdk/responses.js';
export type * from './types/responses.js';
