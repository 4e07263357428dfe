/**
 * The request checks the real API makes that a translating client can get wrong. Gemini parses the body as a
 * protobuf message: an unknown field anywhere (e.g. `additionalProperties` in a tool schema) is a 400
 * "Invalid JSON payload received. Unknown name …". It also insists on user/model roles, non-empty parts,
 * object-valued function args and responses, and (Gemini 3) a thought signature on replayed function calls.
 * Returns the error message, or undefined when the request is acceptable.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Proto JSON accepts the camelCase and the original snake_case spelling of each field.
const snake = (names: string[]) => new Set(names.flatMap((n) => [n, n.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())]));

const REQUEST_FIELDS = snake(['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig', 'safetySettings', 'cachedContent', 'model']);
const GENERATION_FIELDS = snake([
  'stopSequences', 'responseMimeType', 'responseSchema', 'responseJsonSchema', 'responseModalities', 'candidateCount',
  'maxOutputTokens', 'temperature', 'topP', 'topK', 'seed', 'presencePenalty', 'frequencyPenalty', 'responseLogprobs',
  'logprobs', 'enableEnhancedCivicAnswers', 'speechConfig', 'thinkingConfig', 'mediaResolution', 'imageConfig',
]);
const THINKING_FIELDS = snake(['includeThoughts', 'thinkingBudget', 'thinkingLevel']);
const SCHEMA_FIELDS = snake([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required',
  'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering',
  'default', 'items', 'minimum', 'maximum',
]);
const SCHEMA_TYPES = new Set(['TYPE_UNSPECIFIED', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL']);
const DECLARATION_FIELDS = snake(['name', 'description', 'parameters', 'parametersJsonSchema', 'response', 'responseJsonSchema', 'behavior']);
const TOOL_FIELDS = snake(['functionDeclarations', 'googleSearch', 'googleSearchRetrieval', 'codeExecution', 'urlContext', 'fileSearch', 'googleMaps', 'computerUse']);
const MODES = new Set(['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED']);

const unknown = (name: string, at?: string) => `Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`;
const snakePath = (path: string) => path.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** `nested`: a property or items schema, where Gemini insists on a type (unless anyOf is used). */
function checkSchema(schema: unknown, at: string, nested = false): string | undefined {
  if (!isObj(schema)) return `Invalid value at '${snakePath(at)}' (type.googleapis.com/google.ai.generativelanguage.v1beta.Schema)`;
  for (const key of Object.keys(schema)) if (!SCHEMA_FIELDS.has(key)) return unknown(key, snakePath(at));
  const field = `* GenerateContentRequest.${snakePath(at)}`;
  if (nested && schema.type === undefined && schema.anyOf === undefined) return `${field}.type: must be specified when not using one_of, any_of or all_of fields\n`;
  if (typeof schema.type === 'string' && schema.type.toUpperCase() === 'ARRAY' && schema.items === undefined) return `${field}.items: missing field.\n`;
  if (schema.type !== undefined && (typeof schema.type !== 'string' || !SCHEMA_TYPES.has(schema.type.toUpperCase()))) {
    return `Invalid value at '${snakePath(at)}.type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), ${JSON.stringify(schema.type)}`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.every((v) => typeof v === 'string')) {
    return `Invalid value at '${snakePath(at)}.enum' (TYPE_STRING), ${JSON.stringify(schema.enum.find((v) => typeof v !== 'string'))}`;
  }
  if (isObj(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      const problem = checkSchema(sub, `${at}.properties[${name}]`, true);
      if (problem) return problem;
    }
  }
  if (schema.items !== undefined) {
    const problem = checkSchema(schema.items, `${at}.items`, true);
    if (problem) return problem;
  }
  if (Array.isArray(schema.anyOf)) {
    for (let i = 0; i < schema.anyOf.length; i++) {
      const problem = checkSchema(schema.anyOf[i], `${at}.anyOf[${i}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkParts(content: Obj, i: number, model: string): string | undefined {
  if (content.role !== undefined && content.role !== 'user' && content.role !== 'model') return 'Please use a valid role: user, model.';
  const parts = content.parts;
  if (!Array.isArray(parts) || parts.length === 0) return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`;
  let firstCall = true;
  for (let j = 0; j < parts.length; j++) {
    const part = parts[j];
    const at = `contents[${i}].parts[${j}]`;
    if (!isObj(part)) return `Invalid value at '${at}' (type.googleapis.com/google.ai.generativelanguage.v1beta.Part)`;
    if (part.text === '') return 'Unable to submit request because it has an empty text parameter. Add a value to the parameter and try again.';
    const call = part.functionCall;
    if (call !== undefined) {
      if (!isObj(call) || typeof call.name !== 'string') return `* GenerateContentRequest.${at}.function_call.name: Name cannot be empty.\n`;
      if (call.args !== undefined && !isObj(call.args)) return `Invalid value at '${at}.function_call.args' (type.googleapis.com/google.protobuf.Struct), ${JSON.stringify(call.args)}`;
      if (firstCall && content.role === 'model' && /^gemini-(?:[3-9]|\d{2,})/.test(model) && typeof part.thoughtSignature !== 'string') {
        return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${call.name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
      }
      firstCall = false;
    }
    const response = part.functionResponse;
    if (response !== undefined) {
      if (!isObj(response) || typeof response.name !== 'string' || response.name === '') return `* GenerateContentRequest.${at}.function_response.name: Name cannot be empty.\n`;
      if (!isObj(response.response)) return `Invalid value at '${at}.function_response.response' (type.googleapis.com/google.protobuf.Struct), ${JSON.stringify(response.response)}`;
    }
    const inline = part.inlineData;
    if (inline !== undefined && (!isObj(inline) || typeof inline.mimeType !== 'string' || typeof inline.data !== 'string')) {
      return `* GenerateContentRequest.${at}.inline_data: mime_type and data are required.\n`;
    }
    const file = part.fileData;
    if (file !== undefined && (!isObj(file) || typeof file.fileUri !== 'string')) return `* GenerateContentRequest.${at}.file_data.file_uri: file_uri is required.\n`;
  }
  return undefined;
}

export function validateGeminiRequest(body: Obj, model: string): string | undefined {
  for (const key of Object.keys(body)) if (!REQUEST_FIELDS.has(key)) return unknown(key);
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified\n';
  for (let i = 0; i < contents.length; i++) {
    if (!isObj(contents[i])) return `Invalid value at 'contents[${i}]' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content)`;
    const problem = checkParts(contents[i] as Obj, i, model);
    if (problem) return problem;
  }
  const system = body.systemInstruction;
  if (system !== undefined && (!isObj(system) || !Array.isArray(system.parts))) return "Invalid value at 'system_instruction' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content)";

  const tools = body.tools;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return "Invalid value at 'tools' (type.googleapis.com/google.ai.generativelanguage.v1beta.Tool)";
    for (let t = 0; t < tools.length; t++) {
      const tool = tools[t];
      if (!isObj(tool)) return `Invalid value at 'tools[${t}]'`;
      for (const key of Object.keys(tool)) if (!TOOL_FIELDS.has(key)) return unknown(key, `tools[${t}]`);
      const declarations = Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [];
      for (let d = 0; d < declarations.length; d++) {
        const declaration = declarations[d];
        const at = `tools[${t}].functionDeclarations[${d}]`;
        if (!isObj(declaration) || typeof declaration.name !== 'string' || declaration.name === '') return `* GenerateContentRequest.${snakePath(at)}.name: Name cannot be empty.\n`;
        for (const key of Object.keys(declaration)) if (!DECLARATION_FIELDS.has(key)) return unknown(key, snakePath(at));
        if (declaration.parameters !== undefined) {
          const problem = checkSchema(declaration.parameters, `${at}.parameters`);
          if (problem) return problem;
          const params = declaration.parameters as Obj;
          if (String(params.type).toUpperCase() === 'OBJECT' && isObj(params.properties) && Object.keys(params.properties).length === 0) {
            return `* GenerateContentRequest.${snakePath(at)}.parameters.properties: should be non-empty for OBJECT type\n`;
          }
        }
      }
    }
  }
  const toolConfig = body.toolConfig;
  if (isObj(toolConfig) && isObj(toolConfig.functionCallingConfig)) {
    const mode = toolConfig.functionCallingConfig.mode;
    if (mode !== undefined && (typeof mode !== 'string' || !MODES.has(mode))) {
      return `Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), ${JSON.stringify(mode)}`;
    }
  }
  const config = body.generationConfig;
  if (config !== undefined) {
    if (!isObj(config)) return "Invalid value at 'generation_config' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig)";
    for (const key of Object.keys(config)) if (!GENERATION_FIELDS.has(key)) return unknown(key, 'generation_config');
    if (config.responseSchema !== undefined) {
      const problem = checkSchema(config.responseSchema, 'generationConfig.responseSchema');
      if (problem) return problem;
    }
    if (isObj(config.thinkingConfig)) {
      for (const key of Object.keys(config.thinkingConfig)) if (!THINKING_FIELDS.has(key)) return unknown(key, 'generation_config.thinking_config');
    }
    if (config.stopSequences !== undefined && !(Array.isArray(config.stopSequences) && config.stopSequences.every((s) => typeof s === 'string'))) {
      return "Invalid value at 'generation_config.stop_sequences' (TYPE_STRING)";
    }
  }
  return undefined;
}
