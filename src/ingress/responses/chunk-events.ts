import type { ChatCompletionChunk, FinishReason, Usage } from '../../types/chat.js';
import type { ResponseObject, ResponseOutputItem, ResponsesRequest, ResponseStreamEvent } from '../../types/responses.js';
import { finishStatus, outputItemId, responseEnvelope, toResponseUsage } from './response-object.js';

/** An output item being streamed, with what it has gathered so far. */
interface OpenItem {
  index: number;
  kind: 'message' | 'reasoning' | 'function_call';
  id: string;
  text: string;
  callId?: string;
  name?: string;
}

/**
 * Turns a canonical chat stream (chunk JSON texts) into the Responses API's event stream, in the order OpenAI
 * sends it: response.created, response.in_progress, then per output item its `added`, its deltas, its `done`
 * events, and response.completed with the whole response and usage. Every event carries `sequence_number`.
 */
export class ChunkEventTranslator {
  readonly #response: ResponseObject;
  readonly #events: ResponseStreamEvent[] = [];
  readonly #output: ResponseOutputItem[] = [];
  #sequence = 0;
  #text: OpenItem | undefined;
  #reasoning: OpenItem | undefined;
  /** Tool calls by their chunk index. */
  readonly #calls = new Map<number, OpenItem>();
  #finish: FinishReason | null = null;
  #usage: Usage | undefined;
  #modelSet = false;
  #final: ResponseObject | undefined;

  constructor(request: ResponsesRequest, id: string, createdAt: number, model: string) {
    this.#response = responseEnvelope(request, id, createdAt, model);
  }

  /** response.created and response.in_progress. */
  start(): ResponseStreamEvent[] {
    this.#emit('response.created', { response: this.#response });
    this.#emit('response.in_progress', { response: this.#response });
    return this.#take();
  }

  /** The events one chat chunk gives (none for a chunk with no content). */
  push(json: string): ResponseStreamEvent[] {
    const chunk = JSON.parse(json) as ChatCompletionChunk;
    if (!this.#modelSet && chunk.model) {
      this.#response.model = chunk.model;
      this.#modelSet = true;
    }
    if (chunk.usage) this.#usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (!choice) return this.#take();
    const delta = choice.delta ?? {};
    const reasoning = delta.reasoning_content ?? (typeof (delta as { reasoning?: unknown }).reasoning === 'string' ? (delta as { reasoning: string }).reasoning : undefined);
    if (reasoning) this.#reasoningDelta(reasoning);
    if (typeof delta.content === 'string' && delta.content !== '') this.#textDelta(delta.content);
    for (const call of delta.tool_calls ?? []) this.#callDelta(call.index, call.id, call.function?.name, call.function?.arguments);
    if (choice.finish_reason) this.#finish = choice.finish_reason;
    return this.#take();
  }

