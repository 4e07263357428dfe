/**
 * The Anthropic Messages API as it travels on the wire (anthropic-version 2023-06-01).
 * Only the fields the gateway writes or reads are typed; everything else passes unseen.
 */

export interface AnthropicTextBlock { type: 'text'; text: string; [extra: string]: unknown }

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string };

export interface AnthropicImageBlock { type: 'image'; source: AnthropicImageSource; cache_control?: Record<string, unknown> }

export interface AnthropicDocumentBlock {
  type: 'document';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'text'; media_type: 'text/plain'; data: string } | { type: 'url'; url: string };
  title?: string;
  cache_control?: Record<string, unknown>;
}

export interface AnthropicToolUseBlock { type: 'tool_use'; id: string; name: string; input: unknown }

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string | Array<AnthropicTextBlock | AnthropicImageBlock>;
  is_error?: boolean;
}

export interface AnthropicThinkingBlock { type: 'thinking'; thinking: string; signature?: string }

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock;

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface AnthropicRequest {
  model: string;
  messages: AnthropicMessage[];
  max_tokens: number;
  system?: string | AnthropicTextBlock[];
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id: string };
  stream?: boolean;
  thinking?: Record<string, unknown>;
}

export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  [extra: string]: unknown;
}

/** A whole (non-stream) Messages API response. */
export interface AnthropicResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: Array<{ type: string; [field: string]: unknown }>;
  stop_reason: string | null;
  stop_sequence?: string | null;
  stop_details?: { explanation?: string; [field: string]: unknown } | null;
  usage?: AnthropicUsage;
}

/** `{type:"error", error:{type, message}}`: the body of every failure, whole or inside a stream. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string; details?: Record<string, unknown> };
  request_id?: string;
}
