/** The fault queue, default and server lifecycle every speech simulator shares. */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault } from '../openai-compatible/types.js';
import { FaultBook, parseFaultHeader } from '../openai-compatible/faults.js';
import { Timers } from '../openai-compatible/respond.js';
import { SpeechRecorder } from './recorder.js';
import type { SpeechSimulator } from './types.js';
import { resetSocket } from '../loopback-kit/net.js';

export interface SpeechServerParts {
  book: FaultBook;
  recorder: SpeechRecorder;
  timers: Timers;
  isClosed(): boolean;
}

/** The fault for this request: the `x-sim-fault` header, else the queue, else the default (an Error for a bad header). */
export function takeFault(parts: SpeechServerParts, provider: string, req: IncomingMessage): Fault | Error | undefined {
  return parseFaultHeader(req.headers['x-sim-fault']) ?? parts.book.take(provider);
}

/** Applies reset, hang and latency; true when the request is finished (or must stay unanswered). */
export async function applyTransportFault(parts: SpeechServerParts, fault: Fault | undefined, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (!fault) return false;
  if (fault.reset) {
    resetSocket(req);
    return true;
  }
  if (fault.hang) return true; // never answered; the socket closes when the client gives up (or on close())
  if ((fault.latencyMs ?? 0) > 0) {
    await parts.timers.sleep(fault.latencyMs!);
    if (parts.isClosed() || res.destroyed || req.socket.destroyed) return true;
  }
  return false;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Starts the loopback server for one simulated provider and returns its control surface.
 * `handle` answers every request; a throw becomes a 500 (or a cut connection once the body started).
 */
export async function startSpeechServer(
  provider: string,
  host: string,
  port: number,
  basePath: string,
  handle: (parts: SpeechServerParts, req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<SpeechSimulator> {
  let closed = false;
  const parts: SpeechServerParts = { book: new FaultBook(), recorder: new SpeechRecorder(1000), timers: new Timers(), isClosed: () => closed };
  const server = http.createServer({ noDelay: true }, (req, res) => {
    handle(parts, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, JSON.stringify({ detail: { status: 'simulator_error', message: String(err) } }));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;

  /** Accepts an optional leading provider id, which must be this simulator's. */
  const withoutProvider = (args: ReadonlyArray<string | Fault | null>): Array<Fault | null> => {
    if (typeof args[0] !== 'string') return args as Array<Fault | null>;
    if (args[0] !== provider) throw new Error(`this simulator serves '${provider}', not '${args[0]}'`);
    return args.slice(1) as Array<Fault | null>;
  };
  return {
    url,
    baseUrl: url + basePath,
    enqueue: (...args: Array<string | Fault>) => parts.book.enqueue(provider, withoutProvider(args).filter((f): f is Fault => f !== null)),
    setDefault: (...args: Array<string | Fault | null>) => parts.book.setDefault(provider, withoutProvider(args)[0] ?? null),
    reset: () => {
      parts.book.reset();
      parts.recorder.clear();
    },
    requests: (p?: string) => (p === undefined || p === provider ? parts.recorder.list(provider) : []),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        parts.timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  } as SpeechSimulator;
}
