/**
 * The deterministic answer to a GenerateContentRequest, mirroring the OpenAI-dialect simulator's rules
 * (simulators/openai-compatible/answer.ts) read from Gemini's request shape, so one test expectation
 * fits both: greeting text, a call to the first tool, `Tool said: …` after a tool result, JSON mode,
 * `saw N image(s)`, word-count usage.
 */
import { countWords, truncate40 } from '../openai-compatible/answer.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface GeminiAnswer {
  /** Answer text ('' for a function call). */
  text: string;
  call?: { name: string; args: Obj };
  /** Thought summary, when the request asked for thoughts. */
  thought?: string;
  finishReason: 'STOP' | 'MAX_TOKENS';
  promptTokens: number;
  /** Words of the text, or of the call's JSON arguments; thoughts are counted apart as Gemini does. */
  candidatesTokens: number;
  thoughtsTokens: number;
}

function parts(content: unknown): Obj[] {
  return isObj(content) && Array.isArray(content.parts) ? content.parts.filter(isObj) : [];
}

function textOf(content: unknown): string {
  return parts(content).filter((p) => typeof p.text === 'string' && p.thought !== true).map((p) => p.text as string).join(' ');
}

function toolOutput(part: Obj): string {
  const response = isObj(part.functionResponse) ? part.functionResponse.response : undefined;
  if (!isObj(response)) return '';
  return typeof response.output === 'string' ? response.output : JSON.stringify(response);
}

function chosenFunction(body: Obj): string | undefined {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  const declarations = tools.flatMap((t) => (Array.isArray(t.functionDeclarations) ? t.functionDeclarations.filter(isObj) : []));
  if (declarations.length === 0) return undefined;
  const config = isObj(body.toolConfig) && isObj(body.toolConfig.functionCallingConfig) ? body.toolConfig.functionCallingConfig : {};
  if (config.mode === 'NONE') return undefined;
  if (config.mode === 'ANY' && Array.isArray(config.allowedFunctionNames) && typeof config.allowedFunctionNames[0] === 'string') {
    return config.allowedFunctionNames[0];
  }
  return typeof declarations[0]!.name === 'string' ? declarations[0]!.name : 'tool';
}

export function computeGeminiAnswer(model: string, body: Obj): GeminiAnswer {
  const contents = Array.isArray(body.contents) ? body.contents.filter(isObj) : [];
  let promptTokens = countWords(textOf(body.systemInstruction));
  let lastUser: Obj | undefined;
  for (const content of contents) {
    promptTokens += countWords(textOf(content));
    for (const part of parts(content)) if (part.functionResponse) promptTokens += countWords(toolOutput(part));
    if (content.role !== 'model' && parts(content).some((p) => typeof p.text === 'string' || p.inlineData || p.fileData)) lastUser = content;
  }
  const last = contents[contents.length - 1];
  const lastParts = parts(last);
  const responses = lastParts.filter((p) => isObj(p.functionResponse));
  const userText = lastUser ? textOf(lastUser) : '';
  const config = isObj(body.generationConfig) ? body.generationConfig : {};
  const thinking = isObj(config.thinkingConfig) && config.thinkingConfig.includeThoughts === true;
  const thought = thinking ? `Thinking about: ${truncate40(userText)}` : undefined;
  const thoughtsTokens = thought ? countWords(thought) : 0;

  const name = last && last.role !== 'model' && responses.length === 0 ? chosenFunction(body) : undefined;
  if (name !== undefined) {
    const args = { input: userText };
    return { text: '', call: { name, args }, thought, finishReason: 'STOP', promptTokens, candidatesTokens: countWords(JSON.stringify(args)), thoughtsTokens };
  }

  let text: string;
  if (responses.length > 0) text = `Tool said: ${toolOutput(responses[responses.length - 1]!)}`;
  else {
    text = `Hello from google (${model}): ${truncate40(userText)}`;
    const images = lastUser ? parts(lastUser).filter((p) => p.inlineData || p.fileData).length : 0;
    if (images > 0) text += ` (saw ${images} image(s))`;
  }
  if (config.responseMimeType === 'application/json') text = JSON.stringify({ answer: text });

  let finishReason: GeminiAnswer['finishReason'] = 'STOP';
  const stops = Array.isArray(config.stopSequences) ? config.stopSequences.filter((s): s is string => typeof s === 'string' && s !== '') : [];
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0) text = text.slice(0, at);
  }
  const max = typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : undefined;
  if (max !== undefined && countWords(text) > max) {
    text = text.split(' ').slice(0, max).join(' ');
    finishReason = 'MAX_TOKENS';
  }
  return { text, thought, finishReason, promptTokens, candidatesTokens: countWords(text), thoughtsTokens };
}
