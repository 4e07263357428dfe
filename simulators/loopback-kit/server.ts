/**
 * The loopback HTTP plumbing the azure, meta-llama and replicate simulators share: listening on a free port,
 * reading bodies, JSON replies, fault selection (header, queue, default) and request recording.
 * The queue, header parsing and recorder are the OpenAI-compatible simulator's own, reused as they are.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLoopback, resetSocket } from './net.js';
import type { Fault, RecordedRequest } from '../openai-compatible/types.js';
import { FaultBook, parseFaultHeader } from '../openai-compatible/faults.js';
import { Recorder } from '../openai-compatible/recorder.js';
import { Timers } from '../openai-compatible/respond.js';

export interface LoopbackOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** What every simulator of this kit offers its tests. */
export interface DialectSimulator<F extends Fault = Fault> {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The base URL to give the gateway (`<ID>_BASE_URL`) or the provider's own client. */
  baseUrl: string;
  /** The next requests consume these faults in order. The provider id may be given first, as with the other simulators. */
  enqueue(providerOrFault: string | F, ...faults: F[]): void;
  /** Applies to every request while set (after the queue). */
  setDefault(providerOrFault: string | F | null, fault?: F | null): void;
  /** Clears queues, defaults and request records. */
  reset(): void;
  /** What was received, oldest first (the last 1000 requests). Auth headers read '***'. */
  requests(provider?: string): RecordedRequest[];
  close(): Promise<void>;
}

/** One parsed incoming request, handed to a simulator's router. */
export interface SimRequest {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  raw: string;
  /** Parsed JSON body; undefined when empty; `badJson` when it did not parse. */
  body: unknown;
  badJson: boolean;
}

export interface KitState<F extends Fault> {
  book: FaultBook;
  recorder: Recorder;
  timers: Timers;
  closed: boolean;
  /** The fault for this request: the `x-sim-fault` header, else the queue, else the default. */
  takeFault(req: IncomingMessage): F | Error | undefined;
}

export function sendJson(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Destroys the socket without an answer (a connection reset, as the `reset` fault asks). */

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 0 ? '' : Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

/**
 * Starts a loopback server whose requests go to `route`. `providerId` names the queue the faults live in;
 * `basePath` is appended to the URL to give `baseUrl`.
 */
export async function startLoopbackSimulator<F extends Fault>(
  opts: LoopbackOptions,
  providerId: string,
  basePath: string,
  route: (r: SimRequest, state: KitState<F>, url: string) => Promise<void>,
): Promise<DialectSimulator<F>> {
  const host = opts.host ?? '127.0.0.1';
  const book = new FaultBook();
  const state: KitState<F> = {
    book,
    recorder: new Recorder(1000),
    timers: new Timers(),
    closed: false,
    takeFault(req) {
      const fromHeader = parseFaultHeader(req.headers['x-sim-fault']);
      if (fromHeader !== undefined) return fromHeader as F | Error;
      return book.take(providerId) as F | undefined;
    },
  };
  let url = '';

  const server = http.createServer({ noDelay: true }, (req, res) => {
    void (async () => {
      const full = req.url ?? '/';
      const q = full.indexOf('?');
      const raw = await readBody(req);
      let body: unknown;
      let badJson = false;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          badJson = true;
        }
      }
      await route({
        req, res, raw, body, badJson,
        method: req.method ?? 'GET',
        path: q < 0 ? full : full.slice(0, q),
        query: new URLSearchParams(q < 0 ? '' : full.slice(q + 1)),
      }, state, url);
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, JSON.stringify({ error: { message: `simulator failure: ${String(err)}` } }));
      else res.destroy();
    });
  });
  url = await listenLoopback(server, opts.port, host);

  const split = (first: string | F | null, rest: (F | null | undefined)[]): (F | null)[] =>
    typeof first === 'string' ? rest.map((f) => f ?? null) : [first, ...rest.map((f) => f ?? null)];

  return {
    url,
    baseUrl: url + basePath,
    enqueue: (first, ...faults) => book.enqueue(providerId, split(first, faults).filter((f): f is F => f !== null)),
    setDefault: (first, fault) => book.setDefault(providerId, split(first, [fault])[0] ?? null),
    reset: () => {
      book.reset();
      state.recorder.clear();
    },
    requests: () => state.recorder.list(),
    close: () =>
      new Promise<void>((resolve) => {
        if (state.closed) return resolve();
        state.closed = true;
        state.timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Applies the faults that act before any answer: reset, hang, latency. Returns true when the request was
 * taken care of (the caller must not answer).
 */
export async function applyEarlyFaults(r: SimRequest, fault: Fault | undefined, state: KitState<Fault>): Promise<boolean> {
  if (!fault) return false;
  if (fault.reset) {
    resetSocket(r.req);
    return true;
  }
  if (fault.hang) return true;
  if ((fault.latencyMs ?? 0) > 0) {
    await state.timers.sleep(fault.latencyMs!);
    if (state.closed || r.res.destroyed || r.req.socket.destroyed) return true;
  }
  if (fault.body !== undefined) {
    sendJson(r.res, fault.status ?? 200, fault.body, fault.headers);
    return true;
  }
  return false;
}
