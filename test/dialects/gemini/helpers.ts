/** Helpers for the Gemini dialect tests: a fake attempt context, stream runners, a chunk collector, fixture readers. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type OpenAI from 'openai';
import type { AttemptContext } from '../../../src/dialects/types.js';
import type { ChatRequest, Usage } from '../../../src/types/chat.js';
import type { ProviderError } from '../../../src/errors/provider-error.js';
import { PROVIDERS } from '../../../src/providers/registry.js';
import { ProviderRuntime } from '../../../src/providers/runtime.js';
import { Secret } from '../../../src/internal/secret.js';
import { systemClock } from '../../../src/internal/clock.js';
import { geminiDialect } from '../../../src/dialects/gemini/index.js';
import { RECORDED } from '../../helpers/paths.js';

export const GOOGLE_DIR = join(RECORDED, 'google');
export const MODEL = 'gemini-2.5-flash';

export function fakeCtx(request: Partial<ChatRequest> = {}, opts: { stream?: boolean; includeUsage?: boolean; model?: string } = {}): AttemptContext {
  const entry = PROVIDERS.find((p) => p.id === 'google')!;
  const provider = new ProviderRuntime(entry, new Secret('g-test-key', 'GEMINI_API_KEY'), 'http://127.0.0.1:9');
  return {
    provider,
    upstreamModel: opts.model ?? MODEL,
    request: { model: `google/${opts.model ?? MODEL}`, messages: [{ role: 'user', content: 'hi' }], ...request } as ChatRequest,
    stream: opts.stream ?? false,
    includeUsage: opts.includeUsage ?? false,
    requestId: 'req-test',
    clock: systemClock,
  };
}

export interface ToolCallSeen { id?: string; type?: string; name?: string; args: string; nameInFirst: boolean }

export interface Collected {
  chunks: any[];
  /** The `content` flag the translator gave each frame, in order. */
  flags: boolean[];
  usage: Usage | undefined;
  error: ProviderError | undefined;
  done: boolean;
  text: string;
  reasoning: string;
  finish: string | null;
  calls: Map<number, ToolCallSeen>;
}

function emptyCollected(): Collected {
  return { chunks: [], flags: [], usage: undefined, error: undefined, done: false, text: '', reasoning: '', finish: null, calls: new Map() };
}

/** Folds one OpenAI chunk into the running totals. */
export function absorb(out: Collected, chunk: any): void {
  out.chunks.push(chunk);
  const choice = chunk.choices?.[0];
  if (!choice) return;
  const delta = choice.delta ?? {};
  if (typeof delta.content === 'string') out.text += delta.content;
  if (typeof delta.reasoning_content === 'string') out.reasoning += delta.reasoning_content;
  if (choice.finish_reason) out.finish = choice.finish_reason;
  for (const tc of delta.tool_calls ?? []) {
    const seen = out.calls.get(tc.index);
    const call = seen ?? { args: '', nameInFirst: !!tc.function?.name && !!tc.id && tc.type === 'function' };
    call.id ??= tc.id;
    call.type ??= tc.type;
    call.name ??= tc.function?.name;
    call.args += tc.function?.arguments ?? '';
    out.calls.set(tc.index, call);
  }
}

/** Runs bytes through the dialect's stream translator directly (no HTTP), in pieces of `split` bytes. */
export function runStream(sse: string, ctx: AttemptContext, split = 0): Collected {
  const out = emptyCollected();
  const translator = geminiDialect.chat!.createStreamTranslator(ctx, {
    frame(json, content) {
      out.flags.push(content);
      absorb(out, JSON.parse(json));
    },
    usage(u) { out.usage = u; },
    error(e) { out.error = e; },
    done() { out.done = true; },
  });
  const bytes = Buffer.from(sse);
  if (split > 0) for (let i = 0; i < bytes.length; i += split) translator.push(bytes.subarray(i, i + split));
  else translator.push(bytes);
  translator.end();
  return out;
}

/** Collects an `openai` client stream. */
export async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<Collected> {
  const out = emptyCollected();
  for await (const chunk of stream) absorb(out, chunk);
  return out;
}

export function fixtureNames(suffix: string): string[] {
  return readdirSync(GOOGLE_DIR).filter((f) => f.endsWith(suffix)).sort();
}

export function readFixture(name: string): string {
  return readFileSync(join(GOOGLE_DIR, name), 'utf8');
}

/** A `.chunks.txt` file's payloads (one JSON per non-empty line). */
export function fixtureChunks(name: string): any[] {
  return readFixture(name).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** Re-frames recorded payloads the way Gemini sends them with `alt=sse`: `data: <json>` events, no [DONE]. */
export function toSse(chunks: unknown[]): string {
  return chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join('');
}

export interface Expected {
  text: string;
  reasoning: string;
  calls: Array<{ name: string; args: Record<string, unknown> }>;
  finishReason: string | undefined;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; reasoning_tokens: number } | undefined;
}

/**
 * What a Gemini answer says, read straight from the recorded payloads, independently of the dialect:
 * joined texts, function calls (whole `args`, or Vertex `partialArgs` string pieces joined per top-level path),
 * the last finishReason and the last complete usageMetadata.
 */
export function expectedFrom(payloads: any[]): Expected {
  const out: Expected = { text: '', reasoning: '', calls: [], finishReason: undefined, usage: undefined };
  let open: { name: string; args: Record<string, unknown> } | undefined;
  for (const payload of payloads) {
    const candidate = payload.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (typeof part.text === 'string') {
        if (part.thought) out.reasoning += part.text;
        else out.text += part.text;
      }
      const call = part.functionCall;
      if (!call) continue;
      if (call.name) {
        open = { name: call.name, args: { ...(call.args ?? {}) } };
        out.calls.push(open);
      }
      for (const piece of call.partialArgs ?? []) {
        const key = String(piece.jsonPath).replace(/^\$\./, '');
        open!.args[key] = String(open!.args[key] ?? '') + (piece.stringValue ?? '');
      }
    }
    if (candidate?.finishReason) out.finishReason = candidate.finishReason;
    const u = payload.usageMetadata;
    if (u && typeof u.promptTokenCount === 'number') {
      out.usage = {
        prompt_tokens: u.promptTokenCount,
        completion_tokens: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0),
        total_tokens: u.totalTokenCount,
        reasoning_tokens: u.thoughtsTokenCount ?? 0,
      };
    }
  }
  return out;
}

export const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
