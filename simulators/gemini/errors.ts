/**
 * Gemini's error bodies: google.rpc statuses `{error:{code, message, status, details}}`, pretty-printed as
 * Google's front end sends them. Wording follows real answers quoted in public issue threads
 * (bad key: 400 API_KEY_INVALID; no key: 403 "unregistered callers"; 429 with QuotaFailure + RetryInfo as in
 * test/fixtures/recorded/google/google-429-retry-info.json).
 */

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_TYPE = 'application/json; charset=UTF-8';

/** HTTP status -> google.rpc code name. */
const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED', 499: 'CANCELLED', 500: 'INTERNAL', 501: 'UNIMPLEMENTED', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

export function rpcStatusName(status: number): string {
  return RPC_STATUS[status] ?? (status >= 500 ? 'UNKNOWN' : 'INVALID_ARGUMENT');
}

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
const HELP = { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] };
const QUOTA_MESSAGE = 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. ';

function quotaFailure(model: string, quotaId: string, quotaValue: string): Record<string, unknown> {
  return {
    '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
    violations: [{
      quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
      quotaId,
      quotaDimensions: { location: 'global', model },
      quotaValue,
    }],
  };
}

const retryInfo = (delay: string) => ({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay });

interface Flavour { status: number; message: string; rpc?: string; details?: unknown[] }

function flavourBody(flavour: string, model: string, message: string | undefined, key: string): Flavour {
  switch (flavour) {
    case 'invalid_api_key':
      return {
        status: 400, message: 'API key not valid. Please pass a valid API key.',
        details: [
          { '@type': ERROR_INFO, reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
          { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
        ],
      };
    case 'missing_api_key':
      return { status: 403, message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API." };
    case 'permission_denied':
      return {
        // Google echoes the caller's key here: a gateway must not pass it on.
        status: 403, message: `Permission denied: Consumer 'api_key:${key}' has been suspended.`,
        details: [{ '@type': ERROR_INFO, reason: 'CONSUMER_SUSPENDED', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com', consumer: 'projects/000000000000' } }],
      };
    case 'rate_limit_exceeded':
      return { status: 429, message: QUOTA_MESSAGE, details: [HELP, quotaFailure(model, 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', '10'), retryInfo('2s')] };
    case 'insufficient_quota':
      return { status: 429, message: QUOTA_MESSAGE, details: [HELP, quotaFailure(model, 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', '250'), retryInfo('41s')] };
    case 'billing':
      return { status: 400, rpc: 'FAILED_PRECONDITION', message: 'Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.' };
    case 'location':
      return { status: 400, rpc: 'FAILED_PRECONDITION', message: 'User location is not supported for the API use.' };
    case 'model_not_found':
      return { status: 404, message: `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.` };
    case 'context_length_exceeded':
      return { status: 400, message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).' };
    case 'overloaded':
      return { status: 503, message: 'The model is overloaded. Please try again later.' };
    case 'server_error':
      return { status: 500, message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting' };
    case 'timeout':
      return { status: 504, message: 'Deadline expired before operation could complete.' };
    case 'unauthenticated':
      return { status: 401, message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.' };
    default:
      return { status: 400, message: message ?? 'Request contains an invalid argument.' };
  }
}

function flavourOf(status: number): string {
  switch (status) {
    case 401: return 'unauthenticated';
    case 403: return 'permission_denied';
    case 404: return 'model_not_found';
    case 429: return 'rate_limit_exceeded';
    case 500: return 'server_error';
    case 503: return 'overloaded';
    case 504: return 'timeout';
    default: return status >= 500 ? 'server_error' : 'invalid_request';
  }
}

/** The reply for a status and/or flavour; an explicit status wins over the flavour's usual one. */
export function rpcError(status: number | undefined, flavour: string | undefined, model: string, message?: string, key = 'sim'): Reply {
  const f = flavourBody(flavour ?? flavourOf(status ?? 500), model, message, key);
  const code = status ?? f.status;
  const error: Record<string, unknown> = { code, message: f.message, status: f.rpc ?? rpcStatusName(code) };
  if (f.details) error.details = f.details;
  return { status: code, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify({ error }, null, 2) + '\n' };
}

/** 400 INVALID_ARGUMENT with a validation message. */
export function invalidArgument(message: string): Reply {
  return rpcError(400, 'invalid_request', '', message);
}

/** The object of an in-stream failure (`data: {"error":{…}}` after HTTP 200). */
export function streamErrorObject(message: string, code: number): Record<string, unknown> {
  return { error: { code, message, status: rpcStatusName(code) } };
}
