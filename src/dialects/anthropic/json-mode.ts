/**
 * JSON mode for Anthropic.
 *
 * The Messages API has no `response_format`, and its native structured output is not offered by every model
 * or every Anthropic-compatible endpoint. The approach that works everywhere is a forced tool: the request gets
 * one extra tool whose input schema is the caller's JSON schema, and `tool_choice` makes the model call it.
 * The tool's `input` then is the JSON answer, which the gateway hands back as the message text (never as a
 * tool call), with finish reason `stop`.
 *
 * Tool inputs must be JSON objects. A caller schema whose top level is not an object is wrapped as
 * `{value: <schema>}` and unwrapped on the way back.
 */
import type { ChatRequest } from '../../types/chat.js';
import type { AnthropicTool } from './wire-types.js';
import { isRecord } from '../../internal/json.js';

export interface JsonModePlan {
  /** Name of the synthetic tool; chosen so it never collides with a caller's tool. */
  toolName: string;
  /** The caller's schema was not an object schema, so the answer sits under `value`. */
  wrapped: boolean;
  tool: AnthropicTool;
}

/** The name the Vercel AI SDK and others use for the same trick; real recorded streams use it too. */
const BASE_NAME = 'json';

/** The plan for a request, or undefined when it does not ask for JSON. Deterministic, so request and response agree. */
export function jsonModePlan(request: ChatRequest): JsonModePlan | undefined {
  const format = request.response_format;
  if (!format || (format.type !== 'json_object' && format.type !== 'json_schema')) return undefined;
  const taken = new Set((request.tools ?? []).map((t) => t.function.name));
  let toolName = BASE_NAME;
  while (taken.has(toolName)) toolName += '_';

  let schema: Record<string, unknown> = { type: 'object', additionalProperties: true };
  let description = 'Respond with a JSON object. Call this tool with the complete answer as its input.';
  let wrapped = false;
  if (format.type === 'json_schema') {
    const given = format.json_schema.schema;
    if (format.json_schema.description) description = `${format.json_schema.description} (Call this tool with the complete answer as its input.)`;
    if (isRecord(given)) {
      if (given.type === 'object' || (given.type === undefined && isRecord(given.properties))) schema = given;
      else {
        schema = { type: 'object', properties: { value: given }, required: ['value'] };
        wrapped = true;
      }
    }
  }
  return { toolName, wrapped, tool: { name: toolName, description, input_schema: schema } };
}

/** The JSON text of the answer, from the synthetic tool's input. */
export function jsonAnswerText(plan: JsonModePlan, input: unknown): string {
  const value = plan.wrapped && isRecord(input) ? input.value : input;
  return JSON.stringify(value ?? {});
}
