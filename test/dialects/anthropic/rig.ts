/** The gateway, with Anthropic as its only keyed provider, in front of the Anthropic simulator. */
import OpenAI from 'openai';
import { startTestGateway } from '../../helpers/gateway.js';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../../simulators/anthropic/index.js';
import type { RunningGateway } from '../../../src/gateway.js';

export interface Rig {
  sim: AnthropicSimulator;
  gw: RunningGateway;
  client: OpenAI;
  close(): Promise<void>;
}

/** A gateway whose only keyed provider is Anthropic, pointed at a simulator (its own, or one given). */
export async function startRig(shared?: AnthropicSimulator, key = 'test-key'): Promise<Rig> {
  const sim = shared ?? (await startAnthropicSimulator());
  const gw = await startTestGateway({ env: { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: sim.baseUrl } });
  const client = new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 });
  return {
    sim, gw, client,
    async close() {
      await gw.close();
      if (!shared) await sim.close();
    },
  };
}

