/**
 * A canonical (OpenAI chunk) stream as Anthropic's event stream, the way the Anthropic SDK and Claude Code read it:
 *   message_start (with the estimated input count: clients refuse an all-zero usage), ping,
 *   per block content_block_start / content_block_delta (text_delta, thinking_delta, input_json_delta) /
 *   content_block_stop, then message_delta (stop reason, usage) and message_stop.
 * Every delta follows the start of its block and every block is stopped; a text -> tool switch closes the text
 * block first and the chunk that opens a tool call may carry its first arguments, which are sent, not dropped.
 */
import type { ChatCompletionChunk, FinishReason, ToolCallDelta, Usage } from '../../types/chat.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { messageId, toMessagesUsage, toStopReason } from './to-message.js';
import { toolUseId } from '../../dialects/anthropic/messages.js';

type BlockKind = 'text' | 'thinking' | 'tool';

export function sseEvent(type: string, payload: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export class MessagesEventWriter {
  readonly #model: string;
  readonly #inputEstimate: number;
  readonly #fallbackId: string;
  #started = false;
  /** The open block: its Anthropic index and kind. */
  #open: { index: number; kind: BlockKind } | undefined;
  #nextIndex = 0;
  /** OpenAI tool-call index -> Anthropic block index. */
  readonly #tools = new Map<number, number>();
  #finish: FinishReason | null = null;

  /** `fallbackId` names the message when the upstream gave no id (the gateway's request id). */
  constructor(model: string, inputEstimate: number, fallbackId: string) {
    this.#model = model;
    this.#inputEstimate = inputEstimate;
    this.#fallbackId = fallbackId;
  }

  /** The events for one OpenAI chunk (JSON text), as one string to write; '' when it carries nothing. */
  chunk(json: string): string {
    const parsed = parseJson<ChatCompletionChunk>(json);
    if (!parsed.ok || !isRecord(parsed.value)) return '';
    const chunk = parsed.value;
    let out = this.#start(chunk);
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    const delta = choice?.delta as (ChatCompletionChunk['choices'][number]['delta'] & { reasoning?: unknown }) | undefined;
    if (delta) {
      const reasoning = delta.reasoning_content ?? (typeof delta.reasoning === 'string' ? delta.reasoning : undefined);
      if (reasoning) out += this.#into('thinking') + sseEvent('content_block_delta', { type: 'content_block_delta', index: this.#open!.index, delta: { type: 'thinking_delta', thinking: reasoning } });
      const text = delta.content || delta.refusal;
      if (text) out += this.#into('text') + sseEvent('content_block_delta', { type: 'content_block_delta', index: this.#open!.index, delta: { type: 'text_delta', text } });
      for (const call of delta.tool_calls ?? []) out += this.#toolCall(call);
    }
    if (choice?.finish_reason) {
      this.#finish = choice.finish_reason;
      out += this.#close();
    }
    return out;
  }

  /** The closing events, once the stream has ended properly. */
  end(usage: Usage | undefined): string {
    let out = this.#start(undefined) + this.#close();
    const counts = toMessagesUsage(usage);
    if (!usage) counts.input_tokens = this.#inputEstimate;
    out += sseEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: toStopReason(this.#finish, this.#tools.size > 0), stop_sequence: null },
      usage: counts,
    });
    return out + sseEvent('message_stop', { type: 'message_stop' });
  }

  #start(chunk: ChatCompletionChunk | undefined): string {
    if (this.#started) return '';
    this.#started = true;
    const message = {
      id: messageId(typeof chunk?.id === 'string' && chunk.id ? chunk.id : this.#fallbackId),
      type: 'message',
      role: 'assistant',
      model: typeof chunk?.model === 'string' && chunk.model ? chunk.model : this.#model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: this.#inputEstimate, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    };
    return sseEvent('message_start', { type: 'message_start', message }) + sseEvent('ping', { type: 'ping' });
  }

  /** Makes a block of this kind the open one (closing another first); text and thinking continue their block. */
  #into(kind: 'text' | 'thinking'): string {
    if (this.#open?.kind === kind) return '';
    const out = this.#close();
    const index = this.#nextIndex++;
    this.#open = { index, kind };
    const block = kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    return out + sseEvent('content_block_start', { type: 'content_block_start', index, content_block: block });
  }

  #toolCall(call: ToolCallDelta): string {
    const key = typeof call.index === 'number' ? call.index : 0;
    let out = '';
    let index = this.#tools.get(key);
    if (index === undefined) {
      out += this.#close();
      index = this.#nextIndex++;
      this.#tools.set(key, index);
      this.#open = { index, kind: 'tool' };
      const id = call.id ? toolUseId(call.id) : `toolu_wai_${index}`;
      out += sseEvent('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name: call.function?.name ?? '', input: {} } });
    }
    const args = call.function?.arguments;
    if (args) out += sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: args } });
    return out;
  }

  #close(): string {
    if (!this.#open) return '';
    const index = this.#open.index;
    this.#open = undefined;
    return sseEvent('content_block_stop', { type: 'content_block_stop', index });
  }
}
