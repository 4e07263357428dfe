/**
 * Each provider's real error body shape (providers' documentation plus recorded traffic),
 * chosen by HTTP status and/or a flavour such as 'insufficient_quota'.
 * Items marked (U) in README.md are unconfirmed guesses.
 */
import type { ProviderSpec } from './providers.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_CT = 'application/json';

/** Flavour -> default status (OpenAI semantics). */
const FLAVOUR_STATUS: Record<string, number> = {
  invalid_request: 400, invalid_api_key: 401, missing_api_key: 401, insufficient_quota: 429, model_not_found: 404,
  rate_limit_exceeded: 429, overloaded: 503, server_error: 500, context_length_exceeded: 400, permission_denied: 403,
  timeout: 408, bad_gateway: 502, request_too_large: 413,
};

/** Where a provider's status for a flavour differs from OpenAI's. */
const STATUS_OVERRIDES: Record<string, Record<string, number>> = {
  deepseek: { insufficient_quota: 402, model_not_found: 400 },
  openrouter: { insufficient_quota: 402, model_not_found: 400 },
  together: { insufficient_quota: 402 },
  fireworks: { insufficient_quota: 402 },
  huggingface: { insufficient_quota: 402 },
  mistral: { model_not_found: 400 },
  perplexity: { model_not_found: 400 },
  sarvam: { invalid_api_key: 403, missing_api_key: 403 },
  xai: { invalid_api_key: 400, missing_api_key: 400 },
};

function flavourOf(status: number): string {
  switch (status) {
    case 401: return 'invalid_api_key';
    case 402: return 'insufficient_quota';
    case 403: return 'permission_denied';
    case 404: return 'model_not_found';
    case 408: case 504: return 'timeout';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_exceeded';
    case 502: return 'bad_gateway';
    case 503: case 529: return 'overloaded';
    default: return status >= 500 ? 'server_error' : 'invalid_request';
  }
}

interface Sem { message: string; type: string; code: string | null; param?: string | null }

