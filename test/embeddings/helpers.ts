/** The simulators that serve embeddings, a gateway in front of them, and what their vectors should be. */
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startGeminiSimulator, type GeminiSimulator } from '../../simulators/gemini/index.js';
import { startCohereSimulator, type CohereSimulator } from '../../simulators/cohere/index.js';
import { startBedrockSimulator, type BedrockSimulator } from '../../simulators/bedrock/index.js';
import { startAzureSimulator, type AzureSimulator } from '../../simulators/azure/index.js';
import type { RunningGateway } from '../../src/gateway.js';
import type { RetryPolicy } from '../../src/config/config.js';
import { startTestGateway } from '../helpers/gateway.js';
export { simVector, simTokens, vectorBase64 } from '../../simulators/loopback-kit/embeddings.js';

export interface EmbeddingsRig {
  openai: Simulator;
  gemini: GeminiSimulator;
  cohere: CohereSimulator;
  bedrock: BedrockSimulator;
  azure: AzureSimulator;
  reset(): void;
  close(): Promise<void>;
}

export async function startEmbeddingsRig(): Promise<EmbeddingsRig> {
  const [openai, gemini, cohere, bedrock, azure] = await Promise.all([
    startSimulator(), startGeminiSimulator(), startCohereSimulator(), startBedrockSimulator(), startAzureSimulator(),
  ]);
  return {
    openai, gemini, cohere, bedrock, azure,
    reset: () => { openai.reset(); gemini.reset(); cohere.reset(); bedrock.reset(); azure.reset(); },
    close: async () => void (await Promise.all([openai.close(), gemini.close(), cohere.close(), bedrock.close(), azure.close()])),
  };
}

/** Keys and base URLs for every embeddings provider of the rig; a test removes a provider by setting its key to undefined. */
export function rigEnv(rig: EmbeddingsRig): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    GEMINI_API_KEY: 'g-test', GOOGLE_BASE_URL: rig.gemini.baseUrl,
    CO_API_KEY: 'co-test', COHERE_BASE_URL: rig.cohere.baseUrl,
    AWS_BEARER_TOKEN_BEDROCK: 'aws-test', BEDROCK_BASE_URL: rig.bedrock.baseUrl,
    AZURE_OPENAI_API_KEY: 'az-test', AZURE_OPENAI_BASE_URL: rig.azure.baseUrl,
  };
  for (const id of ['openai', 'openrouter', 'mistral', 'together', 'fireworks']) {
    const name = id.toUpperCase();
    env[`${name}_API_KEY`] = `sk-${id}-test`;
    env[`${name}_BASE_URL`] = rig.openai.baseUrl(id);
  }
  return env;
}

/** One retry of a transient failure, after at most 5 ms. */
export const QUICK_RETRIES: Partial<RetryPolicy> = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 };

/** A fresh gateway (breakers do not leak between tests) with the official `openai` client pointed at it. */
export async function withGateway<T>(rig: EmbeddingsRig, fn: (client: OpenAI, gw: RunningGateway) => Promise<T>, env: Record<string, string | undefined> = {}): Promise<T> {
  const gw = await startTestGateway({ env: { ...rigEnv(rig), ...env }, retries: QUICK_RETRIES });
  try {
    return await fn(new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 }), gw);
  } finally {
    await gw.close();
  }
}

/** `embeddings.create` with the raw response too (headers), as the SDK parsed it. */
export async function embed(client: OpenAI, params: OpenAI.EmbeddingCreateParams & Record<string, unknown>) {
  const { data, response } = await client.embeddings.create(params as OpenAI.EmbeddingCreateParams).withResponse();
  return { body: data, headers: response.headers };
}

/** The error the gateway answered, as the SDK raised it. */
export async function embedError(client: OpenAI, params: Record<string, unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await client.embeddings.create(params as unknown as OpenAI.EmbeddingCreateParams).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof OpenAI.APIError)) throw new Error(`expected an APIError, got ${String(error)}`);
  return error;
}

export function served(headers: Headers) {
  return { provider: headers.get('x-wai-provider'), model: headers.get('x-wai-model'), level: headers.get('x-wai-level'), attempts: headers.get('x-wai-attempts') };
}

/** USD for input tokens at a price per million, rounded as the gateway rounds (to the nano-dollar). */
export const usd = (tokens: number, pricePerMillion: number): number => Math.round(tokens * pricePerMillion * 1e3) / 1e9;
