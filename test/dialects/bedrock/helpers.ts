/** Helpers for the Bedrock dialect tests: attempt contexts, a stream driver, fixture readers, a gateway. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { AttemptContext } from '../../../src/dialects/types.js';
import type { ChatRequest } from '../../../src/types/chat.js';
import { PROVIDERS } from '../../../src/providers/registry.js';
import { Secret } from '../../../src/internal/secret.js';
import { bedrockDialect } from '../../../src/dialects/bedrock/index.js';
import { RECORDED } from '../../helpers/paths.js';
import { collectStream, fakeAttemptContext, type Collected } from '../../helpers/dialect-harness.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import type { BedrockSimulator } from '../../../simulators/bedrock/index.js';

export const BEDROCK_DIR = join(RECORDED, 'amazon-bedrock');
/** The catalog's Bedrock offering for Claude Sonnet 4 (a `us.` cross-region inference profile). */
export const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
export const ENTRY = PROVIDERS.find((p) => p.id === 'bedrock')!;

export type { Collected } from '../../helpers/dialect-harness.js';

export function fakeCtx(request: Partial<ChatRequest> = {}, opts: { stream?: boolean; includeUsage?: boolean; model?: string } = {}): AttemptContext {
  return fakeAttemptContext('bedrock', opts.model ?? MODEL, new Secret('test-key', 'AWS_BEARER_TOKEN_BEDROCK'), request, opts);
}

/** Runs wire bytes through the stream translator, `pieceSize` bytes at a time (1 = the worst split). */
export function translate(wire: Uint8Array, ctx: AttemptContext = fakeCtx({}, { stream: true }), pieceSize = 0): Collected {
  return collectStream(bedrockDialect, wire, ctx, pieceSize);
}

// ---- fixtures -------------------------------------------------------------------------------

export const fixtureNames = (suffix: string) => readdirSync(BEDROCK_DIR).filter((f) => f.endsWith(suffix)).sort();
export const readFixture = (name: string) => readFileSync(join(BEDROCK_DIR, name), 'utf8');
/** The lines of a `.chunks.txt` recording, each `{"<event-type>": payload}`. */
export const fixtureEvents = (name: string): Array<Record<string, any>> =>
  readFixture(name).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));

/** What a recording says the answer is, read from the recording itself. */
export interface Expected {
  text: string;
  reasoning: string;
  calls: Array<{ id: string; name: string; args: unknown }>;
  stopReason: string | undefined;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number; cache: number } | undefined;
}

function usageOf(u: any): Expected['usage'] {
  if (!u) return undefined;
  const cache = (u.cacheReadInputTokens ?? 0) + (u.cacheWriteInputTokens ?? 0);
  return { inputTokens: u.inputTokens, outputTokens: u.outputTokens, totalTokens: u.totalTokens, cache };
}

export function expectedFromJson(body: any): Expected {
  const out: Expected = { text: '', reasoning: '', calls: [], stopReason: body.stopReason, usage: usageOf(body.usage) };
  for (const block of body.output.message.content) {
    if (typeof block.text === 'string') out.text += block.text;
    if (block.toolUse) out.calls.push({ id: block.toolUse.toolUseId, name: block.toolUse.name, args: block.toolUse.input });
    if (block.reasoningContent?.reasoningText?.text) out.reasoning += block.reasoningContent.reasoningText.text;
  }
  return out;
}

export function expectedFromEvents(events: Array<Record<string, any>>): Expected {
  const out: Expected = { text: '', reasoning: '', calls: [], stopReason: undefined, usage: undefined };
  const argsByBlock = new Map<number, { id: string; name: string; raw: string }>();
  for (const e of events) {
    const start = e.contentBlockStart?.start?.toolUse;
    if (start) argsByBlock.set(e.contentBlockStart.contentBlockIndex, { id: start.toolUseId, name: start.name, raw: '' });
    const delta = e.contentBlockDelta?.delta;
    if (typeof delta?.text === 'string') out.text += delta.text;
    if (typeof delta?.reasoningContent?.text === 'string') out.reasoning += delta.reasoningContent.text;
    if (typeof delta?.toolUse?.input === 'string') argsByBlock.get(e.contentBlockDelta.contentBlockIndex)!.raw += delta.toolUse.input;
    if (e.messageStop) out.stopReason = e.messageStop.stopReason;
    if (e.metadata) out.usage = usageOf(e.metadata.usage);
  }
  // A tool streamed with no input at all means "no arguments", which OpenAI spells `{}`.
  for (const call of argsByBlock.values()) out.calls.push({ id: call.id, name: call.name, args: JSON.parse(call.raw || '{}') });
  return out;
}

export const OPENAI_FINISH: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', tool_use: 'tool_calls', max_tokens: 'length' };

// ---- gateway ---------------------------------------------------------------------------------

export async function startBedrockGateway(sim: BedrockSimulator, env: Record<string, string> = { AWS_BEARER_TOKEN_BEDROCK: 'test-key' }): Promise<{ gw: RunningGateway; client: OpenAI }> {
  const gw = await startTestGateway({ env: { BEDROCK_BASE_URL: sim.baseUrl, ...env } });
  const client = new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0, logLevel: 'off' });
  return { gw, client };
}

/** Joins an OpenAI chat stream from the `openai` client. */
export async function collectOpenAIStream(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  let text = '';
  let reasoning = '';
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  let usageChunks = 0;
  const calls: Array<{ id?: string; name?: string; args: string }> = [];
  for await (const chunk of stream) {
    if (chunk.usage) {
      usage = chunk.usage;
      usageChunks++;
    }
    const choice = chunk.choices[0];
    if (!choice) continue;
    const delta = choice.delta as typeof choice.delta & { reasoning_content?: string };
    if (delta.content) text += delta.content;
    if (delta.reasoning_content) reasoning += delta.reasoning_content;
    if (choice.finish_reason) finish = choice.finish_reason;
    for (const tc of delta.tool_calls ?? []) {
      const call = (calls[tc.index] ??= { args: '' });
      if (tc.id) call.id = tc.id;
      if (tc.function?.name) call.name = tc.function.name;
      if (tc.function?.arguments) call.args += tc.function.arguments;
    }
  }
  return { text, reasoning, finish, usage, usageChunks, calls };
}
