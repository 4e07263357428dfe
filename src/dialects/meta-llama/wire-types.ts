/**
 * The Llama API's native chat wire (api.llama.com/v1/chat/completions), as its official clients
 * (llama-api-client on npm, llama-api-python) type it. Only what the dialect reads or writes.
 */

export interface LlamaTextItem { type: 'text'; text: string }
export interface LlamaImageItem { type: 'image_url'; image_url: { url: string } }
/** Reasoning models answer with the chain of thought and the answer in one item. */
export interface LlamaReasoningItem { type: 'reasoning'; reasoning: string; answer: string }

export interface LlamaToolCall { id: string; function: { name: string; arguments: string } }

export type LlamaMessage =
  | { role: 'system'; content: string | LlamaTextItem[] }
  | { role: 'user'; content: string | (LlamaTextItem | LlamaImageItem)[] }
  | { role: 'assistant'; content?: string | LlamaTextItem; tool_calls?: LlamaToolCall[]; stop_reason?: LlamaStopReason }
  | { role: 'tool'; tool_call_id: string; content: string | LlamaTextItem[] };

export type LlamaStopReason = 'stop' | 'tool_calls' | 'length';

export interface LlamaRequest {
  model: string;
  messages: LlamaMessage[];
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  repetition_penalty?: number;
  response_format?: { type: 'text' } | { type: 'json_schema'; json_schema: { name: string; schema: unknown } };
  tools?: { type: 'function'; function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean } }[];
  tool_choice?: 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };
  stream?: boolean;
}

/** `{metric: 'num_prompt_tokens' | 'num_completion_tokens' | 'num_total_tokens', value, unit: 'tokens'}`. */
export interface LlamaMetric { metric: string; value: number; unit?: string }

export interface LlamaCompletionMessage {
  role: 'assistant';
  content?: string | LlamaTextItem | LlamaReasoningItem;
  stop_reason?: LlamaStopReason;
  tool_calls?: LlamaToolCall[];
}

export interface LlamaResponse {
  id?: string;
  completion_message: LlamaCompletionMessage;
  metrics?: LlamaMetric[];
}

/** A tool-call fragment: the first carries `id` and `function.name`, later ones only argument pieces. */
export interface LlamaToolCallDelta { type: 'tool_call'; id?: string; function?: { name?: string; arguments?: string } }

export interface LlamaStreamEvent {
  event_type: 'start' | 'progress' | 'complete' | 'metrics';
  delta?: LlamaTextItem | LlamaToolCallDelta | LlamaReasoningItem;
  stop_reason?: LlamaStopReason;
  metrics?: LlamaMetric[];
}

/** One `data:` payload of a stream. The stream has no `[DONE]`: it ends after the `complete` (and `metrics`) events. */
export interface LlamaStreamChunk { id?: string; event: LlamaStreamEvent }
