/**
 * A loopback server that speaks Anthropic's Messages API: `POST /v1/messages` (whole and SSE),
 * `POST /v1/messages/count_tokens`,
 * `GET /v1/models`, `x-api-key` auth, the `anthropic-version` header, Anthropic's error bodies and headers,
 * and the faults of the OpenAI-dialect simulator. `/__sim/*` is the control plane for other processes.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { PROVIDER_ID, type AnthropicSimulator, type AnthropicSimulatorOptions, type Fault } from './types.js';
import { FaultBook, parseFaultHeader } from '../openai-compatible/faults.js';
import { Recorder } from '../openai-compatible/recorder.js';
import { Timers } from '../openai-compatible/respond.js';
import { badRequest, errorReply, requestId } from './errors.js';
import { validateRequest } from './validate.js';
import { computeAnswer } from './answer.js';
import { messageBody, messageId, toolUseId, type ReplyCtx } from './message.js';
import { streamFrames } from './stream.js';
import { sendJson, sendMessage, sendReply, writeStream } from './write.js';
import { listenLoopback, resetSocket } from '../loopback-kit/net.js';

const MODELS = ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-sonnet-4-20250514', 'claude-haiku-4-5-20251001'];
const MODEL_LIST = JSON.stringify({
  data: MODELS.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-05-14T00:00:00Z' })),
  has_more: false, first_id: MODELS[0], last_id: MODELS[MODELS.length - 1],
});

/** Headers of a successful answer (the rate-limit headers report room left). */
function successHeaders(fault: Fault | undefined): Record<string, string> {
  const h: Record<string, string> = {
    'request-id': requestId(),
    'anthropic-organization-id': '5e1a0000-0000-4000-8000-000000000001',
    'anthropic-ratelimit-requests-limit': '50',
    'anthropic-ratelimit-requests-remaining': '49',
    'anthropic-ratelimit-requests-reset': new Date(Date.now() + 1200).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  return fault?.headers ? { ...h, ...fault.headers } : h;
}

/**
 * The key: `x-api-key` (the documented header, what the gateway sends) or `Authorization: Bearer <key>`
 * (what the official TypeScript SDK 1.x sends for an API key).
 */
function presentedKey(req: IncomingMessage): string | undefined {
  const key = req.headers['x-api-key'];
  if (typeof key === 'string' && key !== '') return key;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+\S/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

export async function startAnthropicSimulator(opts: AnthropicSimulatorOptions = {}): Promise<AnthropicSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const book = new FaultBook();
  const recorder = new Recorder(1000);
  const timers = new Timers();
  let counter = 0;
  let closed = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    if (path.startsWith('/__sim/')) return control(res, method, path, q < 0 ? '' : url.slice(q + 1), raw);
    const isCount = path === '/v1/messages/count_tokens';
    const isChat = path === '/v1/messages' || isCount;
    if (!isChat && path !== '/v1/models') return sendReply(res, errorReply(404, 'invalid_request', '', 'Not Found'));
    if (method !== (isChat ? 'POST' : 'GET')) return sendReply(res, errorReply(405, 'invalid_request', '', `Method Not Allowed: ${method} ${path}`));

    let body: Record<string, unknown> | undefined;
    let badJson = false;
    if (raw !== '') {
      try {
        const parsed = JSON.parse(raw) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
        else badJson = true;
      } catch {
        badJson = true;
      }
    }
    recorder.add(PROVIDER_ID, method, path, req.headers, body, raw);
    const model = typeof body?.model === 'string' ? body.model : '';

    const fromHeader = parseFaultHeader(req.headers['x-sim-fault']);
    if (fromHeader instanceof Error) return sendJson(res, 400, JSON.stringify({ type: 'error', error: { type: 'simulator_error', message: fromHeader.message } }));
    const fault = fromHeader ?? book.take(PROVIDER_ID);
    if (fault) {
      if (fault.reset) {
        resetSocket(req);
        return;
      }
      if (fault.hang) return; // never answered; the socket closes when the client gives up (or on close())
      if ((fault.latencyMs ?? 0) > 0) {
        await timers.sleep(fault.latencyMs!);
        if (closed || res.destroyed) return;
      }
      if (fault.body !== undefined) return sendJson(res, fault.status ?? 200, fault.body, fault.headers);
      if (fault.status !== undefined || fault.errorCode !== undefined) {
        return sendReply(res, errorReply(fault.status, fault.errorCode, model || MODELS[0]!), fault.headers);
      }
    }

    const presented = presentedKey(req);
    if (presented === undefined || (opts.key !== undefined ? presented !== opts.key : presented.includes('bad'))) {
      return sendReply(res, errorReply(401, presented === undefined ? 'missing_api_key' : 'invalid_api_key', model), fault?.headers);
    }
    if (!isChat) return sendJson(res, 200, MODEL_LIST, successHeaders(fault));
    if (!req.headers['anthropic-version']) return sendReply(res, badRequest('anthropic-version: header is required', model));
    if (badJson || !body) return sendReply(res, badRequest('There was an issue with the formatting or content of your request. The request body is not valid JSON.', model));
    const invalid = validateRequest(body, isCount);
    if (invalid) return sendReply(res, badRequest(invalid, model));
    if (model.includes('does-not-exist')) return sendReply(res, errorReply(undefined, 'model_not_found', model));
    // The count is the input count a message would report (words of the system text, messages and tool results).
    if (isCount) return sendJson(res, 200, JSON.stringify({ input_tokens: computeAnswer(body, model).inputTokens }), successHeaders(fault));

    const n = ++counter;
    const ctx: ReplyCtx = { id: messageId(n), model, answer: computeAnswer(body, model), toolId: toolUseId(n) };
    const headers = successHeaders(fault);
    if (body.stream === true) return writeStream(res, streamFrames(ctx), headers, fault, timers);
    sendMessage(res, JSON.stringify(messageBody(ctx)), headers, fault);
  }

  /** POST /__sim/enqueue {faults}, POST /__sim/default {fault}, POST /__sim/reset, GET /__sim/requests, GET /__sim/health. */
  function control(res: ServerResponse, method: string, path: string, _query: string, raw: string): void {
    let body: Record<string, unknown> = {};
    try {
      if (raw.trim() !== '') body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, JSON.stringify({ error: { message: 'body is not valid JSON' } }));
    }
    const ok = (extra: Record<string, unknown> = {}) => sendJson(res, 200, JSON.stringify({ ok: true, ...extra }));
    if (method === 'GET' && path === '/__sim/health') return ok({ providers: [PROVIDER_ID] });
    if (method === 'GET' && path === '/__sim/requests') return sendJson(res, 200, JSON.stringify({ requests: recorder.list() }));
    if (method === 'POST' && path === '/__sim/enqueue' && Array.isArray(body.faults)) {
      book.enqueue(PROVIDER_ID, body.faults as Fault[]);
      return ok({ queued: body.faults.length });
    }
    if (method === 'POST' && path === '/__sim/default') {
      book.setDefault(PROVIDER_ID, (body.fault ?? null) as Fault | null);
      return ok();
    }
    if (method === 'POST' && path === '/__sim/reset') {
      book.reset();
      recorder.clear();
      return ok();
    }
    sendJson(res, 404, JSON.stringify({ error: { message: `unknown control route ${method} ${path}` } }));
  }

  const server = http.createServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, JSON.stringify({ type: 'error', error: { type: 'api_error', message: `simulator failure: ${String(err)}` } }));
      else res.destroy();
    });
  });
  const url = await listenLoopback(server, opts.port, host);

  return {
    url,
    baseUrl: url,
    enqueue(first, ...faults) {
      book.enqueue(PROVIDER_ID, typeof first === 'string' ? faults : [first, ...faults]);
    },
    setDefault(first, fault) {
      book.setDefault(PROVIDER_ID, typeof first === 'string' ? fault ?? null : first);
    },
    reset() {
      book.reset();
      recorder.clear();
    },
    requests: (provider) => (provider === undefined || provider === PROVIDER_ID ? recorder.list(PROVIDER_ID) : []),
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
