/**
 * The demo's simulated world: every provider the seed's "Current Status" names, each served by the loopback
 * simulator of its wire format and set to the state the seed reports (three working, seven failing). Nothing here
 * reaches beyond 127.0.0.1; the keys are made up and say so.
 */
import { startSimulator } from '../../simulators/index.js';
import { startCohereSimulator } from '../../simulators/cohere/index.js';
import { startBedrockSimulator } from '../../simulators/bedrock/index.js';
import { startReplicateSimulator } from '../../simulators/replicate/index.js';
import { PROVIDERS, baseUrlEnvName } from '../providers/registry.js';

/** One simulated provider and the state it is in (its key variable is the registry's first). */
export interface DemoProvider {
  id: string;
  /** What the simulator answers, as the seed describes it. */
  state: 'working' | number;
  why: string;
}

/** The seed's "Current Status", as data. A key with `bad` in it is one the simulators refuse. */
export const DEMO_PROVIDERS: readonly DemoProvider[] = [
  { id: 'openrouter', state: 'working', why: 'working' },
  { id: 'together', state: 'working', why: 'working' },
  { id: 'groq', state: 'working', why: 'working' },
  { id: 'replicate', state: 401, why: 'the key is rejected' },
  { id: 'perplexity', state: 400, why: 'the key is rejected with a 400' },
  { id: 'cohere', state: 429, why: 'rate-limited' },
  { id: 'xai', state: 400, why: 'the key is rejected with a 400' },
  { id: 'ai21', state: 400, why: 'the key is rejected with a 400' },
  { id: 'bedrock', state: 404, why: 'the model is not deployed' },
  { id: 'sarvam', state: 405, why: 'the endpoint refuses the method' },
];

export interface DemoWorld {
  /** Keys and base URLs that point the gateway at the simulators (and nothing else). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the simulators on loopback ports and puts each provider in its demo state. */
export async function startDemoWorld(): Promise<DemoWorld> {
  const openaiLike = await startSimulator();
  const cohere = await startCohereSimulator();
  const bedrock = await startBedrockSimulator();
  const replicate = await startReplicateSimulator();
  const env: Record<string, string> = {};
  const baseUrls: Record<string, string> = { cohere: cohere.baseUrl, bedrock: bedrock.baseUrl, replicate: replicate.baseUrl };
  for (const p of DEMO_PROVIDERS) {
    const rejected = p.state === 401 || (p.state === 400 && p.id === 'xai');
    env[PROVIDERS.find((entry) => entry.id === p.id)!.keyEnv[0]!] = `demo-${p.id}-${rejected ? 'bad-' : ''}key-simulated`;
    env[baseUrlEnvName(p.id)] = baseUrls[p.id] ?? openaiLike.baseUrl(p.id);
    if (p.state === 'working' || rejected) continue; // a refused key needs no fault: the simulator refuses it
    const fault = p.state === 400 ? { status: 400, errorCode: 'invalid_api_key' } : { status: p.state };
    if (p.id === 'cohere') cohere.setDefault(fault);
    else if (p.id === 'bedrock') bedrock.setDefault(fault);
    else openaiLike.setDefault(p.id, fault);
  }
  return {
    env,
    async close() {
      await Promise.all([openaiLike.close(), cohere.close(), bedrock.close(), replicate.close()]);
    },
  };
}
