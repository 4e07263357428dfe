/** Shared pieces of the speech tests: attempt contexts for the codecs, and the simulators behind a gateway. */
import OpenAI from 'openai';
import { PROVIDERS } from '../../src/providers/registry.js';
import { ProviderRuntime } from '../../src/providers/runtime.js';
import { Secret } from '../../src/internal/secret.js';
import { systemClock } from '../../src/internal/clock.js';
import type { SpeechAttemptContext } from '../../src/dialects/types.js';
import type { SpeechRequest } from '../../src/types/speech.js';
import type { RetryPolicy, Timeouts } from '../../src/config/config.js';
import type { RunningGateway } from '../../src/gateway.js';
import { startTestGateway } from './gateway.js';
import { startElevenLabsSimulator, fakeAudio, outputFormat, type SpeechSimulator } from '../../simulators/elevenlabs/index.js';
import { startOpenAISpeechSimulator, FORMAT_AUDIO, type OpenAIFormat } from '../../simulators/openai-speech/index.js';

/** A speech attempt context for a provider of the registry, with a key and a base URL. */
export function speechCtx(providerId: 'elevenlabs' | 'openai', request: Partial<SpeechRequest> = {}, upstreamModel?: string, baseUrl?: string): SpeechAttemptContext {
  const entry = PROVIDERS.find((p) => p.id === providerId)!;
  const provider = new ProviderRuntime(entry, new Secret('sk-test', 'TEST_KEY'), baseUrl ?? entry.defaultBaseUrl);
  const model = upstreamModel ?? (providerId === 'elevenlabs' ? 'eleven_multilingual_v2' : 'gpt-4o-mini-tts');
  return {
    provider,
    upstreamModel: model,
    request: { model: `${providerId}/${model}`, input: 'Hello there', voice: 'alloy', ...request },
    requestId: 'req-test',
    clock: systemClock,
  };
}

export interface SpeechRig {
  eleven: SpeechSimulator;
  openai: SpeechSimulator;
  close(): Promise<void>;
}

export async function startSpeechRig(): Promise<SpeechRig> {
  const [eleven, openai] = await Promise.all([startElevenLabsSimulator(), startOpenAISpeechSimulator()]);
  return { eleven, openai, close: async () => void (await Promise.all([eleven.close(), openai.close()])) };
}

export interface GatewayOptions {
  /** undefined leaves the provider without a key. */
  elevenKey?: string | undefined;
  openaiKey?: string | undefined;
  timeouts?: Partial<Timeouts>;
  retries?: Partial<RetryPolicy>;
}

/** Fast, predictable retries: one retry of a transient failure after at most 5 ms. */
export const QUICK_RETRIES: Partial<RetryPolicy> = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 };

/**
 * A fresh gateway per test (its breakers and cool-downs would otherwise leak between tests), both providers
 * keyed by default, and the official `openai` client pointed at it.
 */
export async function withGateway<T>(rig: SpeechRig, fn: (client: OpenAI, gw: RunningGateway) => Promise<T>, options: GatewayOptions = {}): Promise<T> {
  const elevenKey = 'elevenKey' in options ? options.elevenKey : 'xi-test-key';
  const openaiKey = 'openaiKey' in options ? options.openaiKey : 'sk-test-key';
  const gw = await startTestGateway({
    env: {
      ELEVENLABS_API_KEY: elevenKey, ELEVENLABS_BASE_URL: rig.eleven.baseUrl,
      OPENAI_API_KEY: openaiKey, OPENAI_BASE_URL: rig.openai.baseUrl,
    },
    retries: options.retries ?? QUICK_RETRIES,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  try {
    return await fn(new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 }), gw);
  } finally {
    await gw.close();
  }
}

/** The bytes the ElevenLabs simulator streams for a request. */
export function elevenLabsAudio(format: string, text: string, voiceId: string, model: string): Buffer {
  return fakeAudio(outputFormat(format)!, { text, voice: voiceId, model });
}

/** The bytes the OpenAI speech simulator streams for a request. */
export function openAIAudio(format: OpenAIFormat, text: string, voice: string, model: string): Buffer {
  return fakeAudio(FORMAT_AUDIO[format], { text, voice, model });
}

export interface SpeechAnswer {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

/** `audio.speech.create` through the client, with the response's status, headers and bytes. */
export async function speak(client: OpenAI, params: OpenAI.Audio.SpeechCreateParams & Record<string, unknown>): Promise<SpeechAnswer> {
  const response = await client.audio.speech.create(params as OpenAI.Audio.SpeechCreateParams);
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

export type AttemptView = { provider: string; model: string; level: number; ok: boolean; errorClass?: string; status?: number; code?: string };
export type GatewayErrorBody = { message?: string; param?: string | null; code?: string | null; provider?: string; error_class?: string; upstream_status?: number | null; attempts?: AttemptView[]; skipped?: Array<{ provider: string; reason: string }> };

/** The error the gateway answered, as the client raised it. */
export async function speakError(client: OpenAI, params: Record<string, unknown>): Promise<{ error: InstanceType<typeof OpenAI.APIError>; body: GatewayErrorBody }> {
  const error = await client.audio.speech.create(params as unknown as OpenAI.Audio.SpeechCreateParams).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OpenAI.APIError)) throw new Error(`expected an APIError, got ${String(error)}`);
  return { error, body: (error.error ?? {}) as GatewayErrorBody };
}
