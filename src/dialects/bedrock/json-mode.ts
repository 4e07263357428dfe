import type { ChatRequest } from '../../types/chat.js';

/** Name of the tool the gateway forces to get a JSON answer; its input is the answer. */
export const JSON_TOOL_NAME = 'json_response';

/**
 * How a `response_format` of json_object / json_schema is honoured, since Converse has no JSON switch
 * every model accepts:
 * - `tool`: one tool whose input schema is the requested schema, forced with `toolChoice.tool`. The model must
 *   answer with that tool's input, which is valid JSON by construction; the dialect turns it back into the
 *   message text. Only model families that accept a forced tool choice get this (Claude, Mistral Large, Nova),
 *   and only when the caller sent no tools of their own (a forced JSON tool would stop them from being called).
 * - `prompt`: an instruction appended to the system prompt (with the schema, when one is given). Every model
 *   accepts it; the answer is the model's text as it comes.
 */
export type JsonMode =
  | { kind: 'none' }
  | { kind: 'tool'; schema: Record<string, unknown>; description: string }
  | { kind: 'prompt'; instruction: string };

/** Families that accept `toolChoice: {tool}` (AWS documents it for Claude 3+, Mistral Large and Nova). */
const FORCED_TOOL_FAMILIES = /(?:^|[.:/])(?:anthropic\.|amazon\.nova|mistral\.mistral-large)/;

export function supportsForcedTool(modelId: string): boolean {
  return FORCED_TOOL_FAMILIES.test(modelId);
}

export function jsonModeFor(request: ChatRequest, modelId: string): JsonMode {
  const format = request.response_format;
  if (!format || (format.type !== 'json_object' && format.type !== 'json_schema')) return { kind: 'none' };
  const schema = format.type === 'json_schema' && format.json_schema.schema ? format.json_schema.schema : undefined;
  const callerTools = (request.tools?.length ?? 0) > 0;
  if (!callerTools && supportsForcedTool(modelId)) {
    const description = format.type === 'json_schema' && format.json_schema.description
      ? format.json_schema.description
      : 'Give the complete answer as this tool\'s input.';
    return { kind: 'tool', schema: schema ?? { type: 'object' }, description };
  }
  let instruction = 'Respond with one valid JSON object and nothing else: no prose, no code fences.';
  if (schema) instruction += ` The JSON must conform to this JSON Schema: ${JSON.stringify(schema)}`;
  return { kind: 'prompt', instruction };
}
