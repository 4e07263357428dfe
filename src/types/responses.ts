// The OpenAI Responses API, as far as the gateway reads it. Shapes follow the official `openai` npm package's
// `resources/responses/responses.d.ts` (ResponseCreateParams, Response, ResponseStreamEvent), read 2026-12-06.
// Fields the gateway does not read are kept as they came (index signatures): pass-through sends them on unchanged.

import type { ProviderPreferences, WaiRequestOptions } from './chat.js';

export interface ResponseInputTextPart { type: 'input_text'; text: string }
export interface ResponseInputImagePart { type: 'input_image'; image_url?: string | null; file_id?: string | null; detail?: 'auto' | 'low' | 'high' }
export interface ResponseOutputTextPart { type: 'output_text'; text: string; annotations?: unknown[]; [extra: string]: unknown }
export interface ResponseRefusalPart { type: 'refusal'; refusal: string }
export type ResponseContentPart =
  | ResponseInputTextPart
  | ResponseInputImagePart
  | ResponseOutputTextPart
  | ResponseRefusalPart
  | { type: 'input_file'; [extra: string]: unknown };

export interface ResponseMessageItem {
  type?: 'message';
  id?: string;
  role: 'user' | 'assistant' | 'system' | 'developer';
  content: string | ResponseContentPart[];
  status?: string;
  [extra: string]: unknown;
}

export interface ResponseFunctionCallItem {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  status?: string;
  [extra: string]: unknown;
}

export interface ResponseFunctionCallOutputItem {
  type: 'function_call_output';
  id?: string;
  call_id: string;
  output: string | ResponseContentPart[];
  [extra: string]: unknown;
}

export interface ResponseReasoningItem {
  type: 'reasoning';
  id?: string;
  summary?: Array<{ type: 'summary_text'; text: string }>;
  encrypted_content?: string | null;
  [extra: string]: unknown;
}

export type ResponseInputItem =
  | ResponseMessageItem
  | ResponseFunctionCallItem
  | ResponseFunctionCallOutputItem
  | ResponseReasoningItem
  | { type: 'item_reference'; id: string; [extra: string]: unknown };

export interface ResponseFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}

export type ResponseToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; name: string } | { type: string; [extra: string]: unknown };

export type ResponseTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean | null; description?: string };

export interface ResponsesRequest {
  model: string;
  input?: string | ResponseInputItem[];
  instructions?: string | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  tools?: Array<ResponseFunctionTool | { type: string; [extra: string]: unknown }>;
  tool_choice?: ResponseToolChoice;
  parallel_tool_calls?: boolean | null;
  text?: { format?: ResponseTextFormat; [extra: string]: unknown } | null;
  reasoning?: { effort?: string | null; summary?: string | null; [extra: string]: unknown } | null;
  stream?: boolean | null;
  store?: boolean | null;
  previous_response_id?: string | null;
  metadata?: Record<string, string> | null;
  user?: string;
  include?: string[] | null;
  /** WAI's routing fields, as on chat completions. */
  models?: string[];
  provider?: ProviderPreferences;
  wai?: WaiRequestOptions;
  [extra: string]: unknown;
}

export type ResponseOutputItem =
  | (ResponseMessageItem & { type: 'message'; id: string; role: 'assistant'; content: ResponseContentPart[] })
  | (ResponseFunctionCallItem & { id: string })
  | (ResponseReasoningItem & { id: string })
  | { type: string; id?: string; [extra: string]: unknown };

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens: number;
  output_tokens_details?: { reasoning_tokens?: number };
  total_tokens: number;
}

/** A Response object (`object: "response"`). */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'completed' | 'incomplete' | 'failed' | 'in_progress' | 'queued' | 'cancelled';
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  model: string;
  output: ResponseOutputItem[];
  usage?: ResponseUsage | null;
  previous_response_id?: string | null;
  [extra: string]: unknown;
}

/** One server-sent event of a Responses stream: its `event:` name and its JSON `data:` text. */
export interface ResponseStreamEvent {
  event: string;
  data: string;
}
