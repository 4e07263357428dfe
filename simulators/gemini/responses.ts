/**
 * GenerateContentResponse bodies, whole and as stream chunks, laid out as the recorded Gemini traffic is
 * (test/fixtures/recorded/google): `candidates[].content.parts` with `role: "model"` after the parts, `index: 0`,
 * cumulative `usageMetadata` on every chunk, `modelVersion` and `responseId`. Gemini 3 models attach a
 * `thoughtSignature` to the first function call and to the last (empty) text part of a stream.
 */
import { splitDeltas, countWords } from '../openai-compatible/answer.js';
import type { GeminiAnswer } from './answer.js';

type Obj = Record<string, unknown>;

export interface ResponseCtx {
  model: string;
  responseId: string;
  answer: GeminiAnswer;
  /** `generationConfig.candidateCount`: every candidate gets the same answer. */
  candidates: number;
}

/** A placeholder with the shape of a real signature (base64); the simulator never checks it. */
const SIGNATURE = 'Cs4BAb4+9vsim0000signature0000simulated0000AAAA';

const signs = (model: string) => /^gemini-(?:[3-9]|\d{2,})/.test(model);

function usage(ctx: ResponseCtx, candidatesTokens: number, thoughtsTokens: number): Obj {
  const prompt = ctx.answer.promptTokens;
  const out: Obj = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidatesTokens * ctx.candidates,
    totalTokenCount: prompt + (candidatesTokens + thoughtsTokens) * ctx.candidates,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
  };
  if (thoughtsTokens > 0) out.thoughtsTokenCount = thoughtsTokens * ctx.candidates;
  return out;
}

function response(ctx: ResponseCtx, parts: Obj[], finishReason: string | undefined, usageMetadata: Obj): Obj {
  const candidates: Obj[] = [];
  for (let i = 0; i < ctx.candidates; i++) {
    const candidate: Obj = { content: { parts, role: 'model' } };
    if (finishReason) candidate.finishReason = finishReason;
    candidate.index = i;
    candidates.push(candidate);
  }
  return { candidates, usageMetadata, modelVersion: ctx.model, responseId: ctx.responseId };
}

function callPart(ctx: ResponseCtx): Obj {
  const call = ctx.answer.call!;
  const part: Obj = { functionCall: { name: call.name, args: call.args } };
  if (signs(ctx.model)) part.thoughtSignature = SIGNATURE;
  return part;
}

/** The whole (non-stream) response. */
export function wholeResponse(ctx: ResponseCtx): Obj {
  const { answer } = ctx;
  const parts: Obj[] = [];
  if (answer.thought) parts.push({ text: answer.thought, thought: true });
  if (answer.call) parts.push(callPart(ctx));
  else {
    const text: Obj = { text: answer.text };
    if (signs(ctx.model)) text.thoughtSignature = SIGNATURE;
    parts.push(text);
  }
  const body = response(ctx, parts, answer.finishReason, usage(ctx, answer.candidatesTokens, answer.thoughtsTokens));
  if (answer.call) (body.candidates as Obj[]).forEach((c) => { c.finishMessage = 'Model generated function call(s).'; });
  return body;
}

/** The stream's chunks: thought pieces, then text pieces or one whole function call, then an empty text part carrying the finishReason. */
export function streamChunks(ctx: ResponseCtx): Obj[] {
  const { answer } = ctx;
  const chunks: Obj[] = [];
  let thoughts = 0;
  let thought = '';
  let said = '';
  if (answer.thought) {
    for (const piece of splitDeltas(answer.thought)) {
      thought += piece;
      thoughts = countWords(thought);
      chunks.push(response(ctx, [{ text: piece, thought: true }], undefined, usage(ctx, 0, thoughts)));
    }
  }
  if (answer.call) {
    chunks.push(response(ctx, [callPart(ctx)], undefined, usage(ctx, answer.candidatesTokens, thoughts)));
  } else {
    for (const piece of splitDeltas(answer.text)) {
      said += piece;
      chunks.push(response(ctx, [{ text: piece }], undefined, usage(ctx, countWords(said), thoughts)));
    }
  }
  const last: Obj = { text: '' };
  if (signs(ctx.model) && !answer.call) last.thoughtSignature = SIGNATURE;
  chunks.push(response(ctx, [last], answer.finishReason, usage(ctx, answer.candidatesTokens, answer.thoughtsTokens)));
  return chunks;
}
