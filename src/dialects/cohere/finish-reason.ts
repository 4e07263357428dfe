import type { FinishReason } from '../../types/chat.js';

/** Cohere ended the generation itself with a failure: not an answer, an error (transient). */
export type CohereFailedFinish = 'ERROR' | 'TIMEOUT';

export function isFailedFinish(reason: unknown): reason is CohereFailedFinish {
  return reason === 'ERROR' || reason === 'TIMEOUT';
}

/**
 * Cohere's finish reason as OpenAI's. COMPLETE with tool calls becomes `tool_calls` because OpenAI clients
 * run tools only on that reason. ERROR and TIMEOUT never get here (callers turn them into errors first).
 */
export function toOpenAIFinishReason(reason: unknown, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'MAX_TOKENS':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    case 'STOP_SEQUENCE':
      return 'stop';
    default:
      // COMPLETE, or a reason newer than this code.
      return hasToolCalls ? 'tool_calls' : 'stop';
  }
}
