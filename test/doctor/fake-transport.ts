import type { Transport, WireRequest, WireResponse } from '../../src/dialects/types.js';

/** What a scripted upstream answers: a status and body, an error to throw, or nothing at all (a hang). */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | { throws: Error } | 'hang';

export interface Sent {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export function wireResponse(status: number, body = '', headers: Record<string, string> = {}): WireResponse {
  const bytes = new TextEncoder().encode(body);
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: {
      async *[Symbol.asyncIterator]() {
        if (bytes.byteLength) yield bytes;
      },
      text: async () => body,
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    },
  };
}

/** A transport that records every request and answers from a script; no network. */
export class FakeTransport implements Transport {
  readonly sent: Sent[] = [];
  constructor(public answer: (request: Sent) => Answer = () => ({ status: 200, body: '{}' })) {}

  async send(request: WireRequest, signal: AbortSignal): Promise<WireResponse> {
    const body = request.body === undefined ? '' : typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
    const sent: Sent = { origin: request.origin, path: request.path, method: request.method, headers: { ...request.headers }, body };
    this.sent.push(sent);
    const answer = this.answer(sent);
    if (answer === 'hang') {
      // Like a socket that never answers: only the abort ends it.
      return new Promise<WireResponse>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if ('throws' in answer) throw answer.throws;
    return wireResponse(answer.status, answer.body ?? '', answer.headers);
  }

  /** Requests to one provider's fake host (`http://<id>.probe.test`). */
  to(provider: string): Sent[] {
    return this.sent.filter((s) => s.origin === `http://${provider}.probe.test`);
  }
}