/** OpenAI's wording for each flavour; other providers start from it. */
function openaiSem(flavour: string, model: string, message?: string): Sem {
  switch (flavour) {
    case 'invalid_api_key': return { message: 'Incorrect API key provided: sk-sim***. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' };
    case 'missing_api_key': return { message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.", type: 'invalid_request_error', code: null };
    case 'insufficient_quota': return { message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', type: 'insufficient_quota', code: 'insufficient_quota' };
    case 'model_not_found': return { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found' };
    case 'rate_limit_exceeded': return { message: `Rate limit reached for ${model} in organization org-sim on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms. Visit https://platform.openai.com/account/rate-limits to learn more.`, type: 'requests', code: 'rate_limit_exceeded' };
    case 'overloaded': return { message: 'The engine is currently overloaded, please try again later', type: 'server_error', code: null };
    case 'server_error': return { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null };
    case 'context_length_exceeded': return { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.", type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' };
    case 'permission_denied': return { message: 'Country, region, or territory not supported', type: 'request_forbidden', code: 'unsupported_country_region_territory' };
    case 'timeout': return { message: 'Request timed out.', type: 'timeout', code: null };
    case 'bad_gateway': return { message: 'Bad gateway.', type: 'server_error', code: null };
    case 'request_too_large': return { message: 'Request too large.', type: 'invalid_request_error', code: 'request_too_large' };
    default: return { message: message ?? 'Invalid request.', type: 'invalid_request_error', code: null };
  }
}

const oa = (s: Sem) => ({ error: { message: s.message, type: s.type, param: s.param ?? null, code: s.code } });

function xaiCategory(status: number): string {
  if (status === 400 || status === 422) return 'Client specified an invalid argument';
  if (status === 401) return 'Request had invalid authentication credentials';
  if (status === 403) return 'The caller does not have permission to execute the specified operation';
  if (status === 404) return 'Some requested entity was not found';
  if (status === 429) return 'Some resource has been exhausted';
  if (status === 503) return 'The service is currently unavailable';
  return 'Internal error';
}

function sarvamCode(status: number, flavour: string): string {
  if (flavour === 'invalid_api_key' || flavour === 'missing_api_key') return 'invalid_api_key_error';
  if (flavour === 'insufficient_quota') return 'insufficient_quota_error';
  if (status === 429 || status === 503) return 'rate_limit_exceeded_error';
  if (status === 404) return 'not_found_error';
  if (status === 422) return 'unprocessable_entity_error';
  return status >= 500 ? 'internal_server_error' : 'invalid_request_error';
}

function moonshotType(status: number, flavour: string): string {
  switch (flavour) {
    case 'invalid_api_key': case 'missing_api_key': return 'invalid_authentication_error';
    case 'insufficient_quota': return 'exceeded_current_quota_error';
    case 'model_not_found': return 'resource_not_found_error';
    case 'rate_limit_exceeded': return 'rate_limit_reached_error';
    case 'overloaded': return 'engine_overloaded_error';
    case 'permission_denied': return 'permission_denied_error';
  }
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** The body (object, or a ready string) a provider sends for this status/flavour. */
function bodyFor(spec: ProviderSpec, status: number, flavour: string, model: string, message?: string): unknown {
  const s = openaiSem(flavour, model, message);
  const auth = flavour === 'invalid_api_key' || flavour === 'missing_api_key';
  switch (spec.id) {
    case 'groq': {
      if (auth) return { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } };
      if (flavour === 'rate_limit_exceeded') return { error: { message: `Rate limit reached for model \`${model}\` in organization \`org_sim\` service tier \`on_demand\` on tokens per minute (TPM): Limit 6000, Used 5990, Requested 120. Please try again in 1.1s. Visit https://console.groq.com/docs/rate-limits for more information.`, type: 'tokens', code: 'rate_limit_exceeded' } };
      return { error: { message: s.message, type: s.type, code: s.code ?? undefined } };
    }
    case 'deepseek': {
      if (auth) return { error: { message: 'Authentication Fails, Your api key: ****-sim is invalid', type: 'authentication_error', param: null, code: 'invalid_request_error' } };
      if (flavour === 'insufficient_quota') return { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } };
      if (flavour === 'model_not_found') return { error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } };
      return oa(s);
    }
    case 'together': {
      if (auth) return { error: { message: 'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
      if (flavour === 'model_not_found') return { error: { message: `Unable to access model ${model}. Please visit https://api.together.ai/models to view the list of supported models.`, type: 'invalid_request_error', param: null, code: 'model_not_available' } };
      return oa(s);
    }
    case 'openrouter': {
      let msg = message ?? 'Internal Server Error';
      let metadata: Record<string, unknown> | undefined;
      if (flavour === 'missing_api_key') msg = 'No auth credentials found';
      else if (flavour === 'invalid_api_key') msg = 'User not found.';
      else if (flavour === 'model_not_found') msg = `${model} is not a valid model ID`;
      else if (flavour === 'insufficient_quota') msg = 'Insufficient credits. Add more using https://openrouter.ai/settings/credits';
      else if (flavour === 'rate_limit_exceeded') {
        msg = 'Rate limit exceeded: free-models-per-min. ';
        metadata = { headers: { 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Date.now() + 1000) } };
      } else if (flavour === 'bad_gateway') {
        msg = 'Provider returned error';
        metadata = { raw: 'upstream error', provider_name: 'SimProvider' };
      } else if (flavour === 'overloaded') msg = 'No endpoints found that can handle the requested parameters.';
      else if (flavour === 'permission_denied') {
        msg = `${model} requires moderation on OpenAI. Your input was flagged for "harassment".`;
        metadata = { reasons: ['harassment'], flagged_input: '...', provider_name: 'OpenAI', model_slug: model };
      } else if (flavour === 'timeout') msg = 'Timed out';
      else if (flavour === 'invalid_request') msg = message ?? 'Invalid request';
      return { error: metadata ? { message: msg, code: status, metadata } : { message: msg, code: status }, user_id: 'user_sim' };
    }
    case 'mistral': {
      if (auth) return { detail: 'Unauthorized' };
      if (flavour === 'model_not_found') return { object: 'error', message: `Invalid model: ${model}`, type: 'invalid_model', param: null, code: '1500' };
      if (flavour === 'rate_limit_exceeded') return { object: 'error', message: 'Requests rate limit exceeded', type: 'rate_limited', param: null, code: '1300' };
      if (flavour === 'overloaded') return { object: 'error', message: 'Service tier capacity exceeded for this model.', type: 'service_tier_capacity_exceeded', param: null, code: '3505' };
      return { object: 'error', message: s.message, type: status >= 500 ? 'internal_server_error' : 'invalid_request_error', param: null, code: null };
    }
    case 'moonshot': {
      let msg = s.message;
      if (auth) msg = 'Invalid Authentication';
      else if (flavour === 'model_not_found') msg = `Not found the model ${model} or Permission denied`;
      else if (flavour === 'insufficient_quota') msg = 'Your account org-sim<ak-sim> is not active, organization org-sim exceeded current quota, please check your plan and billing details';
      else if (flavour === 'rate_limit_exceeded') msg = 'Your account org-sim<ak-sim> request reached organization max RPM: 3, please try again after 1 seconds';
      return { error: { message: msg, type: moonshotType(status, flavour) } };
    }
    case 'xai': {
      let msg = s.message;
      if (auth) msg = 'Incorrect API key provided: xa***im. You can obtain an API key from https://console.x.ai.';
      else if (flavour === 'model_not_found') msg = `The model ${model} does not exist or your team does not have access to it.`;
      else if (flavour === 'insufficient_quota') msg = 'Your team has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit.';
      return { code: xaiCategory(status), error: msg };
    }
    case 'sarvam':
      return { error: { message: auth ? 'Invalid API key. Please check your api-subscription-key.' : s.message, code: sarvamCode(status, flavour) } };
    case 'fireworks': {
      if (auth) return { error: { object: 'error', type: 'invalid_request_error', message: 'The API key you provided is invalid.' } };
      if (flavour === 'model_not_found') return { error: { object: 'error', type: 'invalid_request_error', code: 'NOT_FOUND', message: 'Model not found, inaccessible, and/or not deployed' } };
      if (flavour === 'rate_limit_exceeded') return { error: { object: 'error', type: 'invalid_request_error', message: 'rate limit exceeded' } };
      return { error: { object: 'error', type: s.type, message: s.message } };
    }
    case 'huggingface':
      if (auth) return { error: 'Invalid credentials in Authorization header' };
      if (flavour === 'insufficient_quota') return { error: 'You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.' };
      return oa(s);
    case 'perplexity':
      if (auth) return `<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>openresty/1.27.4</center>\r\n</body>\r\n</html>\r\n`;
      if (flavour === 'model_not_found') return { error: { message: `Invalid model '${model}'. Permitted models can be found in the documentation at https://docs.perplexity.ai/guides/model-cards.`, type: 'invalid_model', code: 400 } };
      return { error: { message: s.message, type: s.type, code: status } };
    case 'ai21':
      if (auth) return { detail: 'Forbidden: Bad or missing API token.' };
      return { detail: s.message };
    case 'aleph-alpha':
      if (auth) return { error: 'Unauthenticated', code: 'UNAUTHENTICATED' };
      return { error: s.message, code: s.code ?? s.type };
    default: // openai, writer, meta
      return oa(s);
  }
}

/** Rate-limit headers a provider sends with a 429. */
export function rateLimitHeaders(spec: ProviderSpec): Record<string, string> {
  switch (spec.id) {
    case 'openai':
      return { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '120ms', 'x-ratelimit-limit-tokens': '30000', 'x-ratelimit-remaining-tokens': '29000', 'x-ratelimit-reset-tokens': '2s', 'retry-after': '1' };
    case 'groq':
      return { 'x-ratelimit-limit-requests': '14400', 'x-ratelimit-remaining-requests': '14399', 'x-ratelimit-reset-requests': '6s', 'x-ratelimit-limit-tokens': '6000', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '1.1s', 'retry-after': '1' };
    case 'openrouter':
      return { 'retry-after': '1', 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.now() + 1000) };
    case 'mistral':
      return { 'retry-after': '1', 'x-ratelimitbysize-limit-minute': '500000', 'x-ratelimitbysize-remaining-minute': '0' };
    case 'together':
      return { 'retry-after': '1', 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1', 'x-tokenlimit-limit': '200000', 'x-tokenlimit-remaining': '0' };
    case 'fireworks':
      return { 'retry-after': '1', 'x-ratelimit-limit-tokens-prompt': '60000', 'x-ratelimit-limit-tokens-generated': '12000' };
    default:
      return { 'retry-after': '1' };
  }
}

/**
 * The error reply for a status and/or flavour. With only a flavour, the status is that
 * provider's usual one for it (e.g. DeepSeek insufficient_quota -> 402, xAI bad key -> 400).
 */
export function errorReply(spec: ProviderSpec, status: number | undefined, flavour: string | undefined, model: string, message?: string): Reply {
  const fl = flavour ?? flavourOf(status ?? 500);
  const st = status ?? STATUS_OVERRIDES[spec.id]?.[fl] ?? FLAVOUR_STATUS[fl] ?? 500;
  const b = bodyFor(spec, st, fl, model, message);
  const isHtml = typeof b === 'string';
  const headers: Record<string, string> = st === 429 ? { ...rateLimitHeaders(spec) } : {};
  headers['content-type'] = isHtml ? 'text/html' : JSON_CT;
  if (spec.id === 'openai' || spec.id === 'groq') headers['x-request-id'] = `req_sim${Date.now().toString(36)}`;
  if (spec.id === 'openai' && st === 401) headers['www-authenticate'] = 'Bearer realm="OpenAI API"';
  return { status: st, headers, body: isHtml ? b : JSON.stringify(b) };
}

/** Missing or wrong key. */
export function authError(spec: ProviderSpec, missing: boolean, model: string): Reply {
  return errorReply(spec, undefined, missing ? 'missing_api_key' : 'invalid_api_key', model);
}

/** A model id containing 'does-not-exist'. */
export function modelNotFound(spec: ProviderSpec, model: string): Reply {
  return errorReply(spec, undefined, 'model_not_found', model);
}

/** A plain 400 validation error (bad JSON, no messages...). */
export function badRequest(spec: ProviderSpec, message: string, model: string): Reply {
  return errorReply(spec, 400, 'invalid_request', model, message);
}
