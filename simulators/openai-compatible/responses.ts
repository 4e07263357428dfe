/**
 * OpenAI's Responses API on the simulator (POST {base}/responses), for the providers that have it (OpenAI, xAI).
 * Shapes as the official `openai` package's type files describe them and as the recordings in
 * fixtures/recorded/openai-responses show (read 2026-12-06): a Response object, and a named-event SSE stream
 * where every event has `type` and `sequence_number`. The answer is the chat simulator's deterministic one, with
 * the input items read as the equivalent messages; `previous_response_id` works on responses this simulator made.
 */
import type { ServerResponse } from 'node:http';
import { computeAnswer, splitArgs, splitDeltas, type Answer } from './answer.js';
import { badRequest, type Reply } from './errors.js';
import type { ProviderSpec } from './providers.js';
import type { Fault } from './types.js';

type Item = Record<string, unknown>;

/** Responses this simulator made, for previous_response_id (bounded). */
export class ResponseMemory {
  readonly #kept = new Map<string, { input: Item[]; output: Item[]; previous: string | null }>();

  keep(id: string, input: Item[], output: Item[], previous: string | null): void {
    this.#kept.set(id, { input, output, previous });
    if (this.#kept.size > 1000) this.#kept.delete(this.#kept.keys().next().value!);
  }

  /** The whole conversation before a response, oldest first; undefined when unknown. */
  history(id: string): Item[] | undefined {
    const turns: Item[][] = [];
    let current = this.#kept.get(id);
    if (!current) return undefined;
    while (current) {
      turns.push([...current.input, ...current.output]);
      current = current.previous ? this.#kept.get(current.previous) : undefined;
    }
    return turns.reverse().flat();
  }
}

export interface ResponsesReplyCtx {
  spec: ProviderSpec;
  n: number;
  created: number;
  body: Record<string, unknown>;
  memory: ResponseMemory;
}

/** Validates and answers one Responses request: a Reply for a refusal, otherwise the response written. */
export function answerResponses(res: ServerResponse, ctx: ResponsesReplyCtx, headers: Record<string, string>, fault: Fault | undefined): Reply | void {
  const { spec, body } = ctx;
  const model = typeof body.model === 'string' ? body.model : '';
  if (model === '') return badRequest(spec, "Missing required parameter: 'model'.", '');
  if (body.messages !== undefined) return badRequest(spec, "Unsupported parameter: 'messages'. In the Responses API, this parameter has moved to 'input'.", model);
  const own = inputItems(body.input);
  if (!own) return badRequest(spec, "Invalid type for 'input': expected a string or an array of input items.", model);
  const previous = typeof body.previous_response_id === 'string' ? body.previous_response_id : null;
  const history = previous ? ctx.memory.history(previous) : [];
  // OpenAI's answer to an unknown id (400, code previous_response_not_found, param named), as clients report it.
  if (!history) {
    return {
      status: 400, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { message: `Previous response with id '${previous}' not found.`, type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_not_found' } }),
    };
  }

  const messages = toMessages(typeof body.instructions === 'string' ? body.instructions : undefined, [...history, ...own]);
  const chatBody: Record<string, unknown> = { model, messages };
  if (Array.isArray(body.tools)) chatBody.tools = body.tools;
  if (body.tool_choice !== undefined) chatBody.tool_choice = body.tool_choice;
  const format = (body.text as { format?: { type?: unknown } } | undefined)?.format;
  if (format && (format.type === 'json_schema' || format.type === 'json_object')) chatBody.response_format = { type: format.type };
  const answer = computeAnswer(spec.id, chatBody, spec.reasoningModels.includes(model) || typeof (body.reasoning as { effort?: unknown } | undefined)?.effort === 'string');

  const id = `resp_sim${ctx.n.toString(16).padStart(40, '0')}`;
  const output = outputItems(answer, ctx.n);
  const store = body.store !== false;
  if (store) ctx.memory.keep(id, own, output, previous);
  const response = {
    id, object: 'response', created_at: ctx.created, status: 'completed', background: false, error: null, incomplete_details: null,
    instructions: body.instructions ?? null, max_output_tokens: body.max_output_tokens ?? null, model, output,
    parallel_tool_calls: body.parallel_tool_calls ?? true, previous_response_id: previous,
    reasoning: { effort: (body.reasoning as { effort?: unknown } | undefined)?.effort ?? null, summary: null },
    store, temperature: body.temperature ?? 1, text: body.text ?? { format: { type: 'text' } }, tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [], top_p: body.top_p ?? 1, truncation: 'disabled',
    usage: {
      input_tokens: answer.promptTokens, input_tokens_details: { cached_tokens: 0 },
      output_tokens: answer.completionTokens, output_tokens_details: { reasoning_tokens: answer.reasoningTokens },
      total_tokens: answer.promptTokens + answer.completionTokens,
    },
    user: body.user ?? null, metadata: body.metadata ?? {},
  };
  if (body.stream === true) return writeEvents(res, streamEvents(response, answer), headers, fault);
  const text = fault?.malformed ? `{"id":"${id}","object":"response","output":[oops]}` : JSON.stringify(response);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function inputItems(input: unknown): Item[] | undefined {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) return undefined;
  return input.every((item) => item && typeof item === 'object') ? (input as Item[]) : undefined;
}

/** Input items as chat messages, so the chat simulator's answer rules apply. */
function toMessages(instructions: string | undefined, items: Item[]): Item[] {
  const messages: Item[] = instructions ? [{ role: 'system', content: instructions }] : [];
  for (const item of items) {
    const type = item.type ?? 'message';
    if (type === 'message') messages.push({ role: item.role, content: partsText(item.content) });
    else if (type === 'function_call') messages.push({ role: 'assistant', content: null, tool_calls: [{ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } }] });
    else if (type === 'function_call_output') messages.push({ role: 'tool', tool_call_id: item.call_id, content: partsText(item.output) });
  }
  return messages;
}

function partsText(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((part: Item) => part.type === 'input_image' ? { type: 'image_url', image_url: { url: part.image_url } } : { type: 'text', text: part.text ?? '' });
}

function outputItems(answer: Answer, n: number): Item[] {
  const hex = n.toString(16).padStart(40, '0');
  const items: Item[] = [];
  if (answer.reasoning) items.push({ id: `rs_sim${hex}`, type: 'reasoning', summary: [{ type: 'summary_text', text: answer.reasoning }] });
  if (answer.toolCall) {
    items.push({ id: `fc_sim${hex}`, type: 'function_call', status: 'completed', arguments: answer.toolCall.arguments, call_id: `call_sim${hex.slice(-20)}`, name: answer.toolCall.name });
  } else {
    items.push({ id: `msg_sim${hex}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text: answer.content }] });
  }
  return items;
}

/** The event sequence OpenAI streams for that response. */
function streamEvents(response: Record<string, unknown> & { output: Item[] }, answer: Answer): Array<[string, Item]> {
  const events: Array<[string, Item]> = [];
  const started = { ...response, status: 'in_progress', output: [], usage: null };
  events.push(['response.created', { response: started }], ['response.in_progress', { response: started }]);
  response.output.forEach((item, index) => {
    const id = item.id;
    if (item.type === 'reasoning') {
      events.push(['response.output_item.added', { output_index: index, item: { ...item, summary: [] } }]);
      events.push(['response.reasoning_summary_part.added', { item_id: id, output_index: index, summary_index: 0, part: { type: 'summary_text', text: '' } }]);
      for (const delta of splitDeltas(answer.reasoning ?? '')) events.push(['response.reasoning_summary_text.delta', { item_id: id, output_index: index, summary_index: 0, delta }]);
      events.push(['response.reasoning_summary_text.done', { item_id: id, output_index: index, summary_index: 0, text: answer.reasoning }]);
      events.push(['response.reasoning_summary_part.done', { item_id: id, output_index: index, summary_index: 0, part: { type: 'summary_text', text: answer.reasoning } }]);
    } else if (item.type === 'function_call') {
      events.push(['response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', arguments: '' } }]);
      for (const delta of splitArgs(String(item.arguments))) events.push(['response.function_call_arguments.delta', { item_id: id, output_index: index, delta }]);
      events.push(['response.function_call_arguments.done', { item_id: id, output_index: index, arguments: item.arguments }]);
    } else {
      const part = (item.content as Item[])[0]!;
      events.push(['response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } }]);
      events.push(['response.content_part.added', { item_id: id, output_index: index, content_index: 0, part: { ...part, text: '' } }]);
      for (const delta of splitDeltas(String(part.text))) events.push(['response.output_text.delta', { item_id: id, output_index: index, content_index: 0, delta, logprobs: [] }]);
      events.push(['response.output_text.done', { item_id: id, output_index: index, content_index: 0, text: part.text, logprobs: [] }]);
      events.push(['response.content_part.done', { item_id: id, output_index: index, content_index: 0, part }]);
    }
    events.push(['response.output_item.done', { output_index: index, item }]);
  });
  events.push(['response.completed', { response }]);
  return events;
}

/**
 * Writes the events. Faults: streamError (after N events, OpenAI's in-stream `error` then response.failed, as
 * in the recorded insufficient_quota stream), cutAfterChunks (the socket destroyed after N events), truncate
 * (a clean end before response.completed).
 */
function writeEvents(res: ServerResponse, events: Array<[string, Item]>, headers: Record<string, string>, fault: Fault | undefined): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
  const frames: string[] = [];
  let sequence = 0;
  const frame = (type: string, fields: Item) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  const limit = fault?.streamError?.afterChunks ?? fault?.cutAfterChunks ?? (fault?.truncate ? events.length - 1 : events.length);
  for (const [type, fields] of events.slice(0, limit)) frames.push(frame(type, fields));
  if (fault?.streamError) {
    const code = fault.streamError.code === 429 ? 'insufficient_quota' : 'server_error';
    const message = fault.streamError.message ?? 'The server had an error while processing your request.';
    frames.push(frame('error', { error: { type: code, code, message, param: null } }));
    const started = (events[0]![1] as { response: Item }).response;
    frames.push(frame('response.failed', { response: { ...started, status: 'failed', error: { code, message } } }));
  }
  if (fault?.cutAfterChunks !== undefined) {
    res.write(frames.join(''), () => res.socket?.destroy());
    return;
  }
  res.end(frames.join(''));
}
