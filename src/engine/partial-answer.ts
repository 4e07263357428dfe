import { isRecord, parseJson } from '../internal/json.js';

/** Chunk text held unparsed before it is folded into the answer (the happy path never parses it at all). */
const FOLD_AT_BYTES = 64 * 1024;
/** Past this much answer text a stream is not continued: the prefix would not fit a request anyway. */
export const MAX_PREFIX_CHARS = 512 * 1024;

/** What the caller has already been sent of a streamed answer, as far as a continuation needs it. */
export interface PartialAnswer {
  /** The `id`, `created`, `model` of the first chunk: every later chunk the caller sees carries the same. */
  id: unknown;
  created: unknown;
  model: unknown;
  /** Answer text sent so far (choice 0). */
  content: string;
  /** Something other than text was sent (tool calls, a function call, a refusal, a second choice). */
  notText: boolean;
  /** A finish reason was sent: the answer is complete, only its end (usage, [DONE]) is missing. */
  finished: boolean;
  /** The text outgrew MAX_PREFIX_CHARS. */
  tooLong: boolean;
  /** Content chunks sent, a rough token count of the part that was served. */
  contentChunks: number;
}

/**
 * Keeps the chunks a committed stream sends, cheaply: their JSON texts are only held, and parsed in batches
 * (every 64 KB) or when the stream breaks. A stream that ends properly is never parsed here.
 */
export class PartialAnswerRecorder {
  readonly #held: string[] = [];
  #heldBytes = 0;
  readonly #answer: PartialAnswer = { id: undefined, created: undefined, model: undefined, content: '', notText: false, finished: false, tooLong: false, contentChunks: 0 };
  #seenFirst = false;

  /** A chunk the caller was sent. */
  add(json: string): void {
    if (this.#answer.notText || this.#answer.tooLong) return;
    this.#held.push(json);
    this.#heldBytes += json.length;
    if (this.#heldBytes >= FOLD_AT_BYTES) this.#fold();
  }

  /** The answer so far (parses what is held). */
  answer(): PartialAnswer {
    this.#fold();
    return this.#answer;
  }

  #fold(): void {
    for (const json of this.#held) {
      if (this.#answer.notText || this.#answer.tooLong) break;
      const parsed = parseJson(json);
      // The gateway's own translators produced these; anything unreadable makes the answer unknown.
      if (!parsed.ok || !isRecord(parsed.value)) {
        this.#answer.notText = true;
        break;
      }
      this.#read(parsed.value);
    }
    this.#held.length = 0;
    this.#heldBytes = 0;
  }

  #read(chunk: Record<string, unknown>): void {
    const answer = this.#answer;
    if (!this.#seenFirst) {
      this.#seenFirst = true;
      answer.id = chunk.id;
      answer.created = chunk.created;
      answer.model = chunk.model;
    }
    if (!Array.isArray(chunk.choices)) return;
    for (const choice of chunk.choices as unknown[]) {
      if (!isRecord(choice)) continue;
      if ((choice.index ?? 0) !== 0) answer.notText = true;
      if (choice.finish_reason != null) answer.finished = true;
      const delta = choice.delta;
      if (!isRecord(delta)) continue;
      if ((Array.isArray(delta.tool_calls) && delta.tool_calls.length) || delta.function_call != null || (typeof delta.refusal === 'string' && delta.refusal)) {
        answer.notText = true;
      }
      if (typeof delta.content === 'string' && delta.content) {
        answer.content += delta.content;
        answer.contentChunks++;
        if (answer.content.length > MAX_PREFIX_CHARS) answer.tooLong = true;
      }
    }
  }
}
