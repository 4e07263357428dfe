/** Helpers for the Cohere dialect tests: a fake attempt context, a stream collector and fixture readers. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptContext } from '../../../src/dialects/types.js';
import type { ChatRequest } from '../../../src/types/chat.js';
import { Secret } from '../../../src/internal/secret.js';
import { cohereDialect } from '../../../src/dialects/cohere/index.js';
import { RECORDED } from '../../helpers/paths.js';
import { collectStream, fakeAttemptContext, type Collected } from '../../helpers/dialect-harness.js';

export const COHERE_DIR = join(RECORDED, 'cohere');
export const MODEL = 'command-a-03-2025';

export type { Collected } from '../../helpers/dialect-harness.js';

export function fakeCtx(request: Partial<ChatRequest> = {}, opts: { stream?: boolean; includeUsage?: boolean } = {}): AttemptContext {
  return fakeAttemptContext('cohere', MODEL, new Secret('co-test-key', 'CO_API_KEY'), request, opts);
}

/** Runs wire text through the stream translator, `pieceSize` bytes at a time (1 = the worst split). */
export function translate(wire: string, ctx: AttemptContext = fakeCtx({}, { stream: true }), pieceSize = 0): Collected {
  return collectStream(cohereDialect, Buffer.from(wire), ctx, pieceSize);
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