  /** Closes what is open and ends with response.completed (or response.incomplete). */
  finish(usage: Usage | undefined): ResponseStreamEvent[] {
    this.#closeReasoning();
    this.#closeText();
    for (const call of this.#calls.values()) this.#closeCall(call);
    this.#calls.clear();
    const final: ResponseObject = { ...this.#response, ...finishStatus(this.#finish), output: this.#output, usage: toResponseUsage(usage ?? this.#usage) };
    this.#emit(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
    this.#final = final;
    return this.#take();
  }

  /** A failure after the answer began. */
  fail(error: StreamFailure): ResponseStreamEvent[] {
    const events = failureEvents(error, this.#sequence, { ...this.#response, output: this.#output });
    this.#sequence += events.length;
    return [...this.#take(), ...events];
  }

  /** The whole response, once finish() has run. */
  get final(): ResponseObject | undefined {
    return this.#final;
  }

  #reasoningDelta(text: string): void {
    if (!this.#reasoning) {
      this.#reasoning = this.#open('reasoning', 'rs');
      this.#emit('response.output_item.added', { output_index: this.#reasoning.index, item: { type: 'reasoning', id: this.#reasoning.id, summary: [] } });
      this.#emit('response.reasoning_summary_part.added', { item_id: this.#reasoning.id, output_index: this.#reasoning.index, summary_index: 0, part: { type: 'summary_text', text: '' } });
    }
    this.#reasoning.text += text;
    this.#emit('response.reasoning_summary_text.delta', { item_id: this.#reasoning.id, output_index: this.#reasoning.index, summary_index: 0, delta: text });
  }

  #textDelta(text: string): void {
    this.#closeReasoning();
    if (!this.#text) {
      this.#text = this.#open('message', 'msg');
      const item = this.#text;
      this.#emit('response.output_item.added', { output_index: item.index, item: { id: item.id, type: 'message', status: 'in_progress', content: [], role: 'assistant' } });
      this.#emit('response.content_part.added', { item_id: item.id, output_index: item.index, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
    }
    this.#text.text += text;
    this.#emit('response.output_text.delta', { item_id: this.#text.id, output_index: this.#text.index, content_index: 0, delta: text, logprobs: [] });
  }

  #callDelta(index: number, callId: string | undefined, name: string | undefined, args: string | undefined): void {
    this.#closeReasoning();
    this.#closeText();
    let call = this.#calls.get(index);
    if (!call) {
      call = { ...this.#open('function_call', 'fc'), callId: callId ?? `call_${index}_${this.#response.id.slice(-12)}`, name: name ?? '' };
      this.#calls.set(index, call);
      this.#emit('response.output_item.added', { output_index: call.index, item: { id: call.id, type: 'function_call', status: 'in_progress', arguments: '', call_id: call.callId, name: call.name } });
    }
    if (args) {
      call.text += args;
      this.#emit('response.function_call_arguments.delta', { item_id: call.id, output_index: call.index, delta: args });
    }
  }

  #open(kind: OpenItem['kind'], prefix: 'rs' | 'msg' | 'fc'): OpenItem {
    // The slot is taken now so output_index follows the order items were opened in.
    const index = this.#output.length;
    this.#output.push({ type: kind });
    return { index, kind, id: outputItemId(this.#response.id, prefix, index), text: '' };
  }

  #closeReasoning(): void {
    const item = this.#reasoning;
    if (!item) return;
    this.#reasoning = undefined;
    const part = { type: 'summary_text', text: item.text };
    this.#emit('response.reasoning_summary_text.done', { item_id: item.id, output_index: item.index, summary_index: 0, text: item.text });
    this.#emit('response.reasoning_summary_part.done', { item_id: item.id, output_index: item.index, summary_index: 0, part });
    this.#done(item.index, { type: 'reasoning', id: item.id, summary: [part] });
  }

  #closeText(): void {
    const item = this.#text;
    if (!item) return;
    this.#text = undefined;
    const part = { type: 'output_text', annotations: [], logprobs: [], text: item.text };
    this.#emit('response.output_text.done', { item_id: item.id, output_index: item.index, content_index: 0, text: item.text, logprobs: [] });
    this.#emit('response.content_part.done', { item_id: item.id, output_index: item.index, content_index: 0, part });
    this.#done(item.index, { id: item.id, type: 'message', status: 'completed', content: [part], role: 'assistant' });
  }

  #closeCall(call: OpenItem): void {
    this.#emit('response.function_call_arguments.done', { item_id: call.id, output_index: call.index, arguments: call.text });
    this.#done(call.index, { id: call.id, type: 'function_call', status: 'completed', arguments: call.text, call_id: call.callId!, name: call.name! });
  }

  #done(index: number, item: ResponseOutputItem): void {
    this.#output[index] = item;
    this.#emit('response.output_item.done', { output_index: index, item });
  }

  #emit(type: string, fields: Record<string, unknown>): void {
    this.#events.push({ event: type, data: JSON.stringify({ type, sequence_number: this.#sequence++, ...fields }) });
  }

  #take(): ResponseStreamEvent[] {
    return this.#events.splice(0);
  }
}

export interface StreamFailure {
  message: string;
  type: string;
  code: string | null;
}

/** How OpenAI ends a stream that failed after it began: an `error` event, then response.failed. */
export function failureEvents(error: StreamFailure, sequence: number, response: Record<string, unknown>): ResponseStreamEvent[] {
  const failed = { ...response, status: 'failed', error: { code: error.code ?? 'server_error', message: error.message } };
  return [
    { event: 'error', data: JSON.stringify({ type: 'error', sequence_number: sequence, error: { type: error.type, code: error.code, message: error.message, param: null } }) },
    { event: 'response.failed', data: JSON.stringify({ type: 'response.failed', sequence_number: sequence + 1, response: failed }) },
  ];
}
