import { z } from 'zod';
import type { EmbeddingsRequest } from '../types/embeddings.js';
import { ROUTING_FIELDS, validateBody } from './validate-chat.js';
import { modelName } from './model-name.js';

/** OpenAI's limits: 2,048 inputs a request, none empty. */
const MAX_INPUTS = 2_048;
const tokenIds = z.array(z.number().int().nonnegative()).min(1);

/** OpenAI's embeddings request; provider-specific fields (`input_type`, `task_type`) pass through to codecs that know them. */
const embeddingsRequestSchema = z.looseObject({
  model: modelName,
  input: z.union([
    z.string().min(1, 'must not be empty'),
    z.array(z.string().min(1, 'must not be empty')).min(1).max(MAX_INPUTS),
    tokenIds,
    z.array(tokenIds).min(1).max(MAX_INPUTS),
  ], { error: `must be a non-empty string, an array of up to ${MAX_INPUTS} non-empty strings, an array of token ids, or an array of such arrays` }),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: z.string().optional(),
  provider: ROUTING_FIELDS.provider,
});

export function validateEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  return validateBody<EmbeddingsRequest>(embeddingsRequestSchema, body);
}
