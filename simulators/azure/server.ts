/**
 * Azure OpenAI on loopback. Speaks both URL forms:
 *   POST /openai/deployments/{deployment}/chat/completions?api-version=…   (the deployment is in the path)
 *   POST /openai/v1/chat/completions                                       (the deployment is the body's `model`)
 *   POST /openai/v1/responses                                              (the Responses API, v1 form only)
 * The key travels in `api-key` (an Entra ID `Authorization: Bearer` token is also accepted).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Fault } from '../openai-compatible/types.js';
import { computeAnswer } from '../openai-compatible/answer.js';
import { type DialectSimulator, type LoopbackOptions, type SimRequest, applyEarlyFaults, sendJson, startLoopbackSimulator } from '../loopback-kit/server.js';
import { writeStream } from '../loopback-kit/sse-writer.js';
import { ResponseMemory, answerResponses } from '../openai-compatible/responses.js';
import { PROVIDER_BY_ID, type ProviderSpec } from '../openai-compatible/providers.js';
import { azureError, type AzureErrorReply } from './errors.js';
import { type AzureReplyCtx, DONE, MALFORMED_FRAME, completionBody, streamErrorFrame, streamFrames } from './wire.js';

export interface AzureSimulatorOptions extends LoopbackOptions {
  /** The only accepted key. Default: any non-empty key without 'bad' in it. */
  key?: string;
}

/** API versions the dated form accepts (any `YYYY-MM-DD` or `YYYY-MM-DD-preview` is taken as known). */
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
const DEPLOYMENT_PATH = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

export type AzureSimulator = DialectSimulator<Fault>;

/** Azure's Responses API answers as OpenAI's does (learn.microsoft.com, "Azure OpenAI Responses API", read 2026-12-06). */
const AZURE_SPEC: ProviderSpec = { ...PROVIDER_BY_ID.get('openai')!, id: 'azure-openai', base: '/openai', models: [] };
const RESPONSES_PATH = '/openai/v1/responses';

function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const key = headers['api-key'];
  if (typeof key === 'string' && key !== '') return key;
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.toLowerCase().startsWith('bearer ') && auth.length > 7) return auth.slice(7).trim();
  return undefined;
}

function reply(r: SimRequest, e: AzureErrorReply, extra?: Record<string, string>): void {
  sendJson(r.res, e.status, e.body, { ...e.headers, ...extra });
}

export async function startAzureSimulator(opts: AzureSimulatorOptions = {}): Promise<AzureSimulator> {
  let counter = 0;
  const responses = new ResponseMemory();
  return startLoopbackSimulator<Fault>(opts, 'azure-openai', '/openai', async (r, state) => {
    const match = DEPLOYMENT_PATH.exec(r.path);
    const v1 = r.path === '/openai/v1/chat/completions' || r.path === RESPONSES_PATH;
    if (!match && !v1) return reply(r, azureError(404, 'resource_not_found', '', ''));
    if (r.method !== 'POST') return sendJson(r.res, 405, JSON.stringify({ error: { code: '405', message: 'Method not allowed' } }));
    state.recorder.add('azure-openai', r.method, r.path + (r.query.size ? `?${r.query}` : ''), r.req.headers, r.body);
    const rec = (r.body && typeof r.body === 'object' && !Array.isArray(r.body) ? r.body : {}) as Record<string, unknown>;
    const deployment = match ? decodeURIComponent(match[1]!) : typeof rec.model === 'string' ? rec.model : '';
    const apiVersion = r.query.get('api-version') ?? '';

    const fault = state.takeFault(r.req);
    if (fault instanceof Error) return sendJson(r.res, 400, JSON.stringify({ error: { message: fault.message, type: 'simulator_error' } }));
    if (await applyEarlyFaults(r, fault, state)) return;
    const outputFiltered = fault?.errorCode === 'content_filter_output';
    if (!outputFiltered && (fault?.status !== undefined || fault?.errorCode !== undefined)) {
      return reply(r, azureError(fault.status, fault.errorCode, deployment, apiVersion || 'v1'), fault.headers);
    }

    const key = presentedKey(r.req.headers);
    if (key === undefined || (opts.key !== undefined ? key !== opts.key : key.includes('bad'))) {
      return reply(r, azureError(401, 'invalid_api_key', deployment, apiVersion));
    }
    // The dated form needs a known api-version; Azure answers an unknown one with a bare 404.
    if (match && !API_VERSION.test(apiVersion)) return reply(r, azureError(404, 'resource_not_found', deployment, apiVersion));
    if (r.badJson || !r.body || typeof r.body !== 'object') {
      return reply(r, azureError(400, 'invalid_request', deployment, apiVersion));
    }
    if (deployment === '') {
      return sendJson(r.res, 400, JSON.stringify({ error: { message: "Missing required parameter: 'model'.", type: 'invalid_request_error', param: 'model', code: 'missing_required_parameter' } }));
    }
    if (deployment.includes('does-not-exist')) return reply(r, azureError(404, 'DeploymentNotFound', deployment, apiVersion));
    if (r.path === RESPONSES_PATH) {
      const n = ++counter;
      const refused = answerResponses(r.res, { spec: AZURE_SPEC, n, created: Math.floor(Date.now() / 1000), body: rec, memory: responses }, { 'apim-request-id': `sim-${n}` }, fault);
      if (refused) sendJson(r.res, refused.status, refused.body, refused.headers);
      return;
    }
    if (!Array.isArray(rec.messages) || rec.messages.length === 0) {
      return sendJson(r.res, 400, JSON.stringify({ error: { message: "Invalid 'messages': empty array. Expected an array with minimum length 1.", type: 'invalid_request_error', param: 'messages', code: 'empty_array' } }));
    }

    const n = ++counter;
    const so = rec.stream_options as { include_usage?: unknown } | undefined;
    const ctx: AzureReplyCtx = {
      id: `chatcmpl-azsim${n.toString(36).padStart(6, '0')}`,
      created: Math.floor(Date.now() / 1000),
      model: deployment,
      answer: computeAnswer('azure-openai', { ...rec, model: deployment }, false),
      toolId: `call_azsim${n.toString(36).padStart(6, '0')}`,
      includeUsage: so?.include_usage === true,
      outputFiltered,
    };
    const headers = { 'apim-request-id': `sim-${n}`, 'x-ms-region': 'Sim Central', 'x-ratelimit-remaining-requests': '99', 'x-ratelimit-remaining-tokens': '99000', ...fault?.headers };
    if (rec.stream === true) {
      return writeStream(r.res, {
        frames: streamFrames(ctx),
        counts: (f) => f.startsWith('data: ') && f !== DONE,
        errorFrame: streamErrorFrame,
        malformedFrame: MALFORMED_FRAME,
        headers,
      }, fault, state.timers);
    }
    let body = JSON.stringify(completionBody(ctx));
    if (fault?.malformed) body = `{"id": "${ctx.id}", "object": "chat.completion", "choices": [oops]}`;
    else if (fault?.truncate) body = body.slice(0, Math.floor(body.length / 2));
    sendJson(r.res, 200, body, headers);
  });
}
