import type { FinishReason } from '../../types/chat.js';

/**
 * Anthropic `stop_reason` to OpenAI `finish_reason`.
 * `pause_turn` (a long server-tool turn paused for the caller to resume) ends this answer normally;
 * `model_context_window_exceeded` is a length stop like `max_tokens`. Unknown future reasons count as `stop`.
 */
export function toFinishReason(stopReason: unknown): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default: // end_turn, stop_sequence, pause_turn, null
      return 'stop';
  }
}
