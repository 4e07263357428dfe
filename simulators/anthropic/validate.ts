/**
 * The request checks the real Messages API makes that a translating gateway can get wrong, each answered with
 * its 400 `invalid_request_error` message (wording from public error reports; see README.md for what is (U)).
 * Consecutive turns of the same role are accepted: the API combines them into one turn.
 */
import { checkThinking, checkThinkingHistory } from './thinking-rules.js';
import { SIM_SIGNATURE } from './message.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Top-level fields the API accepts; any other is rejected ("Extra inputs are not permitted"). */
const ALLOWED = new Set([
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'service_tier', 'container', 'mcp_servers', 'context_management', 'output_config',
  'output_format', 'inference_geo', 'cache_control', 'speed', 'diagnostics',
]);
const TOOL_ID = /^[a-zA-Z0-9_-]+$/;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** `countTokens`: the checks of POST /v1/messages/count_tokens, which takes no `max_tokens` (nor `stream`). */
export function validateRequest(body: Obj, countTokens = false): string | undefined {
  for (const key of Object.keys(body)) {
    if (!ALLOWED.has(key) || (countTokens && (key === 'max_tokens' || key === 'stream'))) return `${key}: Extra inputs are not permitted`;
  }
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (countTokens) return validateTools(body) ?? validateMessages(body);
  if (body.max_tokens === undefined) return 'max_tokens: Field required';
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) return 'max_tokens: Input should be greater than or equal to 1';
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return 'stream: Input should be a valid boolean';
  if (body.temperature !== undefined && (typeof body.temperature !== 'number' || body.temperature < 0 || body.temperature > 1)) return 'temperature: Input should be less than or equal to 1';
  if (body.top_p !== undefined && (typeof body.top_p !== 'number' || body.top_p < 0 || body.top_p > 1)) return 'top_p: Input should be less than or equal to 1';
  if (body.stop_sequences !== undefined && (!Array.isArray(body.stop_sequences) || body.stop_sequences.some((s) => typeof s !== 'string'))) return 'stop_sequences: Input should be a valid list of strings';
  if (body.metadata !== undefined) {
    if (!isObj(body.metadata)) return 'metadata: Input should be a valid dictionary';
    for (const key of Object.keys(body.metadata)) if (key !== 'user_id') return `metadata.${key}: Extra inputs are not permitted`;
  }
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) return 'system: Input should be a valid string';
  return checkThinking(body) ?? validateTools(body) ?? validateMessages(body) ?? checkThinkingHistory(body, SIM_SIGNATURE);
}

