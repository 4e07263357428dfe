/**
 * Replicate's HTTP API on loopback:
 *   POST /v1/models/{owner}/{name}/predictions   {input, stream?}   (`Prefer: wait[=n]` answers once finished)
 *   POST /v1/predictions                         {version, input, stream?}
 *   GET  /v1/predictions/{id}                    POST /v1/predictions/{id}/cancel
 *   GET  /stream/v1/predictions/{id}             the prediction's SSE stream (`urls.stream`; no key needed)
 *   GET  /v1/account
 * Auth: `Authorization: Bearer <token>` (the legacy `Token <token>` also works).
 */
import { computeAnswer } from '../openai-compatible/answer.js';
import { type DialectSimulator, type LoopbackOptions, type SimRequest, applyEarlyFaults, sendJson, startLoopbackSimulator } from '../loopback-kit/server.js';
import { writeStream } from '../loopback-kit/sse-writer.js';
import { problem, type ProblemReply } from './errors.js';
import { readPrompt } from './prompt-reader.js';
import { type ReplicateFault, type SimPrediction, predictionJson } from './predictions.js';
import { streamPlan } from './stream.js';

export interface ReplicateSimulatorOptions extends LoopbackOptions {
  /** The only accepted token. Default: any non-empty token without 'bad' in it. */
  key?: string;
}

export type ReplicateSimulator = DialectSimulator<ReplicateFault>;

/** (U) Inputs of Replicate's Llama 3 models; Replicate refuses inputs outside a model's schema with 422. */
const LLAMA_INPUTS = new Set(['prompt', 'system_prompt', 'max_tokens', 'min_tokens', 'max_new_tokens', 'temperature', 'top_p', 'top_k', 'presence_penalty', 'frequency_penalty', 'stop_sequences', 'length_penalty', 'prompt_template', 'seed', 'log_performance_metrics']);
const MODEL_PATH = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/;
const PREDICTION_PATH = /^\/v1\/predictions\/([a-z0-9]+)(\/cancel)?$/;
const STREAM_PATH = /^\/stream\/v1\/predictions\/([a-z0-9]+)$/;

function reply(r: SimRequest, e: ProblemReply, extra?: Record<string, string>): void {
  sendJson(r.res, e.status, e.body, { ...e.headers, ...extra });
}

function token(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(?:bearer|token) +(.+)$/i.exec(value.trim());
  return m ? m[1]!.trim() : undefined;
}

