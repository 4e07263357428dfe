/**
 * Azure OpenAI's error bodies. Azure answers in OpenAI's `{error:{…}}` envelope, but its own failures carry
 * Azure codes: `DeploymentNotFound` (404), a numeric-string code for 401/429, and the content filter's
 * `innererror` with `ResponsibleAIPolicyViolation`. Wording taken from real answers quoted in public issues.
 */
export interface AzureErrorReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const FILTER_LINK = 'https://go.microsoft.com/fwlink/?linkid=2198766';

/** The severity map Azure attaches to prompts and choices; `flagged` marks one category as filtered. */
export function filterResults(flagged?: 'hate' | 'self_harm' | 'sexual' | 'violence'): Record<string, unknown> {
  const cat = (name: string) => (name === flagged ? { filtered: true, severity: 'high' } : { filtered: false, severity: 'safe' });
  return { hate: cat('hate'), self_harm: cat('self_harm'), sexual: cat('sexual'), violence: cat('violence') };
}

const FLAVOUR_BY_STATUS: Record<number, string> = {
  400: 'invalid_request', 401: 'invalid_api_key', 403: 'permission_denied', 404: 'DeploymentNotFound',
  408: 'timeout', 429: 'rate_limit_exceeded', 500: 'server_error', 502: 'server_error', 503: 'overloaded', 504: 'timeout',
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): AzureErrorReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** The reply for a status and/or flavour (`errorCode` of a fault). */
export function azureError(status: number | undefined, flavour: string | undefined, deployment: string, apiVersion: string): AzureErrorReply {
  const kind = flavour ?? FLAVOUR_BY_STATUS[status ?? 500] ?? (status !== undefined && status < 500 ? 'invalid_request' : 'server_error');
  switch (kind) {
    case 'invalid_api_key':
    case 'missing_api_key':
      return json(status ?? 401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' } });
    case 'permission_denied':
      return json(status ?? 403, { error: { code: '403', message: 'Traffic is not from an approved private endpoint.' } });
    case 'DeploymentNotFound':
    case 'model_not_found':
      return json(status ?? 404, { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.' } });
    case 'resource_not_found':
      return json(status ?? 404, { error: { code: '404', message: 'Resource not found' } });
    case 'rate_limit_exceeded':
      return json(status ?? 429, { error: { code: '429', message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${apiVersion} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.` } },
        { 'retry-after': '1', 'retry-after-ms': '1000', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '0' });
    case 'insufficient_quota':
      // (U) Azure rarely answers this; the shape follows OpenAI's.
      return json(status ?? 429, { error: { code: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' } });
    case 'content_filter':
      return json(status ?? 400, {
        error: {
          message: `The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: ${FILTER_LINK}`,
          type: null, param: 'prompt', code: 'content_filter', status: status ?? 400,
          innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { ...filterResults('violence'), jailbreak: { filtered: false, detected: false } } },
        },
      });
    case 'context_length_exceeded':
      return json(status ?? 400, { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } });
    case 'OperationNotSupported':
      return json(status ?? 400, { error: { code: 'OperationNotSupported', message: `The chatCompletion operation does not work with the specified model, ${deployment}. Please choose different model and try again.` } });
    case 'timeout':
      return json(status ?? 408, { error: { code: 'Timeout', message: 'The operation was timeout.' } });
    case 'overloaded':
      return json(status ?? 503, { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unable to process your request. Please try again later.' } });
    case 'server_error':
      return json(status ?? 500, { error: { message: 'The server had an error processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request.', type: 'server_error', param: null, code: null } });
    default:
      return json(status ?? 400, { error: { message: 'Invalid request.', type: 'invalid_request_error', param: null, code: null } });
  }
}
