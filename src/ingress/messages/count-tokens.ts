/**
 * POST /v1/messages/count_tokens. When the route for the model starts at an Anthropic upstream, the request goes
 * there as the caller sent it (Anthropic's count is exact, tools, images and PDFs included); its answer comes back
 * as it is. Otherwise, or when that call fails for a reason other than the request itself, the answer is the
 * gateway's estimate (estimate-tokens.ts). `source` says which, for the `x-wai-token-count` header.
 */
import type { Engine } from '../../engine/engine.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { NATIVE_DIALECT, nativeBodyFor } from '../../dialects/native-body.js';
import { readCapped } from '../../engine/run-completion.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { validateCountTokensRequest } from './validate.js';
import { toChatRequest } from './to-chat-request.js';
import { anthropicBody } from './anthropic-history.js';
import { estimateInputTokens } from './estimate-tokens.js';

const COUNT_PATH = '/v1/messages/count_tokens';
/** A token count is a few bytes; anything larger is not one. */
const MAX_COUNT_BODY = 64 * 1024;

export interface TokenCount {
  /** The answer body: `{"input_tokens": N}`. */
  body: Uint8Array;
  source: 'upstream' | 'estimate';
  /** The provider that counted, when one did. */
  provider?: string;
}

export async function countTokens(engine: Engine, bytes: Buffer, body: unknown, headers: Record<string, string>): Promise<TokenCount> {
  const source = validateCountTokensRequest(body);
  const route = engine.planner.plan(toChatRequest(source, engine.catalog).request);
  const first = route.targets[0];
  if (first && first.provider.entry.dialect === NATIVE_DIALECT['anthropic-messages']) {
    const provider = first.provider;
    const native = { format: 'anthropic-messages' as const, bytes: anthropicBody(source, bytes), model: source.model, headers };
    try {
      const response = await engine.sendUpstream({
        method: 'POST',
        origin: provider.origin,
        path: provider.basePath + COUNT_PATH,
        headers: { ...provider.wireHeaders(), ...headers },
        body: nativeBodyFor(native, first.upstreamModel),
      }, AbortSignal.timeout(engine.config.timeouts.attemptMs));
      const text = await readCapped(response.body, MAX_COUNT_BODY);
      const parsed = parseJson(text);
      if (response.status >= 200 && response.status < 300 && parsed.ok && isRecord(parsed.value) && typeof parsed.value.input_tokens === 'number') {
        return { body: Buffer.from(text), source: 'upstream', provider: provider.id };
      }
      // The request itself is at fault: the caller hears Anthropic's reason, not an estimate of a bad request.
      if (response.status === 400 && parsed.ok && isRecord(parsed.value) && isRecord(parsed.value.error)) {
        throw new GatewayError(400, `${provider.entry.name}: ${engine.redact(String(parsed.value.error.message ?? 'invalid request'))}`, { code: 'invalid_request', details: { provider: provider.id } });
      }
    } catch (error) {
      if (GatewayError.is(error)) throw error;
      // Unreachable, timed out, broken: the estimate still answers.
    }
  }
  return { body: Buffer.from(JSON.stringify({ input_tokens: estimateInputTokens(source) })), source: 'estimate' };
}
