import { randomBytes } from 'node:crypto';

/**
 * Gemini function calls usually carry no id (Gemini matches results by function name), while OpenAI callers
 * must echo an id back with each tool result. A fresh random id per call keeps parallel calls of the same
 * function apart; the request builder finds the function name again from the assistant turn in the history.
 */
export function newToolCallId(): string {
  return 'call_' + randomBytes(12).toString('base64url');
}

/** The completion id: Gemini's `responseId` when it sent one, otherwise one derived from the gateway's request id. */
export function completionId(responseId: unknown, requestId: string): string {
  return `chatcmpl-${typeof responseId === 'string' && responseId !== '' ? responseId : requestId}`;
}
