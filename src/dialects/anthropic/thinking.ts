/**
 * OpenAI's `reasoning_effort` as Anthropic's extended thinking (`thinking: {type: "enabled", budget_tokens}`), with
 * the budgets used for Gemini 2.5 (low 1024, medium 8192, high 24576; `minimal` is Anthropic's floor, 1024).
 * Anthropic counts thinking inside `max_tokens`, as OpenAI counts reasoning inside `max_completion_tokens`:
 * - without a cap from the caller, `max_tokens` grows by the budget, so the answer keeps its usual room;
 * - with one, the budget is cut to fit under it; a cap below Anthropic's 1024-token floor leaves thinking off.
 * While thinking, Anthropic refuses `temperature` and `top_k`, so they are left out.
 * `none` and models older than extended thinking (Claude 3.5 and before) get no thinking.
 */
import type { ChatRequest } from '../../types/chat.js';
import type { AnthropicRequest } from './wire-types.js';

const BUDGETS: Readonly<Record<string, number>> = { minimal: 1024, low: 1024, medium: 8192, high: 24576 };
const MIN_BUDGET = 1024;
const NO_THINKING = /^claude-(instant|2|3-(opus|sonnet|haiku)|3-5-)/;

export function applyReasoningEffort(body: AnthropicRequest, request: ChatRequest, model: string, callerCap: boolean): void {
  const effort = request.reasoning_effort;
  if (typeof effort !== 'string' || body.thinking !== undefined || NO_THINKING.test(model)) return;
  const wanted = BUDGETS[effort];
  if (wanted === undefined) return;
  let budget = wanted;
  if (!callerCap) body.max_tokens += budget;
  else budget = Math.min(budget, body.max_tokens - 1);
  if (budget < MIN_BUDGET) return;
  body.thinking = { type: 'enabled', budget_tokens: budget };
  delete body.temperature;
  delete body.top_k;
}
