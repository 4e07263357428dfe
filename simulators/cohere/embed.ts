/**
 * Cohere's embed (`POST /v2/embed`, and the same body on Bedrock's InvokeModel without `model`):
 * `{texts, input_type, embedding_types, output_dimension?}` → `{response_type:"embeddings_by_type",
 * embeddings:{float:[[…]]}, texts, meta:{billed_units:{input_tokens}}}`. v3 and later models require
 * `input_type`; at most 96 texts a call; `output_dimension` only on embed-v4 (256, 512, 1024, 1536).
 */
import { randomUUID } from 'node:crypto';
import { invalidRequest, modelNotFound, unknownField, type CohereErrorReply } from './errors.js';
import { defaultDimensions, simTokens, simVector } from '../loopback-kit/embeddings.js';

const FIELDS = new Set(['model', 'texts', 'images', 'inputs', 'input_type', 'embedding_types', 'output_dimension', 'truncate', 'max_tokens']);
const INPUT_TYPES = new Set(['search_document', 'search_query', 'classification', 'clustering', 'image']);
const V4_DIMENSIONS = new Set([256, 512, 1024, 1536]);
const MAX_TEXTS = 96;

/** The answer for an embed body; `model` comes from the body (Cohere) or the path (Bedrock). */
export function cohereEmbedReply(model: string, body: Record<string, unknown>, withMeta: boolean): CohereErrorReply {
  for (const name of Object.keys(body)) if (!FIELDS.has(name)) return unknownField(name);
  if (model === '') return invalidRequest('model must be specified');
  const texts = body.texts;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) return invalidRequest('texts must be a non-empty list of strings');
  if (texts.length > MAX_TEXTS) return invalidRequest(`texts cannot contain more than ${MAX_TEXTS} elements`);
  if (typeof body.input_type !== 'string' || !INPUT_TYPES.has(body.input_type)) return invalidRequest('valid input_type must be provided with the provided model');
  const types = body.embedding_types ?? ['float'];
  if (!Array.isArray(types) || !types.includes('float')) return invalidRequest('the simulator answers embedding_types ["float"] only');
  const asked = body.output_dimension;
  if (asked !== undefined && (!/embed-v4/.test(model) || !V4_DIMENSIONS.has(asked as number))) {
    return invalidRequest(`output_dimension ${String(asked)} is not supported for ${model}`);
  }
  if (model.includes('does-not-exist')) return modelNotFound(model);
  const dimensions = typeof asked === 'number' ? asked : defaultDimensions(model);
  const answer: Record<string, unknown> = {
    id: randomUUID(),
    response_type: 'embeddings_by_type',
    embeddings: { float: (texts as string[]).map((t) => simVector(model, t, dimensions)) },
    texts,
  };
  if (withMeta) {
    const tokens = (texts as string[]).reduce((sum, t) => sum + simTokens(t), 0);
    answer.meta = { api_version: { version: '2' }, billed_units: { input_tokens: tokens } };
  }
  return { status: 200, body: JSON.stringify(answer) };
}
