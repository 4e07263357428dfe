import type { EmbeddingsRequest } from '../types/embeddings.js';
import type { CanonicalModel } from '../catalog/types.js';
import type { Requirements } from './requirements.js';
import { GatewayError } from '../errors/gateway-error.js';
import { estimateTokens, inputList } from '../embeddings/response.js';

/**
 * What an embeddings request needs, checked against what the catalog knows of its model: the model must be an
 * embedding model, and a `dimensions` it cannot give is refused here (every provider of the model would refuse it).
 * The size compared with each offering's window is that of the longest input, since each input is embedded alone.
 */
export function embeddingsRequirements(request: EmbeddingsRequest, model: CanonicalModel | undefined): Requirements {
  if (model && model.class !== 'embedding') {
    throw new GatewayError(400, `"${request.model}" is not an embedding model; embeddings need one (e.g. text-embedding-3-small, gemini-embedding-001, embed-v4.0).`, { param: 'model', code: 'wrong_model_kind' });
  }
  const facts = model?.embedding;
  if (facts && request.dimensions !== undefined && !allowsDimensions(facts.dimensions, facts.choices, request.dimensions)) {
    const choices = facts.choices;
    const allowed = !choices ? `only ${facts.dimensions}` : Array.isArray(choices) ? `one of ${choices.join(', ')}` : `${(choices as { min: number }).min} to ${(choices as { max: number }).max}`;
    throw new GatewayError(400, `${model!.name} cannot give ${request.dimensions} dimensions: \`dimensions\` must be ${allowed}.`, { param: 'dimensions', code: 'invalid_value' });
  }
  const texts = inputList(request.input);
  let longest = 0;
  for (const item of texts) longest = Math.max(longest, estimateTokens([item] as string[] | number[][]));
  return { capabilities: {}, estimatedTokens: longest, ...(typeof texts[0] !== 'string' ? { tokenInput: true } : {}) };
}

function allowsDimensions(standard: number, choices: readonly number[] | { min: number; max: number } | undefined, asked: number): boolean {
  if (asked === standard) return true;
  if (!choices) return false;
  if (Array.isArray(choices)) return choices.includes(asked);
  const range = choices as { min: number; max: number };
  return asked >= range.min && asked <= range.max;
}
