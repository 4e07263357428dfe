import type { ChatMessage, ContentPart } from '../../types/chat.js';
import { parseJson } from '../../internal/json.js';

/** What goes into a prediction's `input` to carry the conversation. */
export interface PromptInput {
  prompt: string;
  system_prompt?: string;
  prompt_template?: string;
}

const HEADER = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
const EOT = '<|eot_id|>';
/**
 * Replicate's own Llama-3 template with the system prompt kept in its field and the turns (already in
 * Llama-3 form) in `{prompt}`, so a multi-turn conversation is not wrapped twice.
 */
export const LLAMA3_TURNS_TEMPLATE = `<|begin_of_text|>${HEADER('system')}{system_prompt}${EOT}{prompt}`;

/** Meta's Llama 3.x models on Replicate (`meta/meta-llama-3-70b-instruct`, `meta/meta-llama-3.1-405b-instruct`). */
export function usesLlama3Template(model: string): boolean {
  return /^meta\/[^:]*llama-?3/i.test(model);
}

/**
 * Replicate's language models take one prompt string, not messages. System and developer messages become
 * `system_prompt`. A single user turn is sent as the plain prompt (the model's own template wraps it).
 * A longer conversation is rendered turn by turn:
 * - Llama 3 models (meta/*llama-3*): Llama-3 chat headers (`user`, `assistant`, and `ipython` for tool results),
 *   ending with an open assistant header, and `prompt_template` set to LLAMA3_TURNS_TEMPLATE;
 * - other models: a plain transcript (`User: …`, `Assistant: …`, `Tool: …`) ending with `Assistant:`, since their
 *   templates differ and a neutral transcript is what they all read sensibly.
 */
export function buildPrompt(messages: ChatMessage[], model: string): PromptInput {
  const system: string[] = [];
  const turns: { role: 'user' | 'assistant' | 'tool'; text: string }[] = [];
  for (const m of messages) {
    if (m.role === 'system' || m.role === 'developer') system.push(textOf(m.content));
    else if (m.role === 'user') turns.push({ role: 'user', text: textOf(m.content) });
    else if (m.role === 'assistant') turns.push({ role: 'assistant', text: assistantText(m) });
    else turns.push({ role: 'tool', text: textOf(m.content) });
  }
  const out: PromptInput = { prompt: '' };
  if (system.length) out.system_prompt = system.join('\n\n');
  if (turns.length === 1 && turns[0]!.role === 'user') {
    out.prompt = turns[0]!.text;
    return out;
  }
  if (usesLlama3Template(model)) {
    const role = { user: 'user', assistant: 'assistant', tool: 'ipython' } as const;
    out.prompt = turns.map((t) => HEADER(role[t.role]) + t.text + EOT).join('') + HEADER('assistant');
    out.prompt_template = LLAMA3_TURNS_TEMPLATE;
    return out;
  }
  const label = { user: 'User', assistant: 'Assistant', tool: 'Tool' } as const;
  out.prompt = turns.map((t) => `${label[t.role]}: ${t.text}`).join('\n\n') + '\n\nAssistant:';
  return out;
}

function textOf(content: string | ContentPart[] | null | undefined): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** An assistant turn that called tools is written down with its calls, so the model sees what it asked. */
function assistantText(m: ChatMessage): string {
  const text = textOf(m.content);
  if (!m.tool_calls?.length) return text;
  const calls = m.tool_calls.map((c) => JSON.stringify({ name: c.function.name, parameters: safeJson(c.function.arguments) }));
  return [text, ...calls].filter((s) => s !== '').join('\n');
}

function safeJson(text: string): unknown {
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : text;
}
