/**
 * Shared rig for the fallback-engine tests: every simulator the map's rows need, one handle per provider
 * (set a fault, count the chat requests that reached it), the env that keys a set of providers and points
 * them at the simulators, and a small seeded PRNG for the property test.
 */
import OpenAI from 'openai';
import { startSimulator, type Fault, type Simulator } from '../../../simulators/index.js';
import { startMetaLlamaSimulator } from '../../../simulators/meta-llama/index.js';
import { startAzureSimulator } from '../../../simulators/azure/index.js';
import { startReplicateSimulator } from '../../../simulators/replicate/index.js';
import { startCohereSimulator } from '../../../simulators/cohere/index.js';
import { startBedrockSimulator } from '../../../simulators/bedrock/index.js';
import { startAnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { startGeminiSimulator } from '../../../simulators/gemini/index.js';
import { PROVIDERS, baseUrlEnvName } from '../../../src/providers/registry.js';
import { startTestGateway, type TestGatewayOptions } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';

export type { Fault };

/** The OpenAI-dialect providers served by simulators/openai-compatible. */
const OPENAI_DIALECT = ['openrouter', 'together', 'openai', 'groq', 'huggingface', 'fireworks', 'aleph-alpha', 'writer', 'perplexity', 'xai', 'ai21', 'sarvam'];

/** One provider's simulator, whatever its dialect. */
export interface SimHandle {
  id: string;
  baseUrl: string;
  setDefault(fault: Fault | null): void;
  enqueue(...faults: Fault[]): void;
  /** Chat calls that reached the simulator (Replicate: prediction creations; its polls are not calls). */
  count(): number;
}

interface Closable { close(): Promise<void>; reset(): void }

export interface Sims {
  get(id: string): SimHandle;
  has(id: string): boolean;
  /** Clears every queue, default and request record. */
  reset(): void;
  close(): Promise<void>;
  /** Simulators that would not start (their rows are reported, not run). */
  failed: Record<string, string>;
  openai: Simulator;
}

interface Generic {
  baseUrl: string;
  setDefault(first: never, fault?: never): void;
  enqueue(...faults: never[]): void;
  requests(): Array<{ method: string }>;
  reset(): void;
  close(): Promise<void>;
}

/** Starts every simulator the fallback map's rows need. */
export async function startSims(): Promise<Sims> {
  const openai = await startSimulator();
  const handles = new Map<string, SimHandle>();
  const closables: Closable[] = [openai];
  const failed: Record<string, string> = {};
  for (const id of OPENAI_DIALECT) {
    handles.set(id, {
      id,
      baseUrl: openai.baseUrl(id),
      setDefault: (fault) => openai.setDefault(id, fault),
      enqueue: (...faults) => openai.enqueue(id, ...faults),
      count: () => openai.requests(id).filter((r) => r.method === 'POST').length,
    });
  }
  const dialectSims: Array<[string, () => Promise<unknown>]> = [
    ['meta', () => startMetaLlamaSimulator()],
    ['azure-openai', () => startAzureSimulator()],
    ['replicate', () => startReplicateSimulator()],
    ['cohere', () => startCohereSimulator()],
    ['bedrock', () => startBedrockSimulator()],
    ['anthropic', () => startAnthropicSimulator()],
    ['google', () => startGeminiSimulator()],
  ];
  await Promise.all(dialectSims.map(async ([id, start]) => {
    try {
      const sim = (await start()) as Generic;
      closables.push(sim);
      const post = id === 'replicate'
        // A prediction is created by POST /v1/models/{owner}/{name}/predictions (or /v1/predictions); polls are GETs.
        ? (r: { method: string; path?: string }) => r.method === 'POST' && /predictions$/.test(r.path ?? '')
        : (r: { method: string }) => r.method === 'POST';
      handles.set(id, {
        id,
        baseUrl: sim.baseUrl,
        setDefault: (fault) => (sim.setDefault as (f: Fault | null) => void)(fault),
        enqueue: (...faults) => { if (faults.length) (sim.enqueue as (...f: Fault[]) => void)(...faults); },
        count: () => sim.requests().filter(post).length,
      });
    } catch (error) {
      failed[id] = String(error);
    }
  }));
  return {
    openai,
    failed,
    get(id) {
      const h = handles.get(id);
      if (!h) throw new Error(`no simulator for ${id}${failed[id] ? `: ${failed[id]}` : ''}`);
      return h;
    },
    has: (id) => handles.has(id),
    reset: () => { for (const c of closables) c.reset(); },
    close: async () => { await Promise.all(closables.map((c) => c.close())); },
  };
}

/** The variable a provider's key is read from (the first the registry lists). */
export function keyVar(id: string): string {
  const entry = PROVIDERS.find((p) => p.id === id);
  if (!entry || !entry.keyEnv[0]) throw new Error(`${id} has no key variable`);
  return entry.keyEnv[0];
}

/** Env that keys `keyed` and points every simulated provider (keyed or not) at its simulator. */
export function envFor(sims: Sims, keyed: readonly string[], extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const id of [...OPENAI_DIALECT, 'meta', 'azure-openai', 'replicate', 'cohere', 'bedrock', 'anthropic', 'google']) {
    if (sims.has(id)) env[baseUrlEnvName(id)] = sims.get(id).baseUrl;
  }
  for (const id of keyed) env[keyVar(id)] = `k-${id}-test`;
  return { ...env, ...extra };
}

export async function gatewayFor(sims: Sims, keyed: readonly string[], options: Omit<TestGatewayOptions, 'env'> = {}): Promise<{ gw: RunningGateway; client: OpenAI }> {
  const gw = await startTestGateway({ env: envFor(sims, keyed), ...options });
  return { gw, client: new OpenAI({ apiKey: 'caller', baseURL: `${gw.url}/v1`, maxRetries: 0, timeout: 20_000 }) };
}

/** How the gateway says it served a request. */
export function servedBy(headers: Headers): { provider: string | null; model: string | null; level: number; attempts: number } {
  return {
    provider: headers.get('x-wai-provider'),
    model: headers.get('x-wai-model'),
    level: Number(headers.get('x-wai-level')),
    attempts: Number(headers.get('x-wai-attempts')),
  };
}

/** mulberry32: a tiny seeded PRNG, so a failing random scenario can be replayed from its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rejects when `promise` has not settled within `ms`: a hang becomes a failure with a message. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hang)`)), ms); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
