import { isRecord, parseJson } from '../internal/json.js';
import type { ContinuationMode } from './continuation-request.js';
import type { PartialAnswer } from './partial-answer.js';

type Chunk = Record<string, unknown>;

/**
 * Makes a continuation's chunks read as the rest of the stream the caller is already reading: the first
 * stream's `id`, `created` and `model`, no second role announcement, and no repeat of the text the caller has
 * (a provider that echoes a prefix it was given, or the space Anthropic's prefill could not end with).
 */
export class ContinuationChunks {
  readonly #first: PartialAnswer;
  /** Text the continuation may repeat at its start (`prefix: true` providers only); cleared once decided. */
  #echo: string | undefined;
  #held: Chunk[] = [];
  #heldText = '';
  /** The prefill lost its trailing whitespace, which the caller already has: the continuation's leading one goes. */
  #trimLead: boolean;

  constructor(first: PartialAnswer, mode: ContinuationMode) {
    this.#first = first;
    // Anthropic returns only the continuation of a prefill; whether Mistral and DeepSeek repeat the prefix is unconfirmed.
    this.#echo = mode === 'prefix-flag' && first.content ? first.content : undefined;
    this.#trimLead = mode === 'prefill' && /\s$/.test(first.content);
  }

  /** The chunks to send for one continuation chunk (none while a possible echo is being held). */
  rewrite(json: string): string[] {
    const parsed = parseJson(json);
    if (!parsed.ok || !isRecord(parsed.value)) return [json];
    const chunk = parsed.value;
    if (this.#first.id !== undefined) chunk.id = this.#first.id;
    if (this.#first.created !== undefined) chunk.created = this.#first.created;
    if (this.#first.model !== undefined) chunk.model = this.#first.model;
    const choice = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]).find((c) => isRecord(c) && (c.index ?? 0) === 0) as Chunk | undefined : undefined;
    const delta = choice && isRecord(choice.delta) ? choice.delta : undefined;
    if (delta) delete delta.role;
    const text = delta && typeof delta.content === 'string' ? delta.content : '';
    if (this.#echo !== undefined) {
      // A chunk without text (the role announcement, reasoning) passes; after held text it ends the comparison.
      if (!text) return this.#held.length ? [...this.flush(), ...this.#emit(chunk)] : this.#emit(chunk);
      const seen = this.#heldText + text;
      if (seen.length < this.#echo.length && this.#echo.startsWith(seen)) {
        this.#held.push(chunk);
        this.#heldText = seen;
        return [];
      }
      if (seen.startsWith(this.#echo)) {
        // The provider repeated the prefix: what it held is dropped, the rest of this chunk is new text.
        delta!.content = seen.slice(this.#echo.length);
        this.#held = [];
        this.#heldText = '';
        this.#echo = undefined;
        return this.#emit(chunk);
      }
      return [...this.flush(), ...this.#emit(chunk)];
    }
    return this.#emit(chunk);
  }

  /** Chunks held as a possible echo that turned out not to be one. */
  flush(): string[] {
    this.#echo = undefined;
    const held = this.#held;
    this.#held = [];
    this.#heldText = '';
    return held.flatMap((chunk) => this.#emit(chunk));
  }

  #emit(chunk: Chunk): string[] {
    const choices = Array.isArray(chunk.choices) ? chunk.choices as unknown[] : [];
    for (const choice of choices) {
      if (!isRecord(choice) || !isRecord(choice.delta)) continue;
      const delta = choice.delta;
      if (this.#trimLead && typeof delta.content === 'string' && delta.content) {
        delta.content = delta.content.replace(/^\s+/, '');
        if (delta.content) this.#trimLead = false;
      }
    }
    // A chunk left with nothing to say (the continuation's role announcement, an emptied echo) is not sent.
    const empty = choices.length > 0 && chunk.usage == null && choices.every((c) => isRecord(c) && c.finish_reason == null && isEmptyDelta(c.delta));
    return empty ? [] : [JSON.stringify(chunk)];
  }
}

function isEmptyDelta(delta: unknown): boolean {
  if (!isRecord(delta)) return true;
  for (const [key, value] of Object.entries(delta)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'role') continue;
    return false;
  }
  return true;
}
