/**
 * Replicate's problem-details errors: `{title, detail, status}` with `application/problem+json`.
 * The 401 wording is Replicate's own (quoted by a maintainer in replicate-python#47); 402 and 429 follow
 * answers seen in public reports; the 404 and 5xx wording is (U).
 */
export interface ProblemReply { status: number; headers: Record<string, string>; body: string }

const FLAVOUR_STATUS: Record<string, number> = {
  missing_api_key: 401, invalid_api_key: 401, insufficient_quota: 402, permission_denied: 403, model_not_found: 404,
  not_found: 404, invalid_request: 422, invalid_version: 422, rate_limit_exceeded: 429, server_error: 500, bad_gateway: 502, overloaded: 503,
};

const FLAVOUR_BY_STATUS: Record<number, string> = {
  401: 'invalid_api_key', 402: 'insufficient_quota', 403: 'permission_denied', 404: 'model_not_found', 400: 'invalid_request',
  422: 'invalid_request', 429: 'rate_limit_exceeded', 500: 'server_error', 502: 'bad_gateway', 503: 'overloaded',
};

function text(flavour: string, message?: string): { title: string; detail: string; extra?: Record<string, unknown> } {
  switch (flavour) {
    case 'missing_api_key': return { title: 'Unauthenticated', detail: 'You did not pass an authentication token' };
    case 'invalid_api_key': return { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token' };
    case 'insufficient_quota': return { title: 'Insufficient credit', detail: 'You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit. Once you purchase credit, please wait a few minutes before trying again.' };
    case 'permission_denied': return { title: 'Forbidden', detail: 'You do not have permission to perform this action.' };
    case 'model_not_found': return { title: 'Not found', detail: 'The requested model could not be found, or you do not have permission to use it.' };
    case 'not_found': return { title: 'Not found', detail: 'Not found.' };
    case 'invalid_version': return { title: 'Invalid version or not permitted', detail: "The specified version does not exist (or perhaps you don't have permission to use it?)" };
    case 'rate_limit_exceeded': return { title: 'Request was throttled.', detail: 'Request was throttled. Expected available in 1 second.' };
    case 'server_error': return { title: 'Internal Server Error', detail: 'Something went wrong on our end. Please try again.' };
    case 'bad_gateway': return { title: 'Bad Gateway', detail: 'The server received an invalid response from an upstream server.' };
    case 'overloaded': return { title: 'Service Unavailable', detail: 'The service is temporarily overloaded. Please try again later.' };
    default: {
      const detail = message ?? '- input: prompt is required';
      return { title: 'Input validation failed', detail, extra: { invalid_fields: [{ type: 'invalid', field: 'input', description: detail.replace(/^- input: /, '') }] } };
    }
  }
}

export function problem(status: number | undefined, flavour: string | undefined, message?: string): ProblemReply {
  const kind = flavour ?? FLAVOUR_BY_STATUS[status ?? 500] ?? ((status ?? 500) >= 500 ? 'server_error' : 'invalid_request');
  const finalStatus = status ?? FLAVOUR_STATUS[kind] ?? 422;
  const { title, detail, extra } = text(kind, message);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (finalStatus === 429) headers['retry-after'] = '1';
  return { status: finalStatus, headers, body: JSON.stringify({ title, detail, status: finalStatus, ...extra }) };
}
