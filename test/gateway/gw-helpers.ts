/**
 * Shared pieces of the gateway-level tests: the OpenAI-dialect providers with the model each test calls,
 * the environment that points every provider at the simulator, the official `openai` client aimed at the
 * gateway, stream collection, OpenAI error-body checks and a tiny scriptable upstream.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import OpenAI from 'openai';
import type { Simulator } from '../../simulators/index.js';
import { PROVIDERS as REGISTRY, baseUrlEnvName } from '../../src/providers/registry.js';

export type Capability = 'tools' | 'json' | 'vision';

export interface GwCase {
  /** Provider id (registry and simulator). */
  id: string;
  /** Upstream model id; the request names `${id}/${model}`. The gateway's planner serves it at level 1. */
  model: string;
  /** What the catalog says this model can do; a request needing more is routed elsewhere by design. */
  caps: ReadonlySet<Capability>;
  /** The first key variable the registry reads for this provider. */
  keyEnv: string;
  /** The registry's stream-usage quirk ('request' when the gateway must ask for usage). */
  streamUsage: 'request' | 'always' | 'unsupported';
  /** The simulator puts usage only in a `choices: []` chunk, and only when asked (OpenAI's own behaviour). */
  flagUsage: boolean;
}

const FLAG_USAGE = new Set(['openai', 'xai', 'fireworks', 'huggingface', 'ai21', 'sarvam', 'writer', 'aleph-alpha']);
const ALL: Capability[] = ['tools', 'json', 'vision'];

/**
 * One model per provider that the catalog lists as that provider's own offering (so the planner's level 1 is
 * that provider, with no `:free` sibling ahead of it), with the capabilities the catalog grants it.
 */
const MODELS: Array<[string, string, Capability[]]> = [
  ['openai', 'gpt-4o-mini', ALL],
  ['groq', 'meta-llama/llama-4-scout-17b-16e-instruct', ALL],
  ['deepseek', 'deepseek-flash', ['tools', 'json']],
  ['mistral', 'mistral-large-latest', ALL],
  ['moonshot', 'kimi-k2.6', ALL],
  ['openrouter', 'openai/gpt-4o-mini', ALL],
  ['together', 'meta-llama/Llama-4-Scout-17B-16E-Instruct', ALL],
  ['xai', 'grok-4.3', ALL],
  ['perplexity', 'sonar', ['json']],
  ['fireworks', 'accounts/fireworks/models/llama4-scout-instruct-basic', ALL],
  ['huggingface', 'meta-llama/Llama-4-Scout-17B-16E-Instruct', ALL],
  ['ai21', 'jamba-mini', ['tools', 'json']],
  ['sarvam', 'sarvam-30b', ['tools', 'json']],
  ['writer', 'palmyra-x5', ['tools']],
  ['aleph-alpha', 'llama-3.1-70b-instruct', []],
];

export function registryEntry(id: string) {
  const entry = REGISTRY.find((p) => p.id === id);
  if (!entry) throw new Error(`provider ${id} is not in the registry`);
  return entry;
}

/** Every OpenAI-dialect provider the gateway serves through the simulator. */
export const GW_CASES: readonly GwCase[] = MODELS.map(([id, model, caps]) => {
  const entry = registryEntry(id);
  return {
    id,
    model,
    caps: new Set(caps),
    keyEnv: entry.keyEnv[0]!,
    streamUsage: entry.quirks?.streamUsage ?? 'request',
    flagUsage: FLAG_USAGE.has(id),
  };
});

/**
 * The model to call for a request that needs `cap`: the case's model when the catalog grants it, otherwise a
 * model id the catalog does not know, which the gateway sends to the named provider unchecked. (A catalogued
 * model without the capability is routed to a substitute that has it; that is the planner's business, tested
 * elsewhere. Here the wire format is under test, and the simulator serves any model id.)
 */
export function modelFor(cs: GwCase, cap?: Capability): string {
  return cap === undefined || cs.caps.has(cap) ? cs.model : `wai-uncatalogued-${cs.id}`;
}

export const caseOf = (id: string): GwCase => {
  const found = GW_CASES.find((c) => c.id === id);
  if (!found) throw new Error(`no case for ${id}`);
  return found;
};

/** A key per provider, distinctive enough to search for. */
export const keyFor = (id: string) => `sk-gwtest-${id}-0123456789`;

/** Keys and base URLs of the given providers (all by default), pointed at the simulator. */
export function simEnv(sim: Simulator, ids: readonly string[] = GW_CASES.map((c) => c.id), keys: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const id of ids) {
    env[registryEntry(id).keyEnv[0]!] = keys[id] ?? keyFor(id);
    env[baseUrlEnvName(id)] = sim.baseUrl(id);
  }
  return env;
}

/** The official client aimed at the gateway. */
export function gwClient(gatewayUrl: string): OpenAI {
  return new OpenAI({ apiKey: 'x', baseURL: `${gatewayUrl}/v1`, maxRetries: 0, logLevel: 'off' });
}

export const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** The simulator's text answer. */
export const simText = (id: string, model: string, userText: string) => `Hello from ${id} (${model}): ${userText.slice(0, 40)}`;

export interface CollectedCall {
  id?: string;
  type?: string;
  name?: string;
  args: string;
  pieces: number;
}

export interface Collected {
  chunks: any[];
  content: string;
  reasoning: string;
  finish: string | null;
  calls: Map<number, CollectedCall>;
  /** The last non-null top-level `usage` seen. */
  usage: any;
}

