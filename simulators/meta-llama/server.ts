/**
 * Meta's Llama API (native) on loopback:
 *   POST /v1/chat/completions   Bearer key; a stream needs `Accept: text/event-stream` (400 without it)
 *   GET  /v1/models
 * Unknown request fields are refused with 400 (U: a guess that keeps the dialect from sending OpenAI-only fields).
 */
import type { Fault } from '../openai-compatible/types.js';
import { computeAnswer } from '../openai-compatible/answer.js';
import { type DialectSimulator, type LoopbackOptions, type SimRequest, applyEarlyFaults, sendJson, startLoopbackSimulator } from '../loopback-kit/server.js';
import { writeStream } from '../loopback-kit/sse-writer.js';
import { llamaError, type LlamaErrorReply } from './errors.js';
import { MALFORMED_FRAME, completionBody, streamErrorFrame, streamFrames } from './wire.js';

export interface MetaLlamaSimulatorOptions extends LoopbackOptions {
  /** The only accepted key. Default: any non-empty key without 'bad' in it. */
  key?: string;
}

export type MetaLlamaSimulator = DialectSimulator<Fault>;

/** The request fields of the native chat endpoint (llama-api-client's CompletionCreateParams). */
const KNOWN_FIELDS = new Set(['model', 'messages', 'max_completion_tokens', 'repetition_penalty', 'response_format', 'stream', 'temperature', 'tool_choice', 'tools', 'top_k', 'top_p']);
const MODELS = ['Llama-4-Maverick-17B-128E-Instruct-FP8', 'Llama-4-Scout-17B-16E-Instruct-FP8', 'Llama-3.3-70B-Instruct', 'Llama-3.3-8B-Instruct'];

function reply(r: SimRequest, e: LlamaErrorReply, extra?: Record<string, string>): void {
  sendJson(r.res, e.status, e.body, { ...e.headers, ...extra });
}

function bearer(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string' || !value.toLowerCase().startsWith('bearer ')) return undefined;
  const key = value.slice(7).trim();
  return key === '' ? undefined : key;
}

export async function startMetaLlamaSimulator(opts: MetaLlamaSimulatorOptions = {}): Promise<MetaLlamaSimulator> {
  let counter = 0;
  return startLoopbackSimulator<Fault>(opts, 'meta', '/v1', async (r, state) => {
    const chat = r.path === '/v1/chat/completions';
    if (!chat && r.path !== '/v1/models') return reply(r, llamaError(404, 'invalid_request', '', `Unknown path ${r.path}`));
    if (r.method !== (chat ? 'POST' : 'GET')) return reply(r, llamaError(405, 'invalid_request', '', `Method ${r.method} not allowed`));
    state.recorder.add('meta', r.method, r.path, r.req.headers, r.body);
    const rec = (r.body && typeof r.body === 'object' && !Array.isArray(r.body) ? r.body : {}) as Record<string, unknown>;
    const model = typeof rec.model === 'string' ? rec.model : '';

    const fault = state.takeFault(r.req);
    if (fault instanceof Error) return sendJson(r.res, 400, JSON.stringify({ error: { message: fault.message, type: 'simulator_error' } }));
    if (await applyEarlyFaults(r, fault, state)) return;
    if (fault?.status !== undefined || fault?.errorCode !== undefined) return reply(r, llamaError(fault.status, fault.errorCode, model), fault.headers);

    const key = bearer(r.req.headers.authorization);
    if (key === undefined || (opts.key !== undefined ? key !== opts.key : key.includes('bad'))) {
      return reply(r, llamaError(401, key === undefined ? 'missing_api_key' : 'invalid_api_key', model));
    }
    if (!chat) return sendJson(r.res, 200, JSON.stringify({ data: MODELS.map((id) => ({ id, object: 'model', created: 1744000000, owned_by: 'Meta' })) }));
    if (r.badJson || !r.body || typeof r.body !== 'object') return reply(r, llamaError(400, 'invalid_request', model, 'The request body is not valid JSON.'));
    const unknown = Object.keys(rec).filter((k) => !KNOWN_FIELDS.has(k));
    if (unknown.length) return reply(r, llamaError(400, 'invalid_request', model, `Unrecognized request argument(s): ${unknown.join(', ')}`));
    if (model === '') return reply(r, llamaError(400, 'invalid_request', model, 'model is required'));
    if (!Array.isArray(rec.messages) || rec.messages.length === 0) return reply(r, llamaError(400, 'invalid_request', model, 'messages must be a non-empty list'));
    if (model.includes('does-not-exist')) return reply(r, llamaError(404, 'model_not_found', model));
    const accept = r.req.headers.accept ?? '';
    if (rec.stream === true && !accept.includes('text/event-stream')) {
      return reply(r, llamaError(400, 'invalid_request', model, "A streaming request must send the header 'Accept: text/event-stream'."));
    }

    const n = ++counter;
    const ctx = {
      id: `sim-llama-${n.toString(36).padStart(6, '0')}`,
      answer: computeAnswer('meta', rec, false),
      toolId: `call_sim${n.toString(36).padStart(6, '0')}`,
    };
    const headers = { 'x-request-id': ctx.id, ...fault?.headers };
    if (rec.stream === true) {
      return writeStream(r.res, {
        frames: streamFrames(ctx),
        counts: () => true,
        errorFrame: streamErrorFrame,
        malformedFrame: MALFORMED_FRAME,
        headers,
      }, fault, state.timers);
    }
    let body = JSON.stringify(completionBody(ctx));
    if (fault?.malformed) body = `{"id": "${ctx.id}", "completion_message": {oops}`;
    else if (fault?.truncate) body = body.slice(0, Math.floor(body.length / 2));
    sendJson(r.res, 200, body, headers);
  });
}