export async function startReplicateSimulator(opts: ReplicateSimulatorOptions = {}): Promise<ReplicateSimulator> {
  const predictions = new Map<string, SimPrediction>();
  let counter = 0;
  const authorised = (r: SimRequest): ProblemReply | undefined => {
    const key = token(r.req.headers.authorization);
    if (key === undefined) return problem(401, 'missing_api_key');
    if (opts.key !== undefined ? key !== opts.key : key.includes('bad')) return problem(401, 'invalid_api_key');
    return undefined;
  };

  return startLoopbackSimulator<ReplicateFault>(opts, 'replicate', '/v1', async (r, state, url) => {
    const modelMatch = MODEL_PATH.exec(r.path);
    const predictionMatch = PREDICTION_PATH.exec(r.path);
    const streamMatch = STREAM_PATH.exec(r.path);
    state.recorder.add('replicate', r.method, r.path, r.req.headers, r.body);

    if (streamMatch && r.method === 'GET') {
      const p = predictions.get(streamMatch[1]!);
      if (!p) return reply(r, problem(404, 'not_found'));
      return writeStream(r.res, streamPlan(p), p.fault, state.timers);
    }
    if (predictionMatch) {
      const denied = authorised(r);
      if (denied) return reply(r, denied);
      const p = predictions.get(predictionMatch[1]!);
      if (!p) return reply(r, problem(404, 'not_found'));
      if (predictionMatch[2] && r.method === 'POST') {
        p.canceled = p.readsLeft > 0 || p.canceled;
        return sendJson(r.res, 200, JSON.stringify(predictionJson(p, url, 'final')));
      }
      if (r.method !== 'GET') return reply(r, problem(405, 'invalid_request', 'Method not allowed'));
      if (p.failedReads < (p.fault?.failReads ?? 0)) {
        p.failedReads++;
        return reply(r, problem(503, 'overloaded'));
      }
      const finished = p.readsLeft <= 0;
      if (!finished) p.readsLeft--;
      return sendJson(r.res, 200, JSON.stringify(predictionJson(p, url, finished ? 'final' : 'processing')));
    }
    if (r.path === '/v1/account' && r.method === 'GET') {
      const denied = authorised(r);
      return denied ? reply(r, denied) : sendJson(r.res, 200, JSON.stringify({ type: 'user', username: 'sim', name: 'Simulated User', github_url: null }));
    }
    const versionRoute = r.path === '/v1/predictions' && r.method === 'POST';
    if (!(modelMatch && r.method === 'POST') && !versionRoute) return reply(r, problem(404, 'not_found'));

    const fault = state.takeFault(r.req);
    if (fault instanceof Error) return sendJson(r.res, 400, JSON.stringify({ detail: fault.message }));
    if (await applyEarlyFaults(r, fault, state)) return;
    if (fault?.status !== undefined || fault?.errorCode !== undefined) return reply(r, problem(fault.status, fault.errorCode), fault.headers);
    const denied = authorised(r);
    if (denied) return reply(r, denied);

    const rec = (r.body && typeof r.body === 'object' && !Array.isArray(r.body) ? r.body : {}) as Record<string, unknown>;
    const model = modelMatch ? `${decodeURIComponent(modelMatch[1]!)}/${decodeURIComponent(modelMatch[2]!)}` : 'sim/versioned-model';
    const version = versionRoute ? (typeof rec.version === 'string' ? rec.version : '') : undefined;
    if (model.includes('does-not-exist')) return reply(r, problem(404, 'model_not_found'));
    if (version !== undefined && (version === '' || /^0+$/.test(version))) return reply(r, problem(422, 'invalid_version'));
    const input = rec.input;
    if (r.badJson || typeof input !== 'object' || input === null || Array.isArray(input)) return reply(r, problem(422, 'invalid_request', '- input: input is required'));
    const fields = input as Record<string, unknown>;
    if (typeof fields.prompt !== 'string') return reply(r, problem(422, 'invalid_request', '- input: prompt is required'));
    const extra = model.startsWith('meta/') ? Object.keys(fields).filter((k) => !LLAMA_INPUTS.has(k)) : [];
    if (extra.length) return reply(r, problem(422, 'invalid_request', extra.map((k) => `- input: Additional property ${k} is not allowed`).join('\n')));

    const n = ++counter;
    const messages = readPrompt(fields.prompt, typeof fields.system_prompt === 'string' ? fields.system_prompt : undefined);
    const p: SimPrediction = {
      id: `sim${n.toString(36).padStart(6, '0')}rplct${(n * 7919).toString(36).padStart(8, '0')}`.slice(0, 26),
      model, version, input: fields, fault, canceled: false, failedReads: 0,
      answer: computeAnswer('replicate', { model, messages }, false),
      readsLeft: fault?.pendingReads ?? 0,
      createdAt: new Date().toISOString(),
    };
    predictions.set(p.id, p);
    // `Prefer: wait` holds the answer until the prediction ends (here: at once, unless it is set to stay pending).
    const wait = /^wait(=\d+)?$/.test(String(r.req.headers.prefer ?? '').trim());
    const finished = wait && p.readsLeft <= 0;
    let body = JSON.stringify(predictionJson(p, url, finished ? 'final' : 'starting'));
    if (fault?.malformed && rec.stream !== true) body = `{"id": "${p.id}", "status": "succeeded", "output": [oops]}`;
    else if (fault?.truncate && rec.stream !== true) body = body.slice(0, Math.floor(body.length / 2));
    sendJson(r.res, 201, body, fault?.headers);
  });
}
