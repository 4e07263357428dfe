/**
 * A loopback server speaking Cohere's v2 chat API: POST /v2/chat (whole and SSE), GET /v1/models,
 * Bearer auth, `{id, message}` error bodies, and the shared faults (queue, default, `x-sim-fault` header).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { FaultBook, parseFaultHeader } from '../openai-compatible/faults.js';
import { Recorder } from '../openai-compatible/recorder.js';
import { Timers } from '../openai-compatible/respond.js';
import type { CohereFault, CohereSimulator, CohereSimulatorOptions } from './types.js';
import { badKey, errorReply, faultReply, invalidRequest, missingKey, modelNotFound, type CohereErrorReply } from './errors.js';
import { validateChatBody } from './validate.js';
import { completionBody, replyFor, streamEvents } from './reply.js';
import { cohereHeaders, sendBody, sendJson, writeStream } from './write.js';
import { MODELS_BODY } from './models.js';
import { cohereEmbedReply } from './embed.js';
import { listenLoopback, resetSocket } from '../loopback-kit/net.js';

const PROVIDER = 'cohere';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

/** The Bearer token, or undefined when there is none (Cohere accepts any case of "bearer"). */
function presentedKey(req: IncomingMessage): string | undefined {
  const a = req.headers.authorization;
  if (typeof a !== 'string' || a.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const key = a.slice(7).trim();
  return key === '' ? undefined : key;
}

export async function startCohereSimulator(opts: CohereSimulatorOptions = {}): Promise<CohereSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const book = new FaultBook();
  const recorder = new Recorder(1000);
  const timers = new Timers();
  let counter = 0;
  let closed = false;

  const reply = (res: ServerResponse, r: CohereErrorReply, headers: Record<string, string>) => sendJson(res, r.status, r.body, headers);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const path = url.split('?', 1)[0]!;
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const embed = path === '/v2/embed';
    const chat = path === '/v2/chat' || embed;
    if (!chat && path !== '/v1/models') return reply(res, errorReply(404, '404 page not found'), {});
    if (method !== (chat ? 'POST' : 'GET')) return reply(res, errorReply(405, `method ${method} not allowed`), {});

    let body: unknown;
    let badJson = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    recorder.add(PROVIDER, method, path, req.headers, body);
    const rec = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const model = typeof rec.model === 'string' ? rec.model : '';
    const n = ++counter;
    const headers = cohereHeaders(n.toString(16).padStart(32, '0'));

    const fromHeader = parseFaultHeader(req.headers['x-sim-fault']);
    if (fromHeader instanceof Error) return reply(res, errorReply(400, fromHeader.message), headers);
    const fault: CohereFault | undefined = fromHeader ?? book.take(PROVIDER);
    if (fault) {
      if (fault.reset) {
        resetSocket(req);
        return;
      }
      if (fault.hang) return; // never answered; the socket closes when the client gives up (or on close())
      if ((fault.latencyMs ?? 0) > 0) {
        await timers.sleep(fault.latencyMs!);
        if (closed || res.destroyed || req.socket.destroyed) return;
      }
      Object.assign(headers, fault.headers);
      if (fault.body !== undefined) return sendJson(res, fault.status ?? 200, fault.body, headers);
      if (fault.status !== undefined || fault.errorCode !== undefined) return reply(res, faultReply(fault.status, fault.errorCode, model || 'command-a-03-2025'), headers);
    }

    const key = presentedKey(req);
    if (key === undefined) return reply(res, missingKey(), headers);
    if (opts.key !== undefined ? key !== opts.key : key.includes('bad')) return reply(res, badKey(), headers);
    if (!chat) return sendJson(res, 200, MODELS_BODY, headers);

    if (badJson || !body || typeof body !== 'object' || Array.isArray(body)) {
      return reply(res, invalidRequest("invalid json syntax: invalid character 'o' looking for beginning of value"), headers);
    }
    if (embed) return reply(res, cohereEmbedReply(model, rec, true), headers);
    const invalid = validateChatBody(rec);
    if (invalid) return reply(res, invalid, headers);
    if (model.includes('does-not-exist')) return reply(res, modelNotFound(model), headers);

    const stream = rec.stream === true;
    if (fault?.events && stream) return writeStream(res, fault.events, headers, fault, timers);
    const ctx = replyFor(rec, n);
    if (stream) return writeStream(res, streamEvents(ctx), headers, fault, timers);
    sendBody(res, completionBody(ctx), headers, fault);
  }

  const server = http.createServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, JSON.stringify({ id: randomUUID(), message: `simulator failure: ${String(err)}` }));
      else res.destroy();
    });
  });
  const url = await listenLoopback(server, opts.port, host);

  /** Accepts an optional leading provider id, which must be 'cohere'. */
  const withoutProvider = (args: ReadonlyArray<string | CohereFault | null>): Array<CohereFault | null> => {
    if (typeof args[0] === 'string') {
      if (args[0] !== PROVIDER) throw new Error(`the Cohere simulator serves 'cohere', not '${args[0]}'`);
      return args.slice(1) as Array<CohereFault | null>;
    }
    return args as Array<CohereFault | null>;
  };

  return {
    url,
    baseUrl: url,
    enqueue: (...args: Array<string | CohereFault>) => book.enqueue(PROVIDER, withoutProvider(args).filter((f): f is CohereFault => f !== null)),
    setDefault: (...args: Array<string | CohereFault | null>) => book.setDefault(PROVIDER, withoutProvider(args)[0] ?? null),
    reset: () => {
      book.reset();
      recorder.clear();
    },
    requests: (provider?: string) => (provider === undefined || provider === PROVIDER ? recorder.list(PROVIDER) : []),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  } as CohereSimulator;
}
