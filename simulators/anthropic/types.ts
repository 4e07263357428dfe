/** Public types of the Anthropic Messages API simulator. Faults are the same as the OpenAI-dialect simulator's. */
import type { Fault, RecordedRequest } from '../openai-compatible/types.js';

export type { Fault, RecordedRequest };

/** The only provider this simulator speaks for; accepted wherever the other simulator takes a provider id. */
export const PROVIDER_ID = 'anthropic';

export interface AnthropicSimulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The only accepted key. Default: any non-empty key is accepted unless it contains 'bad'. */
  key?: string;
}

export interface AnthropicSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The base URL to give a client: the host root, as for api.anthropic.com (the path is /v1/messages). */
  baseUrl: string;
  /** The next requests consume these faults in order. The provider id may be given first or left out. */
  enqueue(first: string | Fault, ...faults: Fault[]): void;
  /** Applies to every request while set (after the queue): `setDefault(fault)` or `setDefault('anthropic', fault)`. */
  setDefault(first: string | Fault | null, fault?: Fault | null): void;
  /** Clear queues, defaults and request records. */
  reset(): void;
  /** What was received, oldest first (the last 1000 requests). `x-api-key` is redacted. */
  requests(provider?: string): RecordedRequest[];
  close(): Promise<void>;
}
