import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorClass } from './error-class.js';
import { ProviderError } from './provider-error.js';
import { isRecord, parseJson } from '../internal/json.js';
import { retryAfterMs } from '../internal/retry-after.js';

/** What an upstream error body says, whatever its shape. */
export interface UpstreamErrorInfo {
  message: string;
  code: string | undefined;
  type: string | undefined;
  body: unknown;
}

/**
 * Reads the message and code out of the error bodies providers send:
 * `{error:{message,type,code}}` (OpenAI and most), `{error:"…", code:"…"}` (xAI), `{message}` (Cohere, Bedrock),
 * `{type:"error", error:{type,message}}` (Anthropic), `{detail:…}` (Mistral 422, ElevenLabs), google.rpc `{error:{status}}`.
 */
export function readUpstreamError(text: string): UpstreamErrorInfo {
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) {
    return { message: text.trim().slice(0, 500) || 'no error body', code: undefined, type: undefined, body: text.slice(0, 2000) };
  }
  const body = parsed.value;
  const inner = body.error;
  let message: string | undefined;
  let code: string | undefined;
  let type: string | undefined;
  if (isRecord(inner)) {
    message = str(inner.message);
    code = str(inner.code) ?? (typeof inner.code === 'number' ? String(inner.code) : undefined);
    type = str(inner.type) ?? str(inner.status);
    const details = inner.details;
    if (isRecord(details)) code = str(details.error_code) ?? code;
    if (Array.isArray(details)) {
      for (const d of details) if (isRecord(d) && str(d.reason)) code = str(d.reason);
    }
  } else if (typeof inner === 'string') {
    message = inner;
    code = str(body.code);
  }
  message ??= str(body.message) ?? str(body.detail) ?? str(body.title);
  if (message === undefined && body.detail !== undefined) message = detailMessage(body.detail);
  code ??= str(body.code);
  type ??= str(body.type) === 'error' ? undefined : str(body.type);
  return { message: message ?? text.slice(0, 500), code, type, body };
}

function detailMessage(detail: unknown): string | undefined {
  if (isRecord(detail)) return str(detail.message) ?? str(detail.status);
  if (Array.isArray(detail)) {
    return detail
      .map((d) => (isRecord(d) ? `${Array.isArray(d.loc) ? d.loc.join('.') + ': ' : ''}${str(d.msg) ?? ''}` : String(d)))
      .join('; ');
  }
  return undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const CONTEXT_LENGTH = /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|input is too long|exceeds the (?:model'?s? )?(?:maximum|max)/i;
const QUOTA = /insufficient[_ ]quota|exceeded[_ ]current[_ ]quota|insufficient[_ ]balance|quota[_ ]exceeded|insufficient_quota_error|out of credits|credit balance|billing|spend[_ ]limit/i;
const BAD_KEY = /api[_ ]?key|api[_ ]token|authentication|unauthori[sz]ed|invalid[_ ]token|incorrect.*key|permission denied/i;
const MODEL_MISSING = /model[_ ]not[_ ]found|does not exist|no such model|unknown model|not deployed|deploymentnotfound/i;

export interface ClassifyHints {
  /** This provider says "bad key" with a 400 (xAI, Gemini, Perplexity, AI21). */
  badKeyAs400?: boolean;
}

/** Classifies an upstream HTTP failure into the error classes of docs/architecture.md. */
export function classifyHttpError(
  status: number,
  headers: IncomingHttpHeaders,
  text: string,
  provider: string,
  model: string,
  nowMs: number,
  hints: ClassifyHints = {},
): ProviderError {
  const info = readUpstreamError(text);
  const signal = `${info.code ?? ''} ${info.type ?? ''} ${info.message}`;
  let errorClass: ErrorClass;
  if (status === 401) errorClass = 'auth';
  else if (status === 403) errorClass = CONTEXT_LENGTH.test(signal) ? 'context_length' : QUOTA.test(signal) ? 'quota' : 'auth';
  else if (status === 402) errorClass = 'quota';
  else if (status === 429) errorClass = QUOTA.test(signal) ? 'quota' : 'rate_limited';
  else if (status === 404) errorClass = 'model_unavailable';
  else if (status === 405 || status === 501) errorClass = 'unsupported';
  else if (status === 408 || status === 409 || status === 425 || status === 498 || status === 529 || status >= 500) errorClass = 'transient';
  else if (status === 400 || status === 413 || status === 422) {
    if (CONTEXT_LENGTH.test(signal)) errorClass = 'context_length';
    else if (hints.badKeyAs400 && BAD_KEY.test(signal)) errorClass = 'auth';
    else if (MODEL_MISSING.test(signal)) errorClass = 'model_unavailable';
    else errorClass = 'invalid_request';
  } else errorClass = 'invalid_request';

  return new ProviderError({
    errorClass,
    provider,
    model,
    status,
    code: info.code ?? info.type,
    message: info.message,
    retryAfterMs: retryAfterMs(headers as Record<string, string | string[] | undefined>, nowMs),
    upstreamBody: info.body,
  });
}