function validateTools(body: Obj): string | undefined {
  if (body.tools === undefined) return undefined;
  if (!Array.isArray(body.tools)) return 'tools: Input should be a valid list';
  const names = new Set<string>();
  for (let i = 0; i < body.tools.length; i++) {
    const tool = body.tools[i];
    if (!isObj(tool)) return `tools.${i}: Input should be a valid dictionary`;
    if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) return `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
    if (names.has(tool.name)) return 'tools: Tool names must be unique.';
    names.add(tool.name);
    if (!isObj(tool.input_schema)) return `tools.${i}.custom.input_schema: Field required`;
    if (tool.input_schema.type !== 'object') return `tools.${i}.custom.input_schema.type: Input should be 'object'`;
    for (const key of Object.keys(tool)) {
      if (!['name', 'description', 'input_schema', 'cache_control', 'type', 'strict', 'input_examples'].includes(key)) return `tools.${i}.custom.${key}: Extra inputs are not permitted`;
    }
  }
  const choice = body.tool_choice;
  if (choice !== undefined) {
    if (!isObj(choice) || !['auto', 'any', 'tool', 'none'].includes(String(choice.type))) return "tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'";
    if (choice.type === 'tool' && !names.has(String(choice.name))) return `tool_choice.tool.name: Tool '${String(choice.name)}' not found in provided tools`;
  }
  return undefined;
}

function validateMessages(body: Obj): string | undefined {
  const messages = body.messages;
  if (!Array.isArray(messages)) return 'messages: Field required';
  if (messages.length === 0) return 'messages: at least one message is required';
  let usesTools = false;
  // Turns as the API sees them, after combining consecutive same-role messages.
  const turns: Array<{ role: string; blocks: Obj[]; at: number }> = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!isObj(m)) return `messages.${i}: Input should be a valid dictionary`;
    if (m.role === 'system') return 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.';
    if (m.role !== 'user' && m.role !== 'assistant') return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    const isFinalAssistant = i === messages.length - 1 && m.role === 'assistant';
    let blocks: Obj[];
    if (typeof m.content === 'string') {
      if (m.content === '' && !isFinalAssistant) return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
      blocks = m.content === '' ? [] : [{ type: 'text', text: m.content }];
    } else if (Array.isArray(m.content)) {
      if (m.content.length === 0 && !isFinalAssistant) return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
      blocks = [];
      for (let j = 0; j < m.content.length; j++) {
        const block = m.content[j];
        const problem = checkBlock(block, `messages.${i}.content.${j}`, m.role);
        if (problem) return problem;
        if ((block as Obj).type === 'tool_use' || (block as Obj).type === 'tool_result') usesTools = true;
        blocks.push(block as Obj);
      }
    } else return `messages.${i}.content: Field required`;
    if (isFinalAssistant) {
      const lastBlock = blocks[blocks.length - 1];
      if (lastBlock?.type === 'text' && /\s$/.test(String(lastBlock.text))) return 'messages: final assistant content cannot end with trailing whitespace';
    }
    const prev = turns[turns.length - 1];
    if (prev && prev.role === m.role) prev.blocks.push(...blocks);
    else turns.push({ role: m.role as string, blocks, at: i });
  }
  if (usesTools && !Array.isArray(body.tools)) return 'Requests which include `tool_use` or `tool_result` blocks must define tools.';
  return checkToolPairs(turns);
}

function checkBlock(block: unknown, where: string, role: unknown): string | undefined {
  if (!isObj(block)) return `${where}: Input should be a valid dictionary`;
  switch (block.type) {
    case 'text':
      if (typeof block.text !== 'string') return `${where}.text.text: Field required`;
      if (block.text === '') return `${where}.text: text content blocks must be non-empty`;
      return undefined;
    case 'image': {
      const source = block.source;
      if (!isObj(source)) return `${where}.image.source: Field required`;
      if (source.type === 'base64') {
        if (!IMAGE_TYPES.has(String(source.media_type))) return `${where}.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
        if (typeof source.data !== 'string' || source.data === '') return `${where}.image.source.base64.data: Field required`;
        return undefined;
      }
      if (source.type === 'url') return typeof source.url === 'string' ? undefined : `${where}.image.source.url.url: Field required`;
      return `${where}.image.source: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'`;
    }
    case 'document':
      return isObj(block.source) ? undefined : `${where}.document.source: Field required`;
    case 'tool_use':
      if (role !== 'assistant') return `${where}: tool_use blocks can only be in assistant messages`;
      if (typeof block.id !== 'string' || !TOOL_ID.test(block.id)) return `${where}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
      if (typeof block.name !== 'string') return `${where}.tool_use.name: Field required`;
      if (!isObj(block.input)) return `${where}.tool_use.input: Input should be a valid dictionary`;
      return undefined;
    case 'tool_result':
      if (role !== 'user') return `${where}: tool_result blocks can only be in user messages`;
      if (typeof block.tool_use_id !== 'string' || !TOOL_ID.test(block.tool_use_id)) return `${where}.tool_result.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
      return undefined;
    case 'thinking':
    case 'redacted_thinking':
      return role === 'assistant' ? undefined : `${where}: thinking blocks can only be in assistant messages`;
    default:
      return `${where}: Input tag '${String(block.type)}' found using 'type' does not match any of the expected tags`;
  }
}

/** Every tool_use needs its tool_result in the very next turn, and every tool_result a tool_use just before. */
function checkToolPairs(turns: Array<{ role: string; blocks: Obj[]; at: number }>): string | undefined {
  for (let t = 0; t < turns.length; t++) {
    const turn = turns[t]!;
    const next = turns[t + 1];
    if (turn.role === 'assistant') {
      const uses = turn.blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id));
      if (uses.length === 0 || !next) continue;
      const answered = new Set(next.blocks.filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id)));
      const missing = uses.filter((id) => !answered.has(id));
      if (missing.length) return `messages.${next.at}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    } else {
      const prev = turns[t - 1];
      const known = new Set(prev ? prev.blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id)) : []);
      for (const block of turn.blocks) {
        if (block.type === 'tool_result' && !known.has(String(block.tool_use_id))) {
          return `messages.${turn.at}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
      }
    }
  }
  return undefined;
}
