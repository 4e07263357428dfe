import type { AttemptContext, WireRequest } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import type { ProviderRuntime } from '../../providers/runtime.js';
import { toWireBody } from '../openai/request.js';

/** The GA data-plane version used when OPENAI_API_VERSION is not set. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/**
 * Azure OpenAI speaks OpenAI's body; only the URL differs. Two forms:
 * - dated (default): `POST {base}/deployments/{deployment}/chat/completions?api-version=…`; the deployment in the
 *   path picks the model (Azure ignores the body's `model`).
 * - v1: `POST {base}/v1/chat/completions` with `model` = deployment name and no api-version. A user selects it with
 *   `OPENAI_API_VERSION=v1` (or `settings.apiVersion: v1` for the provider in the config file).
 * `{base}` is `<AZURE_OPENAI_ENDPOINT>/openai`, or AZURE_OPENAI_BASE_URL when set.
 * The model the caller names after `azure-openai/` is the deployment name.
 */
export function buildAzureChatRequest(ctx: AttemptContext): WireRequest {
  const provider = ctx.provider;
  if (!provider.origin) throw missingEndpoint(provider, ctx.upstreamModel);
  const version = provider.settings.apiVersion?.trim() || DEFAULT_AZURE_API_VERSION;
  const path = version === 'v1'
    ? `${provider.basePath}/v1/chat/completions`
    : `${provider.basePath}/deployments/${encodeURIComponent(ctx.upstreamModel)}${provider.entry.chatPath}?api-version=${encodeURIComponent(version)}`;
  // Same body as OpenAI's (model included: the v1 form needs it, the dated form ignores it).
  const body = toWireBody(ctx.request, ctx.upstreamModel, ctx.stream, provider.entry.quirks ?? {});
  // API versions before 2024-09-01 refuse `stream_options` ("Unrecognized request argument"); they send no stream usage.
  if (version !== 'v1' && version.slice(0, 10) < STREAM_OPTIONS_SINCE) delete body.stream_options;
  return { method: 'POST', origin: provider.origin, path, headers: provider.wireHeaders(), body: JSON.stringify(body) };
}

/** Azure has no default host: without an endpoint no call can be made (an auth-class failure: fixed by configuration). */
export function missingEndpoint(provider: ProviderRuntime, model: string): ProviderError {
  return new ProviderError({
    errorClass: 'auth', provider: provider.id, model, code: 'missing_endpoint',
    message: 'Azure OpenAI has no endpoint: set AZURE_OPENAI_ENDPOINT (https://<resource>.openai.azure.com) or AZURE_OPENAI_BASE_URL',
  });
}

/** The first data-plane API version that accepts `stream_options` (2024-09-01-preview). */
const STREAM_OPTIONS_SINCE = '2024-09-01';
