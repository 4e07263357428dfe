/** The OpenAI embeddings answer from what a provider sent: vectors in the format asked for, usage always filled. */
import type { DecodedEmbeddings } from '../dialects/types.js';
import type { EmbeddingsRequest, EmbeddingsResponse, EmbeddingItem } from '../types/embeddings.js';
import { inFormat } from './vectors.js';

/** About four characters a token, as the planner estimates; used only when a provider reports no count. */
const CHARS_PER_TOKEN = 4;

/** Input tokens: token ids count themselves, text is estimated. */
export function estimateTokens(texts: string[] | number[][]): number {
  let total = 0;
  for (const item of texts) total += typeof item === 'string' ? Math.ceil(item.length / CHARS_PER_TOKEN) : item.length;
  return total;
}

/** Undefined when a base64 vector from the provider is not whole float32 values. */
export function toEmbeddingsResponse(decoded: DecodedEmbeddings, request: EmbeddingsRequest, texts: string[] | number[][], model: string): EmbeddingsResponse | undefined {
  const format = request.encoding_format ?? 'float';
  const data: EmbeddingItem[] = new Array(decoded.vectors.length);
  for (let index = 0; index < decoded.vectors.length; index++) {
    const embedding = inFormat(decoded.vectors[index]!, format);
    if (embedding === undefined) return undefined;
    data[index] = { object: 'embedding', index, embedding };
  }
  const tokens = decoded.promptTokens ?? estimateTokens(texts);
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

/** The input as one list, whatever form it came in (a string, strings, token ids, lists of token ids). */
export function inputList(input: EmbeddingsRequest['input']): string[] | number[][] {
  if (typeof input === 'string') return [input];
  if (input.length > 0 && typeof input[0] === 'number') return [input as number[]];
  return input as string[] | number[][];
}
