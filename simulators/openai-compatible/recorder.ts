/** A cheap ring buffer of the last N requests; auth headers are redacted when read. */
import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest } from './types.js';

const SECRET_HEADERS = new Set(['authorization', 'api-subscription-key', 'x-api-key', 'api-key', 'proxy-authorization']);

interface Raw {
  provider: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  raw: string | undefined;
  at: number;
}

export class Recorder {
  private buf: Raw[] = [];
  private next = 0;

  constructor(private readonly capacity = 1000) {}

  /** O(1); keeps a reference to the request's own headers object (copied and redacted on read). */
  add(provider: string, method: string, path: string, headers: IncomingHttpHeaders, body: unknown, raw?: string): void {
    const r: Raw = { provider, method, path, headers, body, raw, at: Date.now() };
    if (this.buf.length < this.capacity) this.buf.push(r);
    else {
      this.buf[this.next] = r;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  clear(): void {
    this.buf = [];
    this.next = 0;
  }

  list(provider?: string): RecordedRequest[] {
    const ordered = this.buf.length < this.capacity ? this.buf : [...this.buf.slice(this.next), ...this.buf.slice(0, this.next)];
    const out: RecordedRequest[] = [];
    for (const r of ordered) {
      if (provider !== undefined && r.provider !== provider) continue;
      const headers: Record<string, string | string[] | undefined> = {};
      for (const [k, v] of Object.entries(r.headers)) headers[k] = SECRET_HEADERS.has(k) ? '***' : v;
      out.push({ provider: r.provider, method: r.method, path: r.path, headers, body: r.body, ...(r.raw !== undefined ? { raw: r.raw } : {}), at: r.at });
    }
    return out;
  }
}
