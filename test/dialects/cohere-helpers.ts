/** Helpers for the Cohere dialect tests: a fake attempt context, a stream collector and fixture readers. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptContext } from '../../src/dialects/types.js';
import type { ChatRequest, Usage } from '../../src/types/chat.js';
import type { ProviderError } from '../../src/errors/provider-error.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import { ProviderRuntime } from '../../src/providers/runtime.js';
import { Secret } from '../../src/internal/secret.js';
import { systemClock } from '../../src/internal/clock.js';
import { cohereDialect } from '../../src/dialects/cohere/index.js';
import { RECORDED } from '../helpers/paths.js';

export const COHERE_DIR = join(RECORDED, 'cohere');
export const MODEL = 'command-a-03-2025';

export function fakeCtx(request: Partial<ChatRequest> = {}, opts: { stream?: boolean; includeUsage?: boolean } = {}): AttemptContext {
  const entry = PROVIDERS.find((p) => p.id === 'cohere')!;
  const provider = new ProviderRuntime(entry, new Secret('co-test-key', 'CO_API_KEY'), 'http://127.0.0.1:9');
  return {
    provider,
    upstreamModel: MODEL,
    request: { model: `cohere/${MODEL}`, messages: [{ role: 'user', content: 'hi' }], ...request } as ChatRequest,
    stream: opts.stream ?? false,
    includeUsage: opts.includeUsage ?? false,
    requestId: 'req-test',
    clock: systemClock,
  };
}

export interface Collected {
  chunks: any[];
  /** The `content` flag the translator gave each chunk, in order. */
  flags: boolean[];
  usage: Usage | undefined;
  error: ProviderError | undefined;
  done: boolean;
  text: string;
  reasoning: string;
  finish: string | null;
  calls: Array<{ index: number; id?: string; name?: string; args: string }>;
}

/** Runs wire text through the stream translator, `pieceSize` bytes at a time (1 = the worst split). */
export function translate(wire: string, ctx: AttemptContext = fakeCtx({}, { stream: true }), pieceSize = 0): Collected {
  const out: Collected = { chunks: [], flags: [], usage: undefined, error: undefined, done: false, text: '', reasoning: '', finish: null, calls: [] };
  const translator = cohereDialect.createStreamTranslator(ctx, {
    frame: (json, content) => {
      out.chunks.push(JSON.parse(json));
      out.flags.push(content);
    },
    usage: (u) => { out.usage = u; },
    error: (e) => { out.error = e; },
    done: () => { out.done = true; },
  });
  const bytes = Buffer.from(wire);
  const step = pieceSize > 0 ? pieceSize : bytes.length || 1;
  for (let i = 0; i < bytes.length; i += step) translator.push(bytes.subarray(i, i + step));
  translator.end();
  for (const chunk of out.chunks) {
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const d = choice.delta ?? {};
    if (typeof d.content === 'string') out.text += d.content;
    if (typeof d.reasoning_content === 'string') out.reasoning += d.reasoning_content;
    if (choice.finish_reason) out.finish = choice.finish_reason;
    for (const tc of d.tool_calls ?? []) {
      let call = out.calls.find((c) => c.index === tc.index);
      if (!call) out.calls.push((call = { index: tc.index, args: '' }));
      if (tc.id) call.id = tc.id;
      if (tc.function?.name) call.name = tc.function.name;
      if (tc.function?.arguments) call.args += tc.function.arguments;
    }
  }
  return out;
}

// ---- fixtures -------------------------------------------------------------------------------

export const fixtureNames = (suffix: string) => readdirSync(COHERE_DIR).filter((f) => f.endsWith(suffix)).sort();
export const readFixture = (name: string) => readFileSync(join(COHERE_DIR, name), 'utf8');
export const readEvents = (name: string): any[] => readFixture(name).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));

/** Cohere's wire framing of recorded events: `event: <type>` + `data: <json>` (README of the fixtures). */
export const frame = (events: readonly any[]) => events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');

/** What an answer should come out as, read from the fixture itself. */
export interface Expected {
  text: string;
  thinking: string;
  plan: string;
  calls: Array<{ id: string; name: string; args: string }>;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number | undefined;
}

const openAIFinish: Record<string, string> = { COMPLETE: 'stop', STOP_SEQUENCE: 'stop', MAX_TOKENS: 'length', TOOL_CALL: 'tool_calls' };
export const finishOf = (cohere: string) => openAIFinish[cohere]!;
/** The gateway's rule for tool arguments that say "no arguments". */
export const normalisedArgs = (raw: string) => (raw.trim() === '' || raw.trim() === 'null' ? '{}' : raw);

export function expectedFromBody(body: any): Expected {
  const parts: any[] = body.message.content ?? [];
  return {
    text: parts.filter((p) => p.type === 'text').map((p) => p.text).join(''),
    thinking: parts.filter((p) => p.type === 'thinking').map((p) => p.thinking).join(''),
    plan: body.message.tool_plan ?? '',
    calls: (body.message.tool_calls ?? []).map((c: any) => ({ id: c.id, name: c.function.name, args: normalisedArgs(c.function.arguments) })),
    finishReason: finishOf(body.finish_reason),
    promptTokens: body.usage.tokens.input_tokens,
    completionTokens: body.usage.tokens.output_tokens,
    cachedTokens: body.usage.cached_tokens,
  };
}

export function expectedFromEvents(events: any[]): Expected {
  const e: Expected = { text: '', thinking: '', plan: '', calls: [], finishReason: '', promptTokens: 0, completionTokens: 0, cachedTokens: undefined };
  const byIndex = new Map<number, { id: string; name: string; args: string }>();
  for (const ev of events) {
    const m = ev.delta?.message;
    if (ev.type === 'content-delta' || ev.type === 'content-start') {
      e.text += m.content.text ?? '';
      e.thinking += m.content.thinking ?? '';
    } else if (ev.type === 'tool-plan-delta') e.plan += m.tool_plan;
    else if (ev.type === 'tool-call-start') byIndex.set(ev.index, { id: m.tool_calls.id, name: m.tool_calls.function.name, args: m.tool_calls.function.arguments ?? '' });
    else if (ev.type === 'tool-call-delta') byIndex.get(ev.index)!.args += m.tool_calls.function.arguments;
    else if (ev.type === 'message-end') {
      e.finishReason = finishOf(ev.delta.finish_reason);
      e.promptTokens = ev.delta.usage.tokens.input_tokens;
      e.completionTokens = ev.delta.usage.tokens.output_tokens;
      e.cachedTokens = ev.delta.usage.cached_tokens;
    }
  }
  e.calls = [...byIndex.values()].map((c) => ({ ...c, args: normalisedArgs(c.args) }));
  return e;
}

/** reasoning_content as the gateway builds it: thinking, then the tool plan. */
export const expectedReasoning = (e: Expected) => (e.thinking && e.plan ? `${e.thinking}\n\n${e.plan}` : e.thinking || e.plan);
