/** OpenAI's embeddings request and answer (`POST /v1/embeddings`), the canonical shape every embeddings codec translates. */

/** Text, several texts, one text as token ids, or several as token ids (OpenAI's four forms). */
export type EmbeddingsInput = string | string[] | number[] | number[][];

export type EncodingFormat = 'float' | 'base64';

export interface EmbeddingsRequest {
  model: string;
  input: EmbeddingsInput;
  /** Shorter vectors, for models that can give them (Matryoshka-trained models). */
  dimensions?: number;
  /** `base64`: each vector as little-endian float32 bytes, base64-encoded (what the openai SDK asks for by default). */
  encoding_format?: EncodingFormat;
  user?: string;
  [extra: string]: unknown;
}

export interface EmbeddingItem {
  object: 'embedding';
  index: number;
  embedding: number[] | string;
}

export interface EmbeddingsResponse {
  object: 'list';
  data: EmbeddingItem[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}