/** Joins what a stream carried (deltas of choice 0; tool calls by index, a missing index read as 0). */
export async function collect(stream: AsyncIterable<any>): Promise<Collected> {
  const out: Collected = { chunks: [], content: '', reasoning: '', finish: null, calls: new Map(), usage: undefined };
  for await (const chunk of stream) {
    out.chunks.push(chunk);
    if (chunk.usage) out.usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string') out.content += delta.content;
    if (typeof delta.reasoning_content === 'string') out.reasoning += delta.reasoning_content;
    if (choice.finish_reason) out.finish = choice.finish_reason;
    for (const call of delta.tool_calls ?? []) {
      const index = call.index ?? 0;
      const current = out.calls.get(index) ?? { args: '', pieces: 0 };
      if (call.id) current.id = call.id;
      if (call.type) current.type = call.type;
      if (call.function?.name) current.name = call.function.name;
      if (call.function?.arguments) {
        current.args += call.function.arguments;
        current.pieces++;
      }
      out.calls.set(index, current);
    }
  }
  return out;
}

/** Checks an OpenAI-format error body and returns its `error` object. */
export function assertOpenAIError(body: any, expect: { param?: string | null; code?: string | null; type?: string } = {}): any {
  assert.ok(body && typeof body === 'object', 'the error body is a JSON object');
  const error = body.error;
  assert.ok(error && typeof error === 'object', `the body has an "error" object: ${JSON.stringify(body)}`);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0, 'the message is not empty');
  assert.equal(typeof error.type, 'string');
  assert.ok('param' in error, 'error.param is present');
  assert.ok('code' in error, 'error.code is present');
  assert.ok(error.param === null || typeof error.param === 'string', 'param is a string or null');
  assert.ok(error.code === null || typeof error.code === 'string', 'code is a string or null');
  if (expect.param !== undefined) assert.equal(error.param, expect.param);
  if (expect.code !== undefined) assert.equal(error.code, expect.code);
  if (expect.type !== undefined) assert.equal(error.type, expect.type);
  return error;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** POSTs a body (an object is JSON-encoded; a string goes as it is) to the gateway. */
export async function postRaw(url: string, body: unknown, init: { method?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<RawResponse> {
  const res = await fetch(url, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Splits an SSE text into its data payloads (JSON parsed), comment lines and whether [DONE] came. */
export function parseSse(text: string): { data: any[]; junk: string[]; comments: string[]; done: boolean } {
  const out = { data: [] as any[], junk: [] as string[], comments: [] as string[], done: false };
  for (const block of text.split(/\r?\n\r?\n/)) {
    for (const line of block.split(/\r?\n/)) {
      if (line === '') continue;
      if (line.startsWith(':')) out.comments.push(line);
      else if (line.startsWith('data:')) {
        const payload = line.slice(5).trimStart();
        if (payload === '[DONE]') out.done = true;
        else {
          try {
            out.data.push(JSON.parse(payload));
          } catch {
            out.junk.push(payload);
          }
        }
      } else out.junk.push(line);
    }
  }
  return out;
}

/** Asserts the x-wai-* headers of a level-1, single-attempt answer. */
export function assertServedHeaders(headers: Headers, provider: string, model: string): void {
  assert.equal(headers.get('x-wai-provider'), provider);
  assert.equal(headers.get('x-wai-model'), model);
  assert.equal(headers.get('x-wai-level'), '1');
  assert.equal(headers.get('x-wai-attempts'), '1');
  const requestId = headers.get('x-wai-request-id');
  assert.ok(requestId && requestId.length >= 8, `x-wai-request-id is set (${requestId})`);
}

// ---------------------------------------------------------------------------------------------
// A tiny scriptable upstream, for what the simulator cannot show (socket close, exact bytes).

export interface UpstreamRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface TinyUpstream {
  url: string;
  requests: UpstreamRequest[];
  handler: UpstreamHandler;
  /** Resolves when the next request's connection closes (the client or the gateway went away). */
  nextClose(): Promise<{ at: number }>;
  close(): Promise<void>;
}

/** A loopback HTTP server whose answers a test scripts through `handler`. */
export async function startTinyUpstream(handler: UpstreamHandler = (_req, res) => {
  res.end();
}): Promise<TinyUpstream> {
  const sockets = new Set<Socket>();
  let closeWaiters: Array<(v: { at: number }) => void> = [];
  const upstream: TinyUpstream = {
    url: '',
    requests: [],
    handler,
    nextClose: () => new Promise((resolve) => closeWaiters.push(resolve)),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      upstream.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body });
      res.on('close', () => {
        const waiters = closeWaiters;
        closeWaiters = [];
        for (const w of waiters) w({ at: Date.now() });
      });
      Promise.resolve(upstream.handler(req, res, body)).catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return upstream;
}

/** `data: <json>\n\n` frames plus `data: [DONE]\n\n`. */
export function sseBody(chunks: unknown[], done = true): string {
  return chunks.map((c) => `data: ${typeof c === 'string' ? c : JSON.stringify(c)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');
}

/** Rejects after `ms`, for waits that must not hang a test. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

/** Reads a streamed body until `needle` has arrived (or the body ends); returns what was read. The stream stays open. */
export async function readUntil(body: ReadableStream<Uint8Array>, needle: string): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  while (!seen.includes(needle)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return seen;
}
