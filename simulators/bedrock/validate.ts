/**
 * The checks Bedrock makes on a Converse body before any model sees it, with its messages, so a
 * translation mistake in the gateway fails here as it would in production.
 */
import { validation, type Reply } from './errors.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

const TOP_LEVEL = new Set([
  'messages', 'system', 'inferenceConfig', 'toolConfig', 'guardrailConfig', 'additionalModelRequestFields', 'promptVariables',
  'additionalModelResponseFieldPaths', 'requestMetadata', 'performanceConfig', 'serviceTier', 'outputConfig',
]);
const INFERENCE = new Set(['maxTokens', 'temperature', 'topP', 'stopSequences']);
const BLOCK_KINDS = new Set(['text', 'image', 'document', 'video', 'toolUse', 'toolResult', 'guardContent', 'cachePoint', 'reasoningContent', 'citationsContent', 'searchResult']);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const TOOL_USE_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const IMAGE_FORMATS = new Set(['png', 'jpeg', 'gif', 'webp']);

export function validateConverse(body: Rec): Reply | undefined {
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL.has(key)) return validation(`Malformed input request: extraneous key [${key}] is not permitted, please reformat your input and try again.`);
  }
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return validation('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  let usesTools = false;
  let previous: unknown;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!isRec(m) || (m.role !== 'user' && m.role !== 'assistant')) return validation(`Malformed input request: messages.${i}.role must be user or assistant.`);
    if (i === 0 && m.role !== 'user') return validation('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
    if (m.role === previous) return validation('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
    previous = m.role;
    if (!Array.isArray(m.content) || m.content.length === 0) return validation(`The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`);
    for (let j = 0; j < m.content.length; j++) {
      const problem = checkBlock(m.content[j], `messages.${i}.content.${j}`);
      if (problem) return validation(problem);
      const block = m.content[j] as Rec;
      if (block.toolUse || block.toolResult) usesTools = true;
    }
  }
  if (body.system !== undefined && (!Array.isArray(body.system) || body.system.some((s) => !isRec(s)))) return validation('Malformed input request: system must be a list of SystemContentBlock objects.');
  if (body.inferenceConfig !== undefined) {
    if (!isRec(body.inferenceConfig)) return validation('Malformed input request: inferenceConfig must be an object.');
    for (const key of Object.keys(body.inferenceConfig)) if (!INFERENCE.has(key)) return validation(`Malformed input request: extraneous key [${key}] is not permitted, please reformat your input and try again.`);
  }
  const tools = body.toolConfig;
  if (usesTools && !isRec(tools)) return validation('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
  if (tools !== undefined) {
    if (!isRec(tools) || !Array.isArray(tools.tools) || tools.tools.length === 0) return validation('The toolConfig.tools field must contain at least one tool.');
    for (const t of tools.tools) {
      const spec = isRec(t) && isRec(t.toolSpec) ? t.toolSpec : undefined;
      if (!spec || typeof spec.name !== 'string' || !TOOL_NAME.test(spec.name)) return validation('A tool name is invalid. Tool names can only contain letters, numbers, underscores, and hyphens');
      if (!isRec(spec.inputSchema) || !isRec(spec.inputSchema.json)) return validation(`The inputSchema of tool ${spec.name} must be a JSON object.`);
    }
  }
  return undefined;
}

function checkBlock(block: unknown, at: string): string | undefined {
  if (!isRec(block)) return `Malformed input request: ${at} must be a ContentBlock object.`;
  const kinds = Object.keys(block);
  if (kinds.length !== 1 || !BLOCK_KINDS.has(kinds[0]!)) return `Malformed input request: ${at} must set exactly one ContentBlock member.`;
  if ('text' in block && (typeof block.text !== 'string' || block.text.trim() === '')) return `The text field in the ContentBlock object at ${at} is blank. Add text to the text field, and try again.`;
  if (isRec(block.image)) {
    const image = block.image;
    if (!IMAGE_FORMATS.has(String(image.format))) return `Malformed input request: ${at}.image.format is not a supported image format.`;
    if (!isRec(image.source) || typeof image.source.bytes !== 'string' || image.source.bytes === '') return `Malformed input request: ${at}.image.source must carry bytes.`;
  }
  const use = block.toolUse ?? block.toolResult;
  if (use !== undefined && (!isRec(use) || typeof use.toolUseId !== 'string' || !TOOL_USE_ID.test(use.toolUseId))) {
    return `Malformed input request: ${at} has an invalid toolUseId.`;
  }
  if (isRec(block.toolUse) && !isRec(block.toolUse.input)) return `Malformed input request: ${at}.toolUse.input must be a JSON object.`;
  return undefined;
}
