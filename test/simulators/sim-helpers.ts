/** Helpers for the simulator tests: one entry per provider, clients, raw requests and SSE parsing. */
import OpenAI from 'openai';
import type { Simulator } from '../../simulators/index.js';

export interface Case {
  id: string;
  model: string;
  /** Chat path relative to sim.baseUrl(id). */
  chatPath: string;
  modelsPath: string;
  /** Mistral rejects stream_options (422), so never send it there. */
  acceptsStreamOptions: boolean;
  /** Provider sends the tool call whole in one delta (as recorded) instead of argument pieces. */
  wholeToolCall: boolean;
}

const c = (id: string, model: string, extra: Partial<Case> = {}): Case => ({
  id, model, chatPath: '/chat/completions', modelsPath: '/models', acceptsStreamOptions: true, wholeToolCall: false, ...extra,
});

export const CASES: Case[] = [
  c('openai', 'gpt-4o-mini'),
  c('groq', 'llama-3.3-70b-versatile', { wholeToolCall: true }),
  c('deepseek', 'deepseek-chat'),
  c('mistral', 'mistral-small-latest', { acceptsStreamOptions: false, wholeToolCall: true }),
  c('moonshot', 'kimi-k2-0905-preview'),
  c('openrouter', 'meta-llama/llama-3.3-70b-instruct'),
  c('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'),
  c('xai', 'grok-4', { wholeToolCall: true }),
  c('perplexity', 'sonar'),
  c('fireworks', 'accounts/fireworks/models/kimi-k2-instruct'),
  c('huggingface', 'meta-llama/Llama-3.1-8B-Instruct'),
  c('ai21', 'jamba-mini'),
  c('sarvam', 'sarvam-m', { chatPath: '/v1/chat/completions', modelsPath: '/v1/models' }),
  c('writer', 'palmyra-x5', { chatPath: '/v1/chat', modelsPath: '/v1/models' }),
  c('aleph-alpha', 'llama-3.1-70b-instruct'),
  c('meta', 'Llama-3.3-70B-Instruct'),
];

export const GOOD_KEY = 'sk-sim-good';

/**
 * The official client for a provider plus the per-request options it needs.
 * The client always appends '/chat/completions' to baseURL. Writer's endpoint is '/v1/chat' and
 * Sarvam's base URL is the host root (its path is '/v1/chat/completions'), so for those two we pass
 * the client's per-request `path` option instead of writing a custom fetch.
 */
export function clientFor(sim: Simulator, cs: Case, apiKey = GOOD_KEY): { client: OpenAI; opts: { path?: string } } {
  const client = new OpenAI({ apiKey, baseURL: sim.baseUrl(cs.id), maxRetries: 0, logLevel: 'off' });
  return { client, opts: cs.chatPath === '/chat/completions' ? {} : { path: cs.chatPath } };
}

/** POST the chat endpoint with fetch and return status, headers and raw text. */
export async function rawChat(sim: Simulator, cs: Case, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${GOOD_KEY}` }, signal?: AbortSignal) {
  const res = await fetch(sim.baseUrl(cs.id) + cs.chatPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export interface ParsedSse {
  comments: string[];
  data: any[];
  /** data lines that were not JSON (and not [DONE]) */
  junk: string[];
  done: boolean;
}

export function parseSse(text: string): ParsedSse {
  const out: ParsedSse = { comments: [], data: [], junk: [], done: false };
  for (const block of text.split('\n\n')) {
    if (block === '') continue;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) out.comments.push(line);
      else if (line.startsWith('data: ')) {
        const d = line.slice(6);
        if (d === '[DONE]') out.done = true;
        else {
          try {
            out.data.push(JSON.parse(d));
          } catch {
            out.junk.push(d);
          }
        }
      }
    }
  }
  return out;
}

/** Collects a streamed answer from the client's chunks. */
export async function collect(stream: AsyncIterable<any>) {
  const chunks: any[] = [];
  let content = '';
  let reasoning = '';
  let finish: string | null = null;
  const calls = new Map<number, { id?: string; name?: string; args: string; argPieces: number; type?: string }>();
  for await (const ch of stream) {
    chunks.push(ch);
    const choice = ch.choices?.[0];
    if (!choice) continue;
    const d = choice.delta ?? {};
    if (typeof d.content === 'string') content += d.content;
    if (typeof d.reasoning_content === 'string') reasoning += d.reasoning_content;
    if (choice.finish_reason) finish = choice.finish_reason;
    for (const tc of d.tool_calls ?? []) {
      const idx = tc.index ?? 0; // Mistral omits index
      const cur = calls.get(idx) ?? { args: '', argPieces: 0 };
      if (tc.id) cur.id = tc.id;
      if (tc.type) cur.type = tc.type;
      if (tc.function?.name) cur.name = tc.function.name;
      if (tc.function?.arguments) {
        cur.args += tc.function.arguments;
        cur.argPieces++;
      }
      calls.set(idx, cur);
    }
  }
  return { chunks, content, reasoning, finish, calls };
}

/** Where this provider put the stream's usage: top-level, x_groq, or choices[0] (Moonshot). */
export function streamUsage(chunks: any[]): any {
  for (let i = chunks.length - 1; i >= 0; i--) {
    const ch = chunks[i];
    const u = ch.usage ?? ch.choices?.[0]?.usage ?? ch.x_groq?.usage;
    if (u) return u;
  }
  return undefined;
}

export const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
