/**
 * `POST {base}/embeddings` for the providers that serve OpenAI's embeddings shape (OpenAI, Mistral, Together,
 * Fireworks, OpenRouter). What each accepts is on its ProviderSpec: OpenAI takes token ids and base64; Mistral
 * names the length `output_dimension` and rejects fields it does not know with its 422.
 */
import type { ProviderSpec } from './providers.js';
import { badRequest, modelNotFound, type Reply } from './errors.js';
import { defaultDimensions, openAIEmbeddingsAnswer, openAIInputs } from '../loopback-kit/embeddings.js';

/** Fields of Mistral's EmbeddingRequest (docs.mistral.ai/api/endpoint/embeddings). */
const MISTRAL_FIELDS = new Set(['model', 'input', 'output_dimension', 'output_dtype', 'encoding_format', 'metadata']);
/** Models that give shorter vectors on request. */
const SHORTENS = /text-embedding-3|codestral-embed|gemini-embedding|nomic-embed/;

export function embeddingsReply(spec: ProviderSpec, rec: Record<string, unknown>): Reply {
  const e = spec.embeddings!;
  const model = typeof rec.model === 'string' ? rec.model : '';
  if (spec.id === 'mistral') {
    const detail = Object.keys(rec).filter((k) => !MISTRAL_FIELDS.has(k))
      .map((k) => ({ type: 'extra_forbidden', loc: ['body', k], msg: 'Extra inputs are not permitted', input: rec[k] }));
    if (detail.length) return { status: 422, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ detail }) };
  }
  if (model === '') return badRequest(spec, 'you must provide a model parameter', '');
  const inputs = openAIInputs(rec.input);
  if (!inputs) return badRequest(spec, "'$.input' is invalid. Please check the API reference.", model);
  if (typeof inputs[0] !== 'string' && !e.tokens) return badRequest(spec, 'input must be a string or an array of strings', model);
  if (model.includes('does-not-exist')) return modelNotFound(spec, model);
  const asked = rec[e.dimensionsParam];
  if (asked !== undefined && (!SHORTENS.test(model) || typeof asked !== 'number' || asked < 1 || asked > defaultDimensions(model))) {
    return badRequest(spec, `This model does not support specifying ${e.dimensionsParam} of ${String(asked)}.`, model);
  }
  const base64 = e.base64 && rec.encoding_format === 'base64';
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: openAIEmbeddingsAnswer(model, inputs, typeof asked === 'number' ? asked : defaultDimensions(model), base64),
  };
}
