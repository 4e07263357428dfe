/**
 * Anthropic's extended-thinking rules (docs: "Building with extended thinking"): `budget_tokens` at least 1024 and
 * below `max_tokens`; `temperature` only 1 and no `top_k` while thinking.
 */
type Obj = Record<string, unknown>;

export function checkThinking(body: Obj): string | undefined {
  const thinking = body.thinking as Obj | undefined;
  if (thinking === undefined || thinking.type !== 'enabled') return undefined;
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return 'thinking.enabled.budget_tokens: Field required';
  if (budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
  if (typeof body.max_tokens === 'number' && budget >= body.max_tokens) return '`max_tokens` must be greater than `thinking.budget_tokens`';
  if (body.temperature !== undefined && body.temperature !== 1) return '`temperature` may only be set to 1 when thinking is enabled';
  if (body.top_k !== undefined) return '`top_k` must be unset when thinking is enabled';
  return undefined;
}

/**
 * Anthropic checks the signature of every thinking block it is sent back, past turns included: a missing one is a
 * missing field, any other than one it issued is refused (`Invalid \`signature\` in \`thinking\` block`). With
 * thinking on, the assistant turn of an unfinished tool-use cycle must start with a thinking block. Wording as the
 * API answers (anthropics/claude-code#10627, n8n-io/n8n#22550).
 */
export function checkThinkingHistory(body: Obj, issued: string): string | undefined {
  const messages = body.messages as unknown[];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as Obj;
    if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
    for (let j = 0; j < message.content.length; j++) {
      const block = message.content[j] as Obj;
      if (block.type !== 'thinking') continue;
      if (typeof block.signature !== 'string') return `messages.${i}.content.${j}.thinking.signature: Field required`;
      if (block.signature !== issued) return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
    }
  }
  const thinking = body.thinking as Obj | undefined;
  if (thinking === undefined || thinking.type === 'disabled') return undefined;
  const last = messages[messages.length - 1] as Obj;
  const answersTools = Array.isArray(last.content) && last.content.some((b) => (b as Obj).type === 'tool_result');
  const at = messages.length - 2;
  const turn = messages[at] as Obj | undefined;
  if (last.role !== 'user' || !answersTools || turn?.role !== 'assistant' || !Array.isArray(turn.content)) return undefined;
  const first = turn.content[0] as Obj | undefined;
  if (first?.type === 'thinking' || first?.type === 'redacted_thinking') return undefined;
  return `messages.${at}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`;
}
