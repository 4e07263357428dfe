/** The last requests a speech simulator received, query included, with credentials replaced by '***'. */
import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest } from '../openai-compatible/types.js';

export interface SpeechRecordedRequest extends RecordedRequest {
  /** The query string, parsed (ElevenLabs puts output_format there). */
  query: Record<string, string>;
}

const SECRET = new Set(['authorization', 'xi-api-key', 'api-key', 'x-api-key']);

export class SpeechRecorder {
  private buf: SpeechRecordedRequest[] = [];

  constructor(private readonly capacity = 1000) {}

  add(provider: string, method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: unknown): void {
    const safe: Record<string, string | string[] | undefined> = {};
    for (const [k, v] of Object.entries(headers)) safe[k] = SECRET.has(k) ? '***' : v;
    if (this.buf.length >= this.capacity) this.buf.shift();
    this.buf.push({ provider, method, path, query: Object.fromEntries(query), headers: safe, body, at: Date.now() });
  }

  clear(): void {
    this.buf = [];
  }

  list(provider?: string): SpeechRecordedRequest[] {
    return provider === undefined ? [...this.buf] : this.buf.filter((r) => r.provider === provider);
  }
}
