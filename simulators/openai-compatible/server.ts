/**
 * The loopback HTTP server: routing, auth, fault selection and dispatch to the
 * reply writers. The success path does no logging and only cheap bookkeeping.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Fault, ServedModelList, Simulator, SimulatorOptions } from './types.js';
import { PROVIDER_BY_ID, ROUTES, completionId, toolCallId, type ProviderSpec } from './providers.js';
import { authError, badRequest, errorReply, modelNotFound, rateLimitHeaders } from './errors.js';
import { FaultBook, parseFaultHeader } from './faults.js';
import { Recorder } from './recorder.js';
import { MODEL_LISTS } from './models.js';
import { computeAnswer } from './answer.js';
import { validateMistral } from './mistral.js';
import { embeddingsReply } from './embeddings.js';
import { streamFrames } from './stream.js';
import type { ReplyCtx } from './completion.js';
import { Timers, sendCompletion, sendJson, sendReply, writeStream } from './respond.js';
import { handleControl } from './control.js';
import { ResponseMemory, answerResponses } from './responses.js';
import { listenLoopback, resetSocket } from '../loopback-kit/net.js';

const OPENAI_HEADERS = {
  'openai-version': '2020-10-01', 'openai-processing-ms': '1',
  'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-reset-requests': '120ms',
  'x-ratelimit-limit-tokens': '30000', 'x-ratelimit-remaining-tokens': '29990', 'x-ratelimit-reset-tokens': '20ms',
};
const GROQ_HEADERS = {
  'x-groq-region': 'sim',
  'x-ratelimit-limit-requests': '14400', 'x-ratelimit-remaining-requests': '14399', 'x-ratelimit-reset-requests': '6s',
  'x-ratelimit-limit-tokens': '6000', 'x-ratelimit-remaining-tokens': '5990', 'x-ratelimit-reset-tokens': '100ms',
};

function successHeaders(spec: ProviderSpec, id: string, fault: Fault | undefined): Record<string, string> {
  let h: Record<string, string>;
  if (spec.id === 'openai') h = { ...OPENAI_HEADERS, 'x-request-id': 'req_' + id };
  else if (spec.id === 'groq') h = { ...GROQ_HEADERS, 'x-request-id': 'req_' + id };
  else if (spec.id === 'openrouter') h = { 'X-Generation-Id': id };
  else h = {};
  return fault?.headers ? { ...h, ...fault.headers } : h;
}

function presentedKey(spec: ProviderSpec, headers: IncomingHttpHeaders): string | undefined {
  if (spec.subscriptionKey) {
    const k = headers['api-subscription-key'];
    if (typeof k === 'string' && k !== '') return k;
  }
  const a = headers.authorization;
  if (typeof a !== 'string' || a.length <= 7 || a.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const key = a.slice(7).trim();
  return key === '' ? undefined : key;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 0 ? '' : chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const keys = opts.keys ?? {};
  const book = new FaultBook();
  const recorder = new Recorder(1000);
  const timers = new Timers();
  const responses = new ResponseMemory();
  let counter = 0;
  let closed = false;
  const servedLists = new Map<string, ServedModelList>();

  const known = (p: string): ProviderSpec => {
    const s = PROVIDER_BY_ID.get(p);
    if (!s) throw new Error(`unknown simulated provider '${p}'`);
    return s;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const raw = await readBody(req);
    if (path.startsWith('/__sim/')) return handleControl(sim, req, res, path, q < 0 ? '' : url.slice(q + 1), raw);
    const method = req.method ?? 'GET';
    const route = ROUTES.get(path);
    if (!route) {
      return sendJson(res, 404, JSON.stringify({ error: { message: `Unknown request URL: ${method} ${path}. (simulator)`, type: 'invalid_request_error', param: null, code: 'unknown_url' } }));
    }
    const spec = route.spec;
    if (method !== (route.kind === 'models' ? 'GET' : 'POST')) {
      return sendJson(res, 405, JSON.stringify({ error: { message: `Method ${method} not allowed on ${path}`, type: 'invalid_request_error' } }));
    }
    let body: unknown;
    let badJson = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    recorder.add(spec.id, method, path, req.headers, body);
    const rec = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const model = typeof rec.model === 'string' ? rec.model : '';

    const fromHeader = parseFaultHeader(req.headers['x-sim-fault']);
    if (fromHeader instanceof Error) return sendJson(res, 400, JSON.stringify({ error: { message: fromHeader.message, type: 'simulator_error' } }));
    const fault = fromHeader ?? book.take(spec.id);
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
        const status = fault.status ?? 200;
        const extra = status === 429 ? { ...rateLimitHeaders(spec), ...fault.headers } : fault.headers;
        return sendJson(res, status, fault.body, extra);
      }
      if (fault.status !== undefined || fault.errorCode !== undefined) {
        return sendReply(res, errorReply(spec, fault.status, fault.errorCode, model || spec.models[0] || 'model'), fault.headers);
      }
    }

    // OpenRouter's model list is public; everything else needs the key.
    const served = servedLists.get(spec.id);
    if (route.kind === 'models' && spec.id === 'openrouter') return sendJson(res, 200, served?.body ?? MODEL_LISTS.get(spec.id)!, fault?.headers);
    const key = presentedKey(spec, req.headers);
    const expected = keys[spec.id];
    if (key === undefined || (expected !== undefined ? key !== expected : key.includes('bad'))) {
      return sendReply(res, authError(spec, key === undefined, model), fault?.headers);
    }
    if (route.kind === 'models') return sendJson(res, 200, served?.body ?? MODEL_LISTS.get(spec.id)!, fault?.headers);

    if (badJson || !body || typeof body !== 'object' || Array.isArray(body)) {
      return sendReply(res, badRequest(spec, 'We could not parse the JSON body of your request.', model));
    }
    if (route.kind === 'embeddings') return sendReply(res, embeddingsReply(spec, rec), successHeaders(spec, String(++counter), fault));
    if (spec.id === 'mistral') {
      const invalid = validateMistral(rec);
      if (invalid) return sendReply(res, invalid);
    }
    if (route.kind === 'responses') {
      const n = ++counter;
      const refused = answerResponses(res, { spec, n, created: Math.floor(Date.now() / 1000), body: rec, memory: responses }, successHeaders(spec, `resp_${n}`, fault), fault);
      if (refused) sendReply(res, refused);
      return;
    }
    if (model === '') return sendReply(res, badRequest(spec, 'you must provide a model parameter', ''));
    if (!Array.isArray(rec.messages) || rec.messages.length === 0) {
      return sendReply(res, badRequest(spec, "Invalid 'messages': empty array. Expected an array with minimum length 1.", model));
    }
    if (model.includes('does-not-exist') || (served && !served.ids.has(model))) return sendReply(res, modelNotFound(spec, model));

    const n = ++counter;
    const created = Math.floor(Date.now() / 1000);
    // OpenRouter reasons when asked (`reasoning_effort` or a `reasoning` object), for the models that can.
    const asked = spec.id === 'openrouter' && (typeof rec.reasoning_effort === 'string' || (typeof rec.reasoning === 'object' && rec.reasoning !== null));
    const answer = computeAnswer(spec.id, rec, spec.reasoningModels.includes(model) || asked);
    const so = rec.stream_options as { include_usage?: unknown } | undefined;
    const ctx: ReplyCtx = {
      spec, n, created, model, answer,
      id: completionId(spec, n, created),
      toolId: answer.toolCall ? toolCallId(spec, n, answer.toolCall.name) : '',
      includeUsage: !!so && so.include_usage === true,
    };
    const headers = successHeaders(spec, ctx.id, fault);
    if (rec.stream === true) return writeStream(res, ctx, streamFrames(ctx), headers, fault, timers);
    sendCompletion(res, ctx, headers, fault);
  }

  const server = http.createServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, JSON.stringify({ error: { message: `simulator failure: ${String(err)}`, type: 'simulator_error' } }));
      else res.destroy();
    });
  });
  const url = await listenLoopback(server, opts.port, host);

  const sim: Simulator = {
    url,
    baseUrl: (provider) => url + known(provider).base,
    enqueue: (provider, ...faults) => book.enqueue(known(provider).id, faults),
    setDefault: (provider, fault) => book.setDefault(known(provider).id, fault),
    setModelList: (provider, list) => {
      if (list) servedLists.set(known(provider).id, list);
      else servedLists.delete(known(provider).id);
    },
    reset: () => {
      book.reset();
      recorder.clear();
    },
    requests: (provider) => recorder.list(provider),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return sim;
}
