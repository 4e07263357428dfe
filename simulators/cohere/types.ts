/** Public types of the Cohere v2 simulator. */
import type { Fault, RecordedRequest } from '../openai-compatible/types.js';

/**
 * The shared fault set (see simulators/README.md), plus a replay: `events` makes a streamed request answer
 * with exactly these Cohere events (each framed as `event: <type>` + `data: <json>`), e.g. the lines of a
 * recorded `.chunks.txt`. A whole recorded body is replayed with the shared `body` field.
 */
export interface CohereFault extends Fault {
  events?: readonly unknown[];
}

export interface CohereSimulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The only accepted key. Default: any non-empty key is accepted unless it contains 'bad'. */
  key?: string;
}

export interface CohereSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** What to put in COHERE_BASE_URL: the host root (clients add /v2/chat). */
  baseUrl: string;
  /** The next requests consume these faults in order. The provider argument is optional and must be 'cohere'. */
  enqueue(provider: string, ...faults: CohereFault[]): void;
  enqueue(...faults: CohereFault[]): void;
  /** Applies to every request while set (after the queue). */
  setDefault(fault: CohereFault | null): void;
  setDefault(provider: string, fault: CohereFault | null): void;
  /** Clears queue, default and request records. */
  reset(): void;
  /** What was received, oldest first (the last 1000 requests); the Authorization header reads '***'. */
  requests(provider?: string): RecordedRequest[];
  close(): Promise<void>;
}
