/** Shared pieces of the Anthropic dialect tests: fixture replay and small parsers (the gateway rig is in anthropic-rig.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type OpenAI from 'openai';
import { RECORDED } from '../../helpers/paths.js';

export const MODEL = 'claude-sonnet-4-5-20250929';
export const GATEWAY_MODEL = `anthropic/${MODEL}`;
export const FIXTURES = join(RECORDED, 'anthropic');

/** Whitespace-separated words, as the simulator counts tokens. */
export function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The recorded events of a `.chunks.txt` file (one JSON payload a line). */
export function fixtureEvents(name: string): Array<Record<string, unknown>> {
  return readFileSync(join(FIXTURES, name), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A `.chunks.txt` file framed the way Anthropic sends it: the event name is each payload's `type`. */
export function fixtureSse(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8').split('\n').filter((l) => l.trim() !== '')
    .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join('');
}

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

/** The replay fault for a fixture: its bytes as the next 200 body. */
export function replay(name: string): { body: string; headers: Record<string, string> } {
  return name.endsWith('.json')
    ? { body: readFileSync(join(FIXTURES, name), 'utf8'), headers: { 'content-type': 'application/json' } }
    : { body: fixtureSse(name), headers: { 'content-type': 'text/event-stream; charset=utf-8' } };
}

export interface Collected {
  content: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finish: string | null;
  usage: OpenAI.CompletionUsage | undefined;
  chunks: OpenAI.ChatCompletionChunk[];
}

/** Joins an OpenAI chunk stream the way a client would. */
export async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<Collected> {
  const out: Collected = { content: '', reasoning: '', toolCalls: [], finish: null, usage: undefined, chunks: [] };
  for await (const chunk of stream) {
    out.chunks.push(chunk);
    if (chunk.usage) out.usage = chunk.usage;
    for (const choice of chunk.choices) {
      const delta = choice.delta as OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };
      if (delta.content) out.content += delta.content;
      if (delta.reasoning_content) out.reasoning += delta.reasoning_content;
      for (const call of delta.tool_calls ?? []) {
        const slot = (out.toolCalls[call.index] ??= { id: '', name: '', arguments: '' });
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.name = call.function.name;
        if (call.function?.arguments) slot.arguments += call.function.arguments;
      }
      if (choice.finish_reason) out.finish = choice.finish_reason;
    }
  }
  return out;
}
