/** The gateway in front of one simulated upstream, for the /v1/responses tests: OpenAI (pass-through), Anthropic or Gemini (translated). */
import OpenAI from 'openai';
import { startSimulator } from '../../../simulators/index.js';
import { startAnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { startGeminiSimulator } from '../../../simulators/gemini/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import type { RequestLogSettings } from '../../../src/config/config.js';
import { simEnv } from '../../gateway/gw-helpers.js';

export interface Upstream {
  /** The provider id in x-wai-provider. */
  provider: string;
  /** The model to ask for, as provider/model. */
  model: string;
  /** The upstream model id. */
  upstreamModel: string;
  /** True when the provider speaks the Responses API itself (the request passes through). */
  native: boolean;
}

export const UPSTREAMS: readonly Upstream[] = [
  { provider: 'openai', model: 'openai/gpt-4o', upstreamModel: 'gpt-4o', native: true },
  { provider: 'anthropic', model: 'anthropic/claude-sonnet-4-5-20250929', upstreamModel: 'claude-sonnet-4-5-20250929', native: false },
  { provider: 'google', model: 'google/gemini-2.5-flash-lite', upstreamModel: 'gemini-2.5-flash-lite', native: false },
];

export interface ResponsesRig {
  gw: RunningGateway;
  client: OpenAI;
  /** Paths and bodies the upstream received, oldest first. */
  upstreamRequests(): Array<{ path: string; body: any }>;
  close(): Promise<void>;
}

export async function startResponsesRig(upstream: Upstream, requestLog?: Partial<RequestLogSettings>): Promise<ResponsesRig> {
  let env: Record<string, string>;
  let requests: () => Array<{ path: string; body: any }>;
  let closeSim: () => Promise<void>;
  if (upstream.provider === 'openai') {
    const sim = await startSimulator();
    env = simEnv(sim, ['openai']);
    requests = () => sim.requests('openai').map((r) => ({ path: r.path, body: r.body }));
    closeSim = () => sim.close();
  } else if (upstream.provider === 'anthropic') {
    const sim = await startAnthropicSimulator();
    env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: sim.baseUrl };
    requests = () => sim.requests().map((r) => ({ path: r.path, body: r.body }));
    closeSim = () => sim.close();
  } else {
    const sim = await startGeminiSimulator();
    env = { GEMINI_API_KEY: 'test-key', GOOGLE_BASE_URL: sim.baseUrl };
    requests = () => sim.requests().map((r) => ({ path: r.path, body: r.body }));
    closeSim = () => sim.close();
  }
  const gw = await startTestGateway({ env, ...(requestLog ? { requestLog } : {}) });
  return {
    gw,
    client: new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0, logLevel: 'off' }),
    upstreamRequests: requests,
    async close() {
      await gw.close();
      await closeSim();
    },
  };
}
