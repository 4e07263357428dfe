/**
 * The deterministic answer to a chat request, derived only from the request
 * so tests can predict it. Provider-independent apart from the greeting.
 */

export interface ToolCallAnswer {
  name: string;
  arguments: string;
}

export interface Answer {
  /** Text content ('' for a tool call). */
  content: string;
  /** Set when the model answers with a tool call. */
  toolCall?: ToolCallAnswer;
  /** reasoning_content for reasoning models. */
  reasoning?: string;
  promptTokens: number;
  /** Words in the content (or in the tool arguments) plus reasoning words. */
  completionTokens: number;
  reasoningTokens: number;
}

type Msg = { role?: unknown; content?: unknown };

/** Number of whitespace-separated words. */
export function countWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      n++;
    }
  }
  return n;
}

/** The text of a message content: a string, or the text parts of an array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) {
    if (part && typeof part === 'object' && (part as { type?: unknown }).type === 'text') {
      const t = (part as { text?: unknown }).text;
      if (typeof t === 'string') out += (out ? ' ' : '') + t;
    }
  }
  return out;
}

function imageCount(content: unknown): number {
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const part of content) if (part && typeof part === 'object' && (part as { type?: unknown }).type === 'image_url') n++;
  return n;
}

export function truncate40(s: string): string {
  return s.length > 40 ? s.slice(0, 40) : s;
}

function toolName(body: Record<string, unknown>): string | undefined {
  const tools = body.tools;
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const choice = body.tool_choice;
  if (choice === 'none') return undefined;
  if (choice && typeof choice === 'object') {
    const fn = (choice as { function?: { name?: unknown } }).function;
    if (fn && typeof fn.name === 'string') return fn.name;
  }
  const first = tools[0] as { function?: { name?: unknown }; name?: unknown } | undefined;
  const name = first?.function?.name ?? first?.name;
  return typeof name === 'string' ? name : 'tool';
}

export function computeAnswer(provider: string, body: Record<string, unknown>, reasoningModel: boolean): Answer {
  const model = typeof body.model === 'string' ? body.model : '';
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Msg[];
  let promptTokens = 0;
  let lastUser: Msg | undefined;
  for (const m of messages) {
    if (!m || typeof m !== 'object') continue;
    promptTokens += countWords(contentText(m.content));
    if (m.role === 'user') lastUser = m;
  }
  const last = messages[messages.length - 1];
  const userText = lastUser ? contentText(lastUser.content) : '';
  const reasoning = reasoningModel ? `Thinking about: ${truncate40(userText)}` : undefined;
  const reasoningTokens = reasoning ? countWords(reasoning) : 0;

  const name = last && last.role === 'user' ? toolName(body) : undefined;
  if (name !== undefined) {
    const args = JSON.stringify({ input: userText });
    return {
      content: '',
      toolCall: { name, arguments: args },
      reasoning,
      promptTokens,
      completionTokens: countWords(args) + reasoningTokens,
      reasoningTokens,
    };
  }

  let text: string;
  if (last && last.role === 'tool') {
    text = `Tool said: ${contentText(last.content)}`;
  } else {
    text = `Hello from ${provider} (${model}): ${truncate40(userText)}`;
    const images = lastUser ? imageCount(lastUser.content) : 0;
    if (images > 0) text += ` (saw ${images} image(s))`;
  }
  const rf = body.response_format as { type?: unknown } | undefined;
  if (rf && (rf.type === 'json_object' || rf.type === 'json_schema')) text = JSON.stringify({ answer: text });
  return { content: text, reasoning, promptTokens, completionTokens: countWords(text) + reasoningTokens, reasoningTokens };
}

/** Split text on spaces into deltas that join back to the text (each later piece keeps its leading space). */
export function splitDeltas(text: string): string[] {
  if (text === '') return [];
  const words = text.split(' ');
  const out: string[] = [words[0]!];
  for (let i = 1; i < words.length; i++) out.push(' ' + words[i]);
  return out;
}

/** Split tool arguments into 2+ pieces. */
export function splitArgs(args: string): string[] {
  if (args.length < 2) return [args, ''];
  const a = Math.ceil(args.length / 3);
  const b = Math.ceil((2 * args.length) / 3);
  return [args.slice(0, a), args.slice(a, b), args.slice(b)].filter((p) => p !== '');
}
