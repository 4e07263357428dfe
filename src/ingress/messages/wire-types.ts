/**
 * Anthropic's Messages API as callers send it to POST /v1/messages (API version 2023-06-01, the shape the official
 * SDKs and Claude Code use). Only the fields the gateway reads are typed; the rest travel unseen.
 */

export interface MessagesTextBlock { type: 'text' | 'input_text'; text: string; [extra: string]: unknown }

export type MessagesImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'file'; file_id: string };

export interface MessagesImageBlock { type: 'image'; source: MessagesImageSource; [extra: string]: unknown }

export interface MessagesDocumentBlock {
  type: 'document';
  source: { type: string; media_type?: string; data?: unknown; url?: string; [extra: string]: unknown };
  title?: string;
  [extra: string]: unknown;
}

export interface MessagesToolUseBlock { type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; [extra: string]: unknown }

export interface MessagesToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<MessagesTextBlock | MessagesImageBlock | MessagesDocumentBlock>;
  is_error?: boolean;
  [extra: string]: unknown;
}

export interface MessagesThinkingBlock { type: 'thinking'; thinking: string; signature?: string; [extra: string]: unknown }

export type MessagesBlock =
  | MessagesTextBlock
  | MessagesImageBlock
  | MessagesDocumentBlock
  | MessagesToolUseBlock
  | MessagesToolResultBlock
  | MessagesThinkingBlock
  | { type: string; [extra: string]: unknown };

export interface MessagesMessage {
  role: 'user' | 'assistant';
  content: string | MessagesBlock[];
}

export interface MessagesTool {
  /** Absent or `custom` for the caller's own tools; a dated type (`web_search_20250305`) for Anthropic's. */
  type?: string;
  name: string;
  description?: string;
  input_schema?: Record<string, unknown>;
  [extra: string]: unknown;
}

export type MessagesToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface MessagesRequest {
  model: string;
  messages: MessagesMessage[];
  /** Required on /v1/messages, absent on count_tokens. */
  max_tokens?: number;
  system?: string | MessagesTextBlock[];
  tools?: MessagesTool[];
  tool_choice?: MessagesToolChoice;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stream?: boolean;
  metadata?: { user_id?: string | null };
  thinking?: { type: string; budget_tokens?: number };
  /** Effort and structured output (`format: {type: "json_schema", schema}`). */
  output_config?: { effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max' | null; format?: OutputFormat | null };
  /** The structured-outputs beta's spelling of `output_config.format`. */
  output_format?: OutputFormat | null;
  [extra: string]: unknown;
}

export interface OutputFormat { type: string; schema?: Record<string, unknown>; [extra: string]: unknown }

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal' | 'pause_turn';

export interface MessagesUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export type MessagesOutputBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

/** A whole answer, as `messages.create` returns it. */
export interface MessagesResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: MessagesOutputBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage: MessagesUsage;
}
