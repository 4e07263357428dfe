/**
 * One raw HTTP exchange with the gateway, with the misbehaviours a hostile client can add (aborting at a chosen
 * phase, reading slowly, oversized headers), and the judgement of what came back: an answer, a clean error, or a
 * problem (a broken answer, a dropped connection, a hang, a leaked key).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';

export type AbortPhase = 'upload' | 'headers' | 'first_chunk' | 'mid_stream';

export interface ExchangeSpec {
  path?: string;
  headers?: Record<string, string>;
  /** Sent as is (a string is not re-encoded); undefined sends no body. */
  body?: string | Buffer;
  abortAt?: AbortPhase;
  /** Pauses reading for this long, twice, once the answer starts (a slow reader). */
  slowReadMs?: number;
  /** The whole exchange must end within this (else it is a hang). */
  limitMs: number;
}

export interface ExchangeOutcome {
  /** The client hung up on purpose; nothing more is judged. */
  aborted: boolean;
  status?: number;
  requestId?: string;
  /** Response headers and body as text (bodies cut at 64 KB for the judgement, scanned whole for keys). */
  problem?: string;
  /** Headers and body that contained a secret, when one did. */
  leaked?: string;
  bytes: number;
}

/** Sends one request and judges the answer; never rejects. */
export function exchange(base: string, spec: ExchangeSpec, secrets: readonly string[]): Promise<ExchangeOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let bytes = 0;
    const finish = (outcome: ExchangeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(limit);
      resolve(outcome);
    };
    const headers: Record<string, string> = { 'content-type': 'application/json', ...spec.headers };
    const body = spec.body === undefined ? undefined : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body, 'utf8');
    if (body && spec.abortAt !== 'upload') headers['content-length'] = String(body.length);
    if (spec.abortAt === 'upload') headers['content-length'] = String((body?.length ?? 0) + 1000);
    const req = httpRequest(`${base}${spec.path ?? '/v1/chat/completions'}`, { method: 'POST', headers, agent: false });
    const limit = setTimeout(() => {
      req.destroy();
      finish({ aborted: false, problem: `no end within ${spec.limitMs} ms (hang)`, bytes });
    }, spec.limitMs);

    req.on('error', (error) => {
      if (spec.abortAt) return finish({ aborted: true, bytes });
      finish({ aborted: false, problem: `connection failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`, bytes });
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const requestId = headerText(res, 'x-wai-request-id');
      if (spec.abortAt === 'headers') {
        req.destroy();
        return finish({ aborted: true, status, ...(requestId ? { requestId } : {}), bytes });
      }
      const parts: Buffer[] = [];
      /** Past 4 MB only the last 64 KB are kept: a huge answer is judged by its ends. */
      let tail: Buffer | undefined;
      let cutMiddle = false;
      let events = 0;
      let pauses = spec.slowReadMs ? 2 : 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        // Whole bodies are kept for the judgement up to a bound; a huge answer is judged by its ends.
        if (bytes <= 4 * 1024 * 1024) parts.push(chunk);
        else {
          tail = tail ? Buffer.concat([tail, chunk]) : chunk;
          if (tail.length > 64 * 1024) tail = tail.subarray(tail.length - 64 * 1024);
          cutMiddle = true;
        }
        events++;
        if (spec.abortAt === 'first_chunk' || (spec.abortAt === 'mid_stream' && events >= 3)) {
          req.destroy();
          finish({ aborted: true, status, ...(requestId ? { requestId } : {}), bytes });
          return;
        }
        if (pauses > 0 && events % 2 === 1) {
          pauses--;
          res.pause();
          setTimeout(() => res.resume(), spec.slowReadMs);
        }
      });
      res.on('error', () => undefined);
      res.on('close', () => {
        if (settled) return;
        const text = Buffer.concat(tail ? [...parts, tail] : parts).toString('utf8');
        const headerDump = JSON.stringify(res.headers) + JSON.stringify(res.trailers ?? {});
        const leaked = secrets.find((s) => text.includes(s) || headerDump.includes(s));
        const problem = res.complete ? judge(status, res, text, cutMiddle) : `the gateway closed the answer before its end (status ${status}, ${bytes} bytes)`;
        finish({
          aborted: false, status, bytes,
          ...(requestId ? { requestId } : {}),
          ...(problem ? { problem } : {}),
          ...(leaked ? { leaked: `${leaked.slice(0, 12)}… in the answer to a ${status}` } : {}),
        });
      });
    });
    if (spec.abortAt === 'upload') {
      req.write(body?.subarray(0, Math.min(10, body.length)) ?? '');
      setTimeout(() => {
        req.destroy();
        finish({ aborted: true, bytes });
      }, 30);
      return;
    }
    req.end(body);
  });
}

function headerText(res: IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** An answer is whole JSON, or a stream that ends with [DONE] or with one error event; an error is OpenAI's shape. */
export function judge(status: number, res: IncomingMessage, text: string, cutMiddle = false): string | undefined {
  const type = headerText(res, 'content-type') ?? '';
  if (status === 431 || status === 400 && !type) return undefined; // Node's own answer to a request it cannot parse.
  if (status !== 200) {
    try {
      const body = JSON.parse(text) as { error?: { message?: unknown } };
      return typeof body.error?.message === 'string' ? undefined : `status ${status} without an OpenAI error body: ${text.slice(0, 120)}`;
    } catch {
      return `status ${status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 120))}`;
    }
  }
  if (type.startsWith('text/event-stream')) return judgeStream(text, cutMiddle);
  try {
    const body = JSON.parse(text) as { choices?: unknown };
    return Array.isArray(body.choices) ? undefined : `a 200 without choices: ${text.slice(0, 120)}`;
  } catch {
    if (cutMiddle) return undefined;
    return `a 200 whose body is not JSON (${text.length} bytes): ${JSON.stringify(text.slice(0, 80))}`;
  }
}

function judgeStream(text: string, cutMiddle: boolean): string | undefined {
  if (!text.endsWith('\n\n')) return `a stream that stops mid-event: …${JSON.stringify(text.slice(-80))}`;
  const events = text.split('\n\n').filter(Boolean);
  for (let i = 0; i < events.length; i++) {
    const data = events[i]!.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
    if (data === '') continue;
    const last = i === events.length - 1;
    if (data === '[DONE]') return last ? undefined : 'events after [DONE]';
    let parsed: { error?: unknown; choices?: unknown };
    try {
      parsed = JSON.parse(data) as typeof parsed;
    } catch {
      // A huge stream is judged by its ends: where its middle was cut out, events are split.
      if (cutMiddle) continue;
      return `a stream event that is not JSON: ${JSON.stringify(data.slice(0, 80))}`;
    }
    if (parsed.error !== undefined) return last ? undefined : 'events after an error event';
  }
  return 'a stream that ends with neither [DONE] nor an error event';
}
