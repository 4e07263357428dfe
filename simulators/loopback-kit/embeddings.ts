/**
 * Deterministic embeddings for every simulator: the vector for a text depends on the model family and the text
 * only, so the same model on two providers (OpenAI and OpenRouter, Cohere and Bedrock) gives the same vector, as
 * the real services do, and tests can compute what they expect. Values are float32-exact, so a vector survives a
 * base64 round trip unchanged, and unit length, like real embeddings.
 */

/** Default vector lengths of the models the simulators know; anything else gets 8. */
const DIMENSIONS: ReadonlyArray<[RegExp, number]> = [
  [/text-embedding-3-large/, 3072],
  [/text-embedding-3-small|text-embedding-ada-002|embed-v4/, 1536],
  [/gemini-embedding/, 3072],
  [/embed-(english|multilingual)-v3|mistral-embed|titan-embed-text-v2/, 1024],
  [/codestral-embed/, 1536],
  [/bge-base|nomic-embed/, 768],
];

export function defaultDimensions(model: string): number {
  for (const [pattern, size] of DIMENSIONS) if (pattern.test(model)) return size;
  return 8;
}

/** The model's family as the vectors know it: `openai/text-embedding-3-small` and `text-embedding-3-small` are one. */
export function modelFamily(model: string): string {
  const last = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  return last.replace(/^models\//, '').replace(/^([a-z]{2}\.)?(amazon|cohere)\./, '').replace(/:\d+$/, '').replace(/\.0$/, '');
}

/** FNV-1a over the text, then xorshift32 for the values. */
export function simVector(model: string, input: string | readonly number[], dimensions: number): number[] {
  const key = `${modelFamily(model)}\u0000${typeof input === 'string' ? input : input.join(',')}`;
  let state = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) state = Math.imul(state ^ key.charCodeAt(i), 0x01000193) >>> 0;
  if (state === 0) state = 1;
  const raw = new Array<number>(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    raw[i] = state / 0xffffffff - 0.5;
    norm += raw[i]! * raw[i]!;
  }
  const scale = 1 / Math.sqrt(norm || 1);
  return raw.map((v) => Math.fround(v * scale));
}

/** The simulators' token count: one per word, plus one (deliberately unlike WAI's own estimate, so tests see which). */
export function simTokens(input: string | readonly number[]): number {
  return typeof input === 'string' ? input.split(/\s+/).filter(Boolean).length + 1 : input.length;
}

/** Little-endian float32 bytes, base64: OpenAI's `encoding_format: "base64"`. */
export function vectorBase64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
}

/** OpenAI's embeddings answer for a list of inputs. */
export function openAIEmbeddingsAnswer(model: string, inputs: ReadonlyArray<string | readonly number[]>, dimensions: number, base64: boolean): string {
  let tokens = 0;
  const data = inputs.map((input, index) => {
    tokens += simTokens(input);
    const vector = simVector(model, input, dimensions);
    return { object: 'embedding', index, embedding: base64 ? vectorBase64(vector) : vector };
  });
  return JSON.stringify({ object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** OpenAI's `input` as a list; undefined when it is none of the four accepted forms. */
export function openAIInputs(input: unknown): Array<string | number[]> | undefined {
  if (typeof input === 'string') return input === '' ? undefined : [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((x) => typeof x === 'string' && x !== '')) return input as string[];
  if (input.every((x) => Number.isInteger(x))) return [input as number[]];
  if (input.every((x) => Array.isArray(x) && x.length > 0 && x.every((n) => Number.isInteger(n)))) return input as number[][];
  return undefined;
}
