/**
 * The deterministic answer to a Converse request, derived only from the request (like the OpenAI-dialect
 * simulator's answer.ts, read from Converse shapes): a greeting, a tool call, a tool-result echo or JSON.
 */
import { countWords, truncate40 } from '../openai-compatible/answer.js';

export interface ConverseAnswer {
  text: string;
  toolCall?: { name: string; input: Record<string, unknown> };
  reasoning?: string;
  inputTokens: number;
  outputTokens: number;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text of a message's text blocks (tool results excluded). */
function blockText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) if (isRec(block) && typeof block.text === 'string') parts.push(block.text);
  return parts.join(' ');
}

function toolResultText(block: Rec): string {
  const result = block.toolResult;
  if (!isRec(result) || !Array.isArray(result.content)) return '';
  return result.content.map((c) => (isRec(c) && typeof c.text === 'string' ? c.text : isRec(c) && c.json !== undefined ? JSON.stringify(c.json) : '')).join(' ');
}

/** Words the model "read": system text, text blocks and tool-result text. */
function countInput(body: Rec): number {
  let n = 0;
  if (Array.isArray(body.system)) for (const s of body.system) if (isRec(s) && typeof s.text === 'string') n += countWords(s.text);
  for (const m of Array.isArray(body.messages) ? body.messages : []) {
    if (!isRec(m) || !Array.isArray(m.content)) continue;
    n += countWords(blockText(m.content));
    for (const b of m.content) if (isRec(b) && b.toolResult) n += countWords(toolResultText(b));
  }
  return n;
}

/** Models that answer with reasoning content (DeepSeek R1 does on Bedrock), or any request that turns thinking on. */
function reasons(modelId: string, body: Rec): boolean {
  const extra = body.additionalModelRequestFields;
  return modelId.includes('deepseek.r1') || (isRec(extra) && isRec(extra.thinking));
}

function pickTool(body: Rec): { name: string; forced: boolean; schema: Rec } | undefined {
  const config = body.toolConfig;
  if (!isRec(config) || !Array.isArray(config.tools) || config.tools.length === 0) return undefined;
  const specs = config.tools.map((t) => (isRec(t) && isRec(t.toolSpec) ? t.toolSpec : {})) as Rec[];
  const choice = isRec(config.toolChoice) ? config.toolChoice : {};
  const forcedName = isRec(choice.tool) && typeof choice.tool.name === 'string' ? choice.tool.name : undefined;
  const spec = (forcedName ? specs.find((s) => s.name === forcedName) : undefined) ?? specs[0]!;
  const schema = isRec(spec.inputSchema) && isRec(spec.inputSchema.json) ? spec.inputSchema.json : {};
  return { name: typeof spec.name === 'string' ? spec.name : 'tool', forced: forcedName !== undefined, schema };
}

export function computeConverseAnswer(modelId: string, body: Rec): ConverseAnswer {
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRec);
  const last = messages[messages.length - 1];
  let lastUserText = '';
  let images = 0;
  for (const m of messages) {
    if (m.role !== 'user') continue;
    const text = blockText(m.content);
    if (text !== '') lastUserText = text;
  }
  if (last?.role === 'user' && Array.isArray(last.content)) images = last.content.filter((b) => isRec(b) && isRec(b.image)).length;
  const lastResult = last?.role === 'user' && Array.isArray(last.content) ? (last.content as unknown[]).filter(isRec).filter((b) => b.toolResult).pop() : undefined;

  const inputTokens = countInput(body);
  const reasoning = reasons(modelId, body) ? `Thinking about: ${truncate40(lastUserText)}` : undefined;
  const reasoningWords = reasoning ? countWords(reasoning) : 0;

  let greeting = `Hello from bedrock (${modelId}): ${truncate40(lastUserText)}`;
  if (images > 0) greeting += ` (saw ${images} image(s))`;

  const tool = lastResult ? undefined : pickTool(body);
  if (tool && last?.role === 'user') {
    // A forced tool whose schema has no `input` field is a structured-output request: it gets the JSON answer.
    const props = isRec(tool.schema.properties) ? tool.schema.properties : {};
    const input = tool.forced && !('input' in props) ? { answer: greeting } : { input: lastUserText };
    return { text: '', toolCall: { name: tool.name, input }, reasoning, inputTokens, outputTokens: countWords(JSON.stringify(input)) + reasoningWords };
  }

  let text = lastResult ? `Tool said: ${toolResultText(lastResult)}` : greeting;
  // Asked for JSON in the system prompt (the gateway's prompt-mode JSON): answer with a JSON object.
  const system = Array.isArray(body.system) ? body.system.map((s) => (isRec(s) && typeof s.text === 'string' ? s.text : '')).join(' ') : '';
  if (/\bJSON\b/.test(system)) text = JSON.stringify({ answer: text });
  return { text, reasoning, inputTokens, outputTokens: countWords(text) + reasoningWords };
}
