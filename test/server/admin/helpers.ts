/** Raw HTTP (exact paths, no URL normalisation) and a server-sent-event reader for the admin and dashboard tests. */
import { request, type IncomingHttpHeaders, type IncomingMessage, type ClientRequest } from 'node:http';
import assert from 'node:assert/strict';

export interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** Sends the path exactly as given (fetch would resolve `..`). */
export function raw(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** An OpenAI-format error body with this status. */
export function assertOpenAIError(res: Raw, status: number, messagePattern?: RegExp): { message: string; type: string; code: string | null } {
  assert.equal(res.status, status, res.body);
  assert.match(String(res.headers['content-type']), /application\/json/);
  const body = res.json<{ error: { message: string; type: string; param: string | null; code: string | null } }>();
  assert.equal(typeof body.error.message, 'string');
  assert.equal(typeof body.error.type, 'string');
  assert.ok('param' in body.error && 'code' in body.error, 'OpenAI error bodies carry param and code');
  if (messagePattern) assert.match(body.error.message, messagePattern);
  return body.error;
}

export interface SseEvent {
  event: string;
  data: string;
}

/** Reads a server-sent event stream: events, comments (heartbeats), and waits for either. */
export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: IncomingHttpHeaders = {};
  ended = false;
  #buffer = '';
  #req: ClientRequest | undefined;
  #res: IncomingMessage | undefined;
  #waiters: Array<() => void> = [];

  static open(base: string, path: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const reader = new SseReader();
    const url = new URL(base);
    return new Promise((resolve, reject) => {
      reader.#req = request({ host: url.hostname, port: url.port, path, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        reader.#res = res;
        reader.status = res.statusCode ?? 0;
        reader.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (text: string) => reader.#feed(text));
        res.on('end', () => { reader.ended = true; reader.#wake(); });
        res.on('error', () => { reader.ended = true; reader.#wake(); });
        resolve(reader);
      });
      reader.#req.on('error', reject);
      reader.#req.end();
    });
  }

  /** Resolves with the first event (or comment, for `comment`) matching, waiting up to `ms`. */
  async waitFor(predicate: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.ended) throw new Error(`stream ended before the event; got: ${this.events.map((e) => e.event).join(', ')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${ms} ms; got: ${this.events.map((e) => `${e.event} ${e.data.slice(0, 80)}`).join(' | ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  async waitForComment(predicate: (c: string) => boolean, ms = 5000): Promise<string> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const found = this.comments.find(predicate);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('no matching comment line');
  }

  /** Waits for the server to end the stream. */
  async waitForEnd(ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the stream did not end');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.#res?.destroy();
    this.#req?.destroy();
  }

  #feed(text: string): void {
    this.#buffer += text;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) !== -1) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) this.events.push({ event, data: data.join('\n') });
    }
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Polls until the check passes (or throws its last error). */
export async function eventually(check: () => void | Promise<void>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
