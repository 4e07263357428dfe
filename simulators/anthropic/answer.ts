/**
 * The deterministic answer to a Messages API request, worked out from the request alone so tests can predict it.
 * Same rules as the OpenAI-dialect simulator, read from Anthropic's shapes:
 * - text: `Hello from anthropic (<model>): <last user text, 40 chars>`, plus ` (saw N image(s))` for image blocks;
 * - a tool call to the first tool (or the one `tool_choice` names) when tools are given and the last user turn
 *   holds no tool result; arguments `{"input":"<last user text>"}`. A forced choice (`any`/`tool`) always calls:
 *   `tool` calls the named tool, `any` calls the first tool, or the last listed tool once results are back;
 * - `Tool said: <result>` after a tool result;
 * - native structured output (`output_config.format` / `output_format`) gives `{"answer":"<text>"}`;
 * - `thinking: {type:"enabled"}` adds a thinking block `Thinking about: <user text, 40 chars>`;
 * - stop_sequences cut the text (stop_reason `stop_sequence`), max_tokens cuts it by words (`max_tokens`);
 * - usage: input = words of the system text and every message's text; output = words of the answer.
 */
import { countWords, truncate40 } from '../openai-compatible/answer.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SimToolCall {
  name: string;
  input: Record<string, unknown>;
}

export interface SimAnswer {
  text: string;
  toolCall?: SimToolCall;
  thinking?: string;
  stopReason: 'end_turn' | 'tool_use' | 'stop_sequence' | 'max_tokens';
  stopSequence: string | null;
  inputTokens: number;
  outputTokens: number;
}

function blocksOf(content: unknown): Obj[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter(isObj) : [];
}

/** Text of text blocks, and of tool results (their content is a string or text blocks). */
function textOf(content: unknown, withToolResults: boolean): string {
  const out: string[] = [];
  for (const block of blocksOf(content)) {
    if (block.type === 'text' && typeof block.text === 'string') out.push(block.text);
    else if (withToolResults && block.type === 'tool_result') out.push(textOf(block.content, false));
  }
  return out.filter(Boolean).join(' ');
}

function systemText(system: unknown): string {
  if (typeof system === 'string') return system;
  return textOf(system, false);
}

function chooseTool(body: Obj, lastHasResult: boolean): string | undefined {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  if (tools.length === 0) return undefined;
  const choice = isObj(body.tool_choice) ? body.tool_choice : { type: 'auto' };
  const nameAt = (i: number) => String(tools[i]?.name ?? 'tool');
  if (choice.type === 'none') return undefined;
  if (choice.type === 'tool' && typeof choice.name === 'string') return choice.name;
  if (choice.type === 'any') return lastHasResult ? nameAt(tools.length - 1) : nameAt(0);
  return lastHasResult ? undefined : nameAt(0);
}

export function computeAnswer(body: Obj, model: string): SimAnswer {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObj) : [];
  let inputTokens = countWords(systemText(body.system));
  let lastUser: Obj | undefined;
  let lastUserWithText: Obj | undefined;
  for (const m of messages) {
    inputTokens += countWords(textOf(m.content, true));
    if (m.role === 'user') {
      lastUser = m;
      if (textOf(m.content, false) !== '') lastUserWithText = m;
    }
  }
  const last = messages[messages.length - 1];
  const lastBlocks = last?.role === 'user' ? blocksOf(last.content) : [];
  const results = lastBlocks.filter((b) => b.type === 'tool_result');
  const userText = lastUserWithText ? textOf(lastUserWithText.content, false) : '';
  const thinking = isObj(body.thinking) && body.thinking.type === 'enabled' ? `Thinking about: ${truncate40(userText)}` : undefined;
  const thinkingTokens = thinking ? countWords(thinking) : 0;

  const toolName = last?.role === 'user' ? chooseTool(body, results.length > 0) : undefined;
  if (toolName !== undefined) {
    const input = { input: userText };
    return {
      text: '', toolCall: { name: toolName, input }, thinking, stopReason: 'tool_use', stopSequence: null,
      inputTokens, outputTokens: countWords(JSON.stringify(input)) + thinkingTokens,
    };
  }

  let text: string;
  if (results.length > 0) text = `Tool said: ${textOf(results[results.length - 1]!.content, false)}`;
  else {
    text = `Hello from anthropic (${model}): ${truncate40(userText)}`;
    const images = lastUser ? blocksOf(lastUser.content).filter((b) => b.type === 'image').length : 0;
    if (images > 0) text += ` (saw ${images} image(s))`;
  }
  const format = isObj(body.output_config) ? body.output_config.format : body.output_format;
  if (isObj(format) && format.type === 'json_schema') text = JSON.stringify({ answer: text });

  let stopReason: SimAnswer['stopReason'] = 'end_turn';
  let stopSequence: string | null = null;
  for (const seq of Array.isArray(body.stop_sequences) ? body.stop_sequences : []) {
    const at = typeof seq === 'string' && seq !== '' ? text.indexOf(seq) : -1;
    if (at >= 0) {
      text = text.slice(0, at);
      stopReason = 'stop_sequence';
      stopSequence = seq as string;
      break;
    }
  }
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
  if (countWords(text) + thinkingTokens > maxTokens) {
    text = text.split(' ').slice(0, Math.max(0, maxTokens - thinkingTokens)).join(' ');
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  return { text, thinking, stopReason, stopSequence, inputTokens, outputTokens: countWords(text) + thinkingTokens };
}
