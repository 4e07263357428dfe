/**
 * The Bedrock Converse wire shapes this dialect reads and writes (AWS restJson1: blobs are base64 strings).
 * Only the members the gateway uses are typed; everything else passes through as `unknown`.
 */

export type ConverseRole = 'user' | 'assistant';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface ToolUseBlock {
  toolUseId: string;
  name: string;
  /** A JSON document (an object), not a string. */
  input: unknown;
}

export interface ToolResultBlock {
  toolUseId: string;
  content: Array<{ text: string }>;
  status?: 'success' | 'error';
}

export interface ReasoningTextBlock {
  reasoningText?: { text?: string; signature?: string };
  redactedContent?: string;
}

/** A content block is a union: exactly one member is set. */
export interface ContentBlock {
  text?: string;
  image?: { format: ImageFormat; source: { bytes: string } };
  toolUse?: ToolUseBlock;
  toolResult?: ToolResultBlock;
  reasoningContent?: ReasoningTextBlock;
  [other: string]: unknown;
}

export interface ConverseMessage {
  role: ConverseRole;
  content: ContentBlock[];
}

export interface InferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

export interface ToolSpec {
  toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } };
}

export type ToolChoiceWire = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface ToolConfig {
  tools: ToolSpec[];
  toolChoice?: ToolChoiceWire;
}

export interface ConverseRequestBody {
  messages: ConverseMessage[];
  system?: Array<{ text: string }>;
  inferenceConfig?: InferenceConfig;
  toolConfig?: ToolConfig;
  requestMetadata?: Record<string, string>;
}

export interface ConverseUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  [other: string]: unknown;
}

export interface ConverseResponseBody {
  output?: { message?: { role?: string; content?: unknown[] } };
  stopReason?: string;
  usage?: ConverseUsage;
  metrics?: { latencyMs?: number };
  [other: string]: unknown;
}
