/** Public types of the OpenAI-dialect provider simulator. */

/** One injected behaviour for one request. */
export interface Fault {
  /** Answer this status with that provider's real error body shape. */
  status?: number;
  /** Flavour of the error, e.g. 'insufficient_quota', 'invalid_api_key', 'model_not_found', 'overloaded', 'rate_limit_exceeded'. */
  errorCode?: string;
  /** Raw body override (sent as-is; status defaults to 200 when absent). */
  body?: string;
  /** Extra response headers, e.g. {'retry-after':'2'}. */
  headers?: Record<string, string>;
  /** Delay before the response headers. */
  latencyMs?: number;
  /** Never answer (until the client gives up or the socket closes). */
  hang?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** 200 with a body that is not valid JSON (non-stream) or a data line that is not JSON (stream). */
  malformed?: boolean;
  /** Stream: stop after some chunks without [DONE] but end cleanly; non-stream: half the JSON. */
  truncate?: boolean;
  /** Stream: destroy the socket after N data events. */
  cutAfterChunks?: number;
  /** In-stream error event under HTTP 200 after N data events. */
  streamError?: { afterChunks: number; message?: string; code?: number };
  /** Delay between stream events. */
  chunkDelayMs?: number;
}

export interface SimulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** providerId -> the only accepted key. Default: any non-empty key is accepted unless it contains 'bad'. */
  keys?: Record<string, string>;
}

/** A provider's model list as served: `GET /models` answers `body`; chat answers 404 model-not-found for other ids. */
export interface ServedModelList {
  body: string;
  ids: ReadonlySet<string>;
}

export interface RecordedRequest {
  provider: string;
  method: string;
  path: string;
  /** Auth header values are redacted to '***'. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined. */
  body: unknown;
  /** The body text exactly as received, where the simulator keeps it (Anthropic's, for pass-through checks). */
  raw?: string;
  /** Date.now() when the request body was complete. */
  at: number;
}

export interface Simulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The base URL to give a client for that provider. */
  baseUrl(provider: string): string;
  /** The next requests to that provider consume these faults in order. */
  enqueue(provider: string, ...faults: Fault[]): void;
  /** Applies to every request to that provider while set (after the queue). */
  setDefault(provider: string, fault: Fault | null): void;
  /**
   * Serve this model list for the provider (a real snapshot, e.g. OpenRouter's), and refuse chat for ids not on it,
   * as the real provider does; null goes back to the built-in list, where every model answers.
   */
  setModelList(provider: string, list: ServedModelList | null): void;
  /** Clear queues, defaults and request records. */
  reset(): void;
  /** What was received, oldest first (the last 1000 requests). */
  requests(provider?: string): RecordedRequest[];
  close(): Promise<void>;
}
