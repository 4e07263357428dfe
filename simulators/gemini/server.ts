/**
 * A loopback Gemini API: `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent[?alt=sse]`,
 * `GET /v1beta/models` and `GET /v1beta/models/{model}`, keyed by `x-goog-api-key` (or `?key=`). A missing key
 * gets Google's 403 PERMISSION_DENIED, a wrong one (any key containing 'bad', or not the configured key) the
 * 400 API_KEY_INVALID. Faults are queued with enqueue/setDefault or sent per request in `x-sim-fault`.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Fault, GeminiSimulator, GeminiSimulatorOptions, RecordedRequest } from './types.js';
import { FaultBook, parseFaultHeader } from '../openai-compatible/faults.js';
import { Recorder } from '../openai-compatible/recorder.js';
import { Timers } from '../openai-compatible/respond.js';
import { JSON_TYPE, invalidArgument, rpcError, type Reply } from './errors.js';
import { validateGeminiRequest } from './validate.js';
import { geminiEmbedReply } from './embed.js';
import { computeGeminiAnswer } from './answer.js';
import { streamChunks, wholeResponse, type ResponseCtx } from './responses.js';
import { frames, responseHeaders, writeStream } from './stream-writer.js';
import { modelEntry, modelList } from './models.js';
import { listenLoopback, resetSocket } from '../loopback-kit/net.js';

const PROVIDER = 'google';
const CHAT = /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/;
const MODELS = /^\/(v1beta|v1|v1alpha)\/models(?:\/([^/:]+))?$/;

function send(res: ServerResponse, reply: Reply, extra?: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, ...extra, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

const json = (status: number, body: string): Reply => ({ status, headers: { 'content-type': JSON_TYPE }, body });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

function presentedKey(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = req.headers['x-goog-api-key'];
  const key = (typeof header === 'string' ? header : undefined) ?? query.get('key') ?? undefined;
  return key && key.trim() !== '' ? key.trim() : undefined;
}

export async function startGeminiSimulator(opts: GeminiSimulatorOptions = {}): Promise<GeminiSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const book = new FaultBook();
  const recorder = new Recorder(1000);
  const timers = new Timers();
  let counter = 0;
  let closed = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    const chat = CHAT.exec(url.pathname);
    const listing = chat ? null : MODELS.exec(url.pathname);
    if (!chat && !listing) return send(res, rpcError(404, 'invalid_request', '', `Requested entity was not found. (${method} ${url.pathname})`));
    if (method !== (chat ? 'POST' : 'GET')) return send(res, json(405, ''));
    const model = decodeURIComponent(chat ? chat[2]! : listing![2] ?? '');

    let body: unknown;
    let badJson = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    recorder.add(PROVIDER, method, url.pathname + url.search, req.headers, body);

    const fromHeader = parseFaultHeader(req.headers['x-sim-fault']);
    if (fromHeader instanceof Error) return send(res, invalidArgument(fromHeader.message));
    const fault = fromHeader ?? book.take(PROVIDER);
    const stream = chat?.[3] === 'streamGenerateContent';
    const sse = url.searchParams.get('alt') === 'sse';
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
      if (fault.body !== undefined) {
        // Replay: a stream request gets the body as the stream's bytes.
        const status = fault.status ?? 200;
        const type = status === 200 && stream ? responseHeaders(sse)['content-type']! : JSON_TYPE;
        return send(res, { status, headers: { 'content-type': type }, body: fault.body }, fault.headers);
      }
      if (fault.status !== undefined || fault.errorCode !== undefined) {
        return send(res, rpcError(fault.status, fault.errorCode, model || 'gemini-2.5-flash', undefined, presentedKey(req, url.searchParams)), fault.headers);
      }
    }

    const key = presentedKey(req, url.searchParams);
    if (key === undefined) return send(res, rpcError(undefined, 'missing_api_key', model), fault?.headers);
    if (opts.key !== undefined ? key !== opts.key : key.includes('bad')) return send(res, rpcError(undefined, 'invalid_api_key', model), fault?.headers);

    if (listing) {
      if (!model) return send(res, json(200, modelList()), fault?.headers);
      const entry = modelEntry(model);
      return send(res, entry ? json(200, entry) : rpcError(undefined, 'model_not_found', model), fault?.headers);
    }
    if (badJson || typeof body !== 'object' || body === null || Array.isArray(body)) {
      return send(res, invalidArgument(badJson ? `Invalid JSON payload received. Unexpected token.\n${raw.slice(0, 40)}\n^` : '* GenerateContentRequest.contents: contents is not specified\n'));
    }
    const request = body as Record<string, unknown>;
    if (chat![3] === 'embedContent' || chat![3] === 'batchEmbedContents') return send(res, geminiEmbedReply(model, chat![3]!, request), fault?.headers);
    const problem = validateGeminiRequest(request, model);
    if (problem) return send(res, invalidArgument(problem));
    if (model.includes('does-not-exist')) return send(res, rpcError(undefined, 'model_not_found', model));

    const n = ++counter;
    const config = (request.generationConfig ?? {}) as Record<string, unknown>;
    const ctx: ResponseCtx = {
      model,
      responseId: `sim${n.toString(36).padStart(6, '0')}${Date.now().toString(36)}`,
      answer: computeGeminiAnswer(model, request),
      candidates: typeof config.candidateCount === 'number' && config.candidateCount > 1 ? Math.min(8, config.candidateCount) : 1,
    };
    if (stream) return writeStream(res, frames(streamChunks(ctx), sse), sse, fault?.headers ?? {}, fault, timers);
    if (fault?.malformed) return send(res, json(200, '{"candidates": [{"content": oops'), fault.headers);
    let text = JSON.stringify(wholeResponse(ctx));
    if (fault?.truncate) text = text.slice(0, Math.floor(text.length / 2));
    send(res, json(200, text), { ...responseHeaders(false), ...fault?.headers });
  }

  const server = http.createServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, rpcError(500, 'server_error', '', `simulator failure: ${String(err)}`));
      else res.destroy();
    });
  });
  const url = await listenLoopback(server, opts.port, host);

  const faultsOf = (items: Array<Fault | string | null | undefined>): Fault[] => items.filter((f): f is Fault => typeof f === 'object' && f !== null);

  return {
    url,
    baseUrl: url,
    enqueue: (...faults) => book.enqueue(PROVIDER, faultsOf(faults)),
    setDefault: (first, fault) => book.setDefault(PROVIDER, typeof first === 'string' ? fault ?? null : first),
    reset: () => {
      book.reset();
      recorder.clear();
    },
    requests: () => recorder.list(PROVIDER).map(redact),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The shared recorder redacts the usual auth headers; Google's header and query parameter are redacted here. */
function redact(request: RecordedRequest): RecordedRequest {
  const headers = { ...request.headers };
  if (headers['x-goog-api-key'] !== undefined) headers['x-goog-api-key'] = '***';
  return { ...request, headers, path: request.path.replace(/([?&]key=)[^&]*/, '$1***') };
}
