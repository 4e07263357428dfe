/**
 * Cohere v2 chat wire shapes (POST /v2/chat), as far as the gateway reads or writes them.
 * Field names are Cohere's snake_case JSON names. Source: the official `cohere-ai` SDK's
 * serialisation schemas and the recorded responses in test/fixtures/recorded/cohere/.
 */

export interface CohereTextPart { type: 'text'; text: string }
export interface CohereImagePart { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
export interface CohereThinkingPart { type: 'thinking'; thinking: string }

export interface CohereToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type CohereMessage =
  | { role: 'system'; content: string | CohereTextPart[] }
  | { role: 'user'; content: string | Array<CohereTextPart | CohereImagePart> }
  | { role: 'assistant'; content?: string; tool_calls?: CohereToolCall[]; tool_plan?: string }
  | { role: 'tool'; tool_call_id: string; content: string | CohereTextPart[] };

export interface CohereTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type CohereResponseFormat = { type: 'text' } | { type: 'json_object'; json_schema?: Record<string, unknown> };

/** The request body. Cohere answers 422 "unknown field" for any field outside its schema, so only these are sent. */
export interface CohereChatRequest {
  model: string;
  messages: CohereMessage[];
  stream?: boolean;
  tools?: CohereTool[];
  strict_tools?: boolean;
  tool_choice?: 'REQUIRED' | 'NONE';
  response_format?: CohereResponseFormat;
  max_tokens?: number;
  stop_sequences?: string[];
  temperature?: number;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  k?: number;
  p?: number;
}

export type CohereFinishReason = 'COMPLETE' | 'STOP_SEQUENCE' | 'MAX_TOKENS' | 'TOOL_CALL' | 'ERROR' | 'TIMEOUT';

export interface CohereUsage {
  billed_units?: { input_tokens?: number; output_tokens?: number };
  tokens?: { input_tokens?: number; output_tokens?: number };
  cached_tokens?: number;
}

/**
 * A whole (non-stream) response. Documentation of what response.ts, usage.ts and stream.ts read: those check
 * every field at run time instead of trusting this type, since the body comes from the network.
 */
export interface CohereChatResponse {
  id?: string;
  finish_reason?: CohereFinishReason | string;
  message?: {
    role?: 'assistant';
    content?: Array<CohereTextPart | CohereThinkingPart | { type: string }>;
    tool_plan?: string;
    tool_calls?: CohereToolCall[];
    citations?: unknown[];
  };
  usage?: CohereUsage;
}
