import { ProviderError, type LocalFailureCode } from '../errors/provider-error.js';
import type { ProviderRuntime } from '../providers/runtime.js';

/** Names of undici's errors, mapped to our stable codes. */
const UNDICI_CODES: Record<string, LocalFailureCode> = {
  UND_ERR_HEADERS_TIMEOUT: 'first_byte_timeout',
  UND_ERR_BODY_TIMEOUT: 'idle_timeout',
  UND_ERR_CONNECT_TIMEOUT: 'connect_failed',
  UND_ERR_SOCKET: 'connection_reset',
  UND_ERR_CLOSED: 'connection_reset',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'truncated_stream',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'response_too_large',
  // The gateway's own (answer-budget.ts), listed with undici's as it travels the same way.
  WAI_ANSWER_BUDGET_FULL: 'answer_budget_full',
  ECONNREFUSED: 'connect_failed',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  ENOTFOUND: 'connect_failed',
  EAI_AGAIN: 'connect_failed',
  EHOSTUNREACH: 'connect_failed',
};

const DESCRIPTIONS: Record<LocalFailureCode, string> = {
  connect_failed: 'could not connect',
  connection_reset: 'closed the connection',
  first_byte_timeout: 'sent no response in time',
  idle_timeout: 'went silent mid-response',
  attempt_timeout: 'did not finish within the attempt timeout',
  deadline_exceeded: 'was cut off by the request deadline',
  connection_wait_timeout: 'was never sent: the request waited inside the gateway for a free connection until its deadline (upstream.connectionsPerOrigin)',
  malformed_response: 'sent a malformed response',
  response_too_large: 'sent an answer larger than the gateway accepts (WAI_ANSWER_LIMIT)',
  answer_budget_full: 'sent a large answer while other answers being read or written out held the gateway\'s answer budget (WAI_ANSWER_BUDGET); retry shortly',
  truncated_stream: 'ended the response early',
  stream_error: 'reported an error mid-stream',
  stream_timeout: 'streamed past the longest time a stream may run',
  aborted: 'was abandoned because the caller went away',
  client_timeout: 'did not answer within the time the caller allowed',
};

/** Turns a network-level failure (no HTTP status) into a classified, transient ProviderError. */
export function upstreamFailure(error: unknown, provider: string, providerName: string, model: string, override?: LocalFailureCode): ProviderError {
  if (ProviderError.is(error)) return error;
  const code = override ?? localCode(error);
  return new ProviderError({
    errorClass: 'transient',
    provider,
    model,
    code,
    message: `${providerName} ${DESCRIPTIONS[code]}`,
    // Room in the budget comes back as soon as answers being read end: a caller may try again shortly.
    ...(code === 'answer_budget_full' ? { retryAfterMs: 1000 } : {}),
    cause: error,
  });
}

/**
 * The same for an attempt: its provider and model, and the reason its own timer gave when that is what cut it.
 * A request the transport refused to send as built (undici's invalid-argument error: a header value it cannot
 * write) never reached the provider: that error is the gateway's and is thrown on unchanged, blaming no one upstream.
 */
export function attemptFailure(error: unknown, ctx: { provider: ProviderRuntime; upstreamModel: string }, attempt: { reason?: LocalFailureCode | undefined }): ProviderError {
  if (attempt.reason === undefined && (error as { code?: unknown } | null)?.code === 'UND_ERR_INVALID_ARG') throw error;
  return upstreamFailure(error, ctx.provider.id, ctx.provider.entry.name, ctx.upstreamModel, attempt.reason);
}

function localCode(error: unknown): LocalFailureCode {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNDICI_CODES[code]) return UNDICI_CODES[code]!;
    current = (current as { cause?: unknown }).cause;
  }
  return 'connection_reset';
}
