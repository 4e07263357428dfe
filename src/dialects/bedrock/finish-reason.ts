import type { FinishReason } from '../../types/chat.js';

/**
 * Converse `stopReason` to OpenAI's `finish_reason`. A forced JSON tool is the answer itself, so its
 * `tool_use` stop is a plain `stop` for the caller.
 */
export function finishReasonFor(stopReason: unknown, jsonTool: boolean): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return jsonTool ? 'stop' : 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    // end_turn, stop_sequence, malformed_model_output, malformed_tool_use and anything newer.
    default:
      return 'stop';
  }
}
