import type { ChatMessage, ChatRequest, ContentPart, FunctionTool, ResponseFormat, ToolCall, ToolChoice } from '../../types/chat.js';
import type { ResponseContentPart, ResponseInputItem, ResponsesRequest, ResponseTextFormat, ResponseToolChoice } from '../../types/responses.js';
import { GatewayError } from '../../errors/gateway-error.js';

/**
 * A Responses request as the canonical chat request, for providers that do not speak the Responses API.
 * `history` is the conversation of `previous_response_id` (its input and output items, oldest first), put
 * before this request's own input, as OpenAI does. Whatever cannot be said in a chat request is refused with a
 * 400 naming the field, never dropped in silence.
 */
export function toChatRequest(request: ResponsesRequest, history: readonly ResponseInputItem[] = []): ChatRequest {
  return translate(request, history, refuseTranslation);
}

/**
 * The same translation with whatever a chat request cannot say left out: what the planner reads (size,
 * tools, images, JSON) when only providers that speak the Responses API can serve the request as it is.
 */
export function toPlanningRequest(request: ResponsesRequest, history: readonly ResponseInputItem[] = []): ChatRequest {
  return translate(request, history, () => undefined);
}

/** What to do with something a chat request cannot say: throw (serving) or leave it out (planning). */
type Refuse = (param: string, what: string) => undefined;

function translate(request: ResponsesRequest, history: readonly ResponseInputItem[], refuse: Refuse): ChatRequest {
  const messages: ChatMessage[] = [];
  if (request.instructions) messages.push({ role: 'system', content: request.instructions });
  const items = typeof request.input === 'string' ? [{ role: 'user' as const, content: request.input }] : request.input ?? [];
  history.forEach((item) => addItem(messages, item, 'previous_response_id', refuse));
  items.forEach((item, i) => addItem(messages, item, `input[${i}]`, refuse));

  const chat: ChatRequest = { model: request.model, messages };
  if (request.stream) chat.stream = true;
  const tools = (request.tools ?? []).flatMap((tool, i) => toFunctionTool(tool, `tools[${i}]`, refuse) ?? []);
  if (tools.length) chat.tools = tools;
  const choice = request.tool_choice === undefined ? undefined : toToolChoice(request.tool_choice, refuse);
  if (choice !== undefined) chat.tool_choice = choice;
  if (typeof request.parallel_tool_calls === 'boolean' && chat.tools) chat.parallel_tool_calls = request.parallel_tool_calls;
  const format = request.text?.format;
  if (format) chat.response_format = toResponseFormat(format);
  if (request.max_output_tokens != null) chat.max_completion_tokens = request.max_output_tokens;
  if (request.temperature != null) chat.temperature = request.temperature;
  if (request.top_p != null) chat.top_p = request.top_p;
  if (request.reasoning?.effort) chat.reasoning_effort = request.reasoning.effort;
  if (request.user) chat.user = request.user;
  if (request.models) chat.models = request.models;
  if (request.provider) chat.provider = request.provider;
  if (request.wai) chat.wai = request.wai;
  return chat;
}

function addItem(messages: ChatMessage[], item: ResponseInputItem, at: string, refuse: Refuse): void {
  const type = item.type ?? 'message';
  if (type === 'message') {
    const message = item as Extract<ResponseInputItem, { role: string }>;
    const role = message.role;
    if (role === 'assistant') {
      const text = typeof message.content === 'string' ? message.content : textOf(message.content, `${at}.content`, refuse);
      messages.push({ role: 'assistant', content: text });
    } else {
      messages.push({ role, content: typeof message.content === 'string' ? message.content : toParts(message.content, `${at}.content`, refuse) });
    }
    return;
  }
  if (type === 'function_call') {
    const call = item as Extract<ResponseInputItem, { type: 'function_call' }>;
    const toolCall: ToolCall = { id: call.call_id, type: 'function', function: { name: call.name, arguments: call.arguments } };
    // Calls of one turn (parallel calls, or a call after the assistant's text) belong to one assistant message.
    const last = messages[messages.length - 1];
    if (last?.role === 'assistant') last.tool_calls = [...(last.tool_calls ?? []), toolCall];
    else messages.push({ role: 'assistant', content: null, tool_calls: [toolCall] });
    return;
  }
  if (type === 'function_call_output') {
    const output = item as Extract<ResponseInputItem, { type: 'function_call_output' }>;
    const text = typeof output.output === 'string' ? output.output : textOf(output.output, `${at}.output`, refuse);
    messages.push({ role: 'tool', tool_call_id: output.call_id, content: text });
    return;
  }
  // Reasoning items are the serving model's own state: another model cannot read them, and they carry no answer.
  if (type === 'reasoning') return;
  refuse(`${at}.type`, `an input item of type '${type}'`);
}

function toParts(parts: ResponseContentPart[], at: string, refuse: Refuse): ContentPart[] {
  return parts.flatMap((part, i): ContentPart[] => {
    if (part.type === 'input_text' || part.type === 'output_text') return [{ type: 'text', text: part.text }];
    if (part.type === 'input_image') {
      if (!part.image_url) return refuse(`${at}[${i}].file_id`, 'an image given by file_id (give it as image_url)') ?? [];
      return [{ type: 'image_url', image_url: { url: part.image_url, ...(part.detail ? { detail: part.detail } : {}) } }];
    }
    return refuse(`${at}[${i}].type`, `a content part of type '${part.type}'`) ?? [];
  });
}

/** Text of parts where only text can go (assistant turns, tool outputs). */
function textOf(parts: ResponseContentPart[], at: string, refuse: Refuse): string {
  let text = '';
  parts.forEach((part, i) => {
    if (part.type === 'input_text' || part.type === 'output_text') text += part.text;
    else if (part.type === 'refusal') text += part.refusal;
    else refuse(`${at}[${i}].type`, `a content part of type '${part.type}' here`);
  });
  return text;
}

function toFunctionTool(tool: NonNullable<ResponsesRequest['tools']>[number], at: string, refuse: Refuse): FunctionTool | undefined {
  if (tool.type !== 'function') return refuse(`${at}.type`, `the built-in tool '${tool.type}'`);
  const fn = tool as Extract<typeof tool, { name: string }>;
  return {
    type: 'function',
    function: {
      name: fn.name,
      ...(fn.description ? { description: fn.description } : {}),
      ...(fn.parameters ? { parameters: fn.parameters } : {}),
      ...(typeof fn.strict === 'boolean' ? { strict: fn.strict } : {}),
    },
  };
}

function toToolChoice(choice: ResponseToolChoice, refuse: Refuse): ToolChoice | undefined {
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function' && typeof choice.name === 'string') return { type: 'function', function: { name: choice.name } };
  return refuse('tool_choice.type', `tool_choice of type '${choice.type}'`);
}

function toResponseFormat(format: ResponseTextFormat): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      schema: format.schema,
      ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
      ...(format.description ? { description: format.description } : {}),
    },
  };
}

function refuseTranslation(param: string, what: string): never {
  throw new GatewayError(400, `Invalid value for '${param}': ${what} can only be served by a provider that speaks the Responses API (OpenAI, Azure OpenAI, xAI).`, {
    param, code: 'unsupported_value',
  });
}
