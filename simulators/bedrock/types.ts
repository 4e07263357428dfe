/** Public types of the Bedrock (Converse) simulator. Faults are the OpenAI-dialect simulator's. */
import type { Fault, RecordedRequest } from '../openai-compatible/types.js';

export type { Fault };

/** Access key id and secret the simulator accepts by default; any access key id without 'bad' gets this secret. */
export const SIM_ACCESS_KEY_ID = 'AKIASIMULATOR0000001';
export const SIM_SECRET_ACCESS_KEY = 'sim/secret/access/key/0000000000000000000';

export interface BedrockSimulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The only Bedrock API keys (Bearer) accepted. Default: any non-empty key without 'bad'. */
  apiKeys?: string[];
  /** accessKeyId -> secret for SigV4. Default: any access key id without 'bad', with SIM_SECRET_ACCESS_KEY. */
  credentials?: Record<string, string>;
  /** When set, SigV4 scopes for any other region are refused. */
  region?: string;
}

/** A recorded upstream answer to serve instead of a computed one. */
export interface Replay {
  /** A whole Converse body, sent as-is for a `/converse` call. */
  json?: string;
  /** Lines of a `.chunks.txt` recording (`{"<event-type>": payload}`), framed for a `/converse-stream` call. */
  events?: Array<Record<string, unknown>>;
}

export interface BedrockRecordedRequest extends RecordedRequest {
  /** The model id from the path, percent-decoded. */
  modelId: string;
  stream: boolean;
  auth: 'bearer' | 'sigv4' | 'none';
}

export interface BedrockSimulator {
  /** http://127.0.0.1:PORT, also the Bedrock endpoint (BEDROCK_BASE_URL, or the SDK's `endpoint`). */
  url: string;
  baseUrl: string;
  /** The next requests consume these faults in order. The leading provider id is optional ('bedrock'). */
  enqueue(...faults: Array<Fault | string>): void;
  /** Applies to every request while set (after the queue). */
  setDefault(fault: Fault | null): void;
  setDefault(provider: string, fault: Fault | null): void;
  /** The next chat requests answer with these recordings, in order (before any fault). */
  replayNext(...replays: Replay[]): void;
  /** Clear queues, defaults, replays and request records. */
  reset(): void;
  /** What was received, oldest first (the last 1000 requests). */
  requests(provider?: string): BedrockRecordedRequest[];
  close(): Promise<void>;
}
