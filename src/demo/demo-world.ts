/**
 * The demo's simulated world: every provider the seed's "Current Status" names, each served by the loopback
 * simulator of its wire format and set to the state the seed reports (three working, seven failing). Nothing here
 * reaches beyond 127.0.0.1; the keys are made up and say so.
 */
import { startSimulator } from '../../simulators/index.js';
import { startCohereSimulator } from '../../simulators/cohere/index.js';
import { startBedrockSimulator } from '../../simulators/bedrock/index.js';
import { startReplicateSimulator } from '../../simulators/replicate/index.js';

/** One simulated provider: its key variable and the state it is in. */
export interface DemoProvider {
  id: string;
  keyEnv: string;
  /** What the simulator answers, as the seed describes it. */
  state: 'working' | number;
  why: string;
}

/** The seed's "Current Status", as data. A key with `bad` in it is one the simulators refuse. */
export const DEMO_PROVIDERS: readonly DemoProvider[] = [
  { id: 'openrouter', keyEnv: 'OPENROUTER_API_KEY', state: 'working', why: 'working' },
  { id: 'together', keyEnv: 'TOGETHER_API_KEY', state: 'working', why: 'working' },
  { id: 'groq', keyEnv: 'GROQ_API_KEY', state: 'working', why: 'working' },
  { id: 'replicate', keyEnv: 'REPLICATE_API_TOKEN', state: 401, why: 'the key is rejected' },
  { id: 'perplexity', keyEnv: 'PERPLEXITY_API_KEY', state: 400, why: 'the key is rejected with a 400' },
  { id: 'cohere', keyEnv: 'CO_API_KEY', state: 429, why: 'rate-limited' },
  { id: 'xai', keyEnv: 'XAI_API_KEY', state: 400, why: 'the key is rejected with a 400' },
  { id: 'ai21', keyEnv: 'AI21_API_KEY', state: 400, why: 'the key is rejected with a 400' },
  { id: 'bedrock', keyEnv: 'AWS_BEARER_TOKEN_BEDROCK', state: 404, why: 'the model is not deployed' },
  { id: 'sarvam', keyEnv: 'SARVAM_API_KEY', state: 405, why: 'the endpoint refuses the method' },
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
    env[p.keyEnv] = `demo-${p.id}-${rejected ? 'bad-' : ''}key-simulated`;
    env[`${p.id.toUpperCase().replace(/-/g, '_')}_BASE_URL`] = baseUrls[p.id] ?? openaiLike.baseUrl(p.id);
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
