/**
 * ElevenLabs' failures → the error classes of docs/architecture.md.
 *
 * Bodies come in three shapes, all under `detail`:
 *   current  {detail:{type, code, message, status, request_id}}   (`status` is a legacy mirror and may differ from `code`)
 *   legacy   {detail:{status, message}}
 *   422      {detail:[{type, loc, msg, input}]}                     (request validation, checked before the key)
 * The class comes from the code/status tokens first, because ElevenLabs reuses HTTP statuses: a spent quota is a
 * **401** `quota_exceeded`, and an over-long text may be a 400 or (unsigned) a 401 `max_character_limit_exceeded`.
 *
 * Decisions:
 * - `voice_not_found` (400 legacy, 404 now), `voice_does_not_exist`, `invalid_voice_id`, `voice_access_denied`
 *   → invalid_request, not model_unavailable: the voice is the caller's choice, so one caller's typo must not bench
 *   the model for everyone. The route still tries the next level once (OpenAI with the mapped voice), and when
 *   that refuses too the caller gets ElevenLabs' own message.
 * - `too_many_concurrent_requests` / `concurrent_limit_exceeded` / `rate_limit_exceeded` → rate_limited (our
 *   account is at its limit: move on at once, no burst of retries).
 * - `system_busy` → transient: ElevenLabs itself is overloaded and advises backing off and retrying, which is
 *   what transient does (retry with jitter, then the next level; the breaker counts it).
 * - `quota_exceeded`, `insufficient_credits`, 402 → quota; "unusual activity" (free tier blocked) → quota too:
 *   the key is valid but will not serve for a long while.
 * - plan-gated features (`subscription_required`, `feature_not_available`, `paid_plan_required`) and a refused
 *   `invalid_output_format` → unsupported.
 * - `model_not_found`, `unsupported_model`, `model_access_denied` → model_unavailable.
 * Everything else falls back on the status: 401/403 auth, 404 model_unavailable, 429 rate_limited, 408/409/5xx
 * transient, other 4xx invalid_request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorClass } from '../../errors/error-class.js';
import type { FailureContext } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyHttpError } from '../../errors/classify.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { retryAfterMs } from '../../internal/retry-after.js';

interface ElevenLabsErrorInfo {
  /** Lower-cased `type`, `code` and `status` tokens, whichever are present. */
  tokens: string[];
  message: string;
  body: unknown;
}

const TOKEN_CLASSES: ReadonlyArray<readonly [RegExp, ErrorClass]> = [
  [/^(max_character_limit_exceeded|text_too_long)$/, 'context_length'],
  [/^(quota_exceeded|insufficient_credits|payment_required|detected_unusual_activity)$/, 'quota'],
  [/^(voice_not_found|voice_does_not_exist|invalid_voice_id|voice_access_denied)$/, 'invalid_request'],
  [/^(model_not_found|unsupported_model|model_access_denied|model_does_not_exist)$/, 'model_unavailable'],
  [/^(subscription_required|feature_not_available|paid_plan_required|invalid_output_format)$/, 'unsupported'],
  [/^(too_many_concurrent_requests|concurrent_limit_exceeded|rate_limit_exceeded)$/, 'rate_limited'],
  [/^(system_busy|internal_error|service_unavailable|maintenance)$/, 'transient'],
  [/^(invalid_api_key|missing_api_key|needs_authorization|invalid_authorization_header|missing_permissions|insufficient_permissions)$/, 'auth'],
];

/** Free-tier blocks say so in words only. */
const UNUSUAL_ACTIVITY = /unusual activity/i;

export function classifyElevenLabsError(status: number, headers: IncomingHttpHeaders, text: string, ctx: FailureContext): ProviderError {
  const info = readElevenLabsError(text);
  let errorClass = classByToken(info.tokens);
  if (!errorClass && UNUSUAL_ACTIVITY.test(info.message)) errorClass = 'quota';
  // No token we know: the shared status rules (they also read context-length and quota wording).
  errorClass ??= classifyHttpError(status, headers, text, ctx.provider.id, ctx.upstreamModel, ctx.clock.now()).errorClass;
  return new ProviderError({
    errorClass,
    provider: ctx.provider.id,
    model: ctx.upstreamModel,
    status,
    code: info.tokens.find((t) => TOKEN_CLASSES.some(([pattern]) => pattern.test(t))) ?? info.tokens[info.tokens.length - 1],
    message: info.message,
    retryAfterMs: retryAfterMs(headers as Record<string, string | string[] | undefined>, ctx.clock.now()),
    upstreamBody: info.body,
  });
}

function classByToken(tokens: readonly string[]): ErrorClass | undefined {
  // The table's order decides between tokens (quota before auth: a spent quota arrives as a 401 "unauthorized").
  for (const [pattern, errorClass] of TOKEN_CLASSES) if (tokens.some((t) => pattern.test(t))) return errorClass;
  return undefined;
}

/** Reads any of ElevenLabs' three error shapes; a body that is not JSON keeps its text as the message. */
export function readElevenLabsError(text: string): ElevenLabsErrorInfo {
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) {
    return { tokens: [], message: text.trim().slice(0, 500) || 'no error body', body: text.slice(0, 2000) };
  }
  const body = parsed.value;
  const detail = body.detail;
  if (isRecord(detail)) {
    const tokens = [detail.type, detail.code, detail.status].filter((t): t is string => typeof t === 'string' && t !== '').map((t) => t.toLowerCase());
    const message = typeof detail.message === 'string' && detail.message !== '' ? detail.message : tokens.join(' ') || text.slice(0, 500);
    return { tokens, message, body };
  }
  if (Array.isArray(detail)) {
    const message = detail
      .map((d) => (isRecord(d) ? `${Array.isArray(d.loc) ? d.loc.join('.') + ': ' : ''}${typeof d.msg === 'string' ? d.msg : ''}` : String(d)))
      .join('; ');
    return { tokens: ['validation_error'], message: message || 'request validation failed', body };
  }
  if (typeof detail === 'string') return { tokens: [], message: detail, body };
  const message = typeof body.message === 'string' ? body.message : text.slice(0, 500);
  return { tokens: [], message, body };
}
