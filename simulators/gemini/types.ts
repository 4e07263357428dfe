/** Public types of the Gemini (generateContent) simulator. Faults are the OpenAI-dialect simulator's own type. */
import type { Fault, RecordedRequest } from '../openai-compatible/types.js';

export type { Fault, RecordedRequest };

export interface GeminiSimulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The only accepted key. Default: any non-empty key is accepted unless it contains 'bad'. */
  key?: string;
}

export interface GeminiSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** What to set GOOGLE_BASE_URL / httpOptions.baseUrl to: the host root (clients add `/v1beta/models/...`). */
  baseUrl: string;
  /**
   * The next requests consume these faults in order. The provider id may be given first, as with the
   * OpenAI-dialect simulator (`enqueue('google', fault)`); this simulator serves only Google.
   */
  enqueue(...faults: Array<Fault | string>): void;
  /** Applies to every request while set (after the queue). `setDefault(fault)` or `setDefault('google', fault)`. */
  setDefault(first: Fault | string | null, fault?: Fault | null): void;
  /** Clear queues, defaults and request records. */
  reset(): void;
  /** What was received, oldest first (the last 1000 requests); the key header and `key=` query are redacted. */
  requests(provider?: string): RecordedRequest[];
  close(): Promise<void>;
}
