/**
 * OpenAI's speech request → ElevenLabs' text-to-speech call:
 *   POST {base}/v1/text-to-speech/{voice_id}/stream?output_format=…   (wav: the whole-file endpoint, no /stream)
 *   xi-api-key: <key>
 *   {text, model_id, voice_settings?, language_code?, seed?, previous_text?, next_text?, apply_text_normalization?}
 *
 * - `voice`: OpenAI names map to default ElevenLabs voices (voices.ts); anything else is an ElevenLabs voice id.
 * - `speed` → `voice_settings.speed`. ElevenLabs documents 0.7–1.2 (OpenAI takes 0.25–4); a speed outside that
 *   is refused as `unsupported` rather than clamped, so the route moves to a provider that honours it.
 * - `instructions` (OpenAI's style prompt) has no ElevenLabs counterpart on this endpoint (eleven_v3 steers with
 *   inline audio tags in the text itself); it is dropped rather than refused: the caller named this model and
 *   still gets the words in the voice asked for. It is never spoken aloud.
 * - `stream_format: 'sse'` (OpenAI's event-stream framing) is refused as `unsupported`: ElevenLabs sends raw audio.
 * - ElevenLabs' own fields, when the caller sends them, pass through: `voice_settings` (merged under `speed`),
 *   `language_code`, `seed`, `previous_text`, `next_text`, `apply_text_normalization`, and the query options
 *   `optimize_streaming_latency` and `enable_logging`.
 */
import type { SpeechAttemptContext, WireRequest } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord } from '../../internal/json.js';
import { elevenLabsVoiceId } from './voices.js';
import { elevenLabsOutput } from './output-format.js';

/** ElevenLabs' documented speed range for `voice_settings.speed`. */
export const MIN_SPEED = 0.7;
export const MAX_SPEED = 1.2;

/** Body fields of ElevenLabs' own that a caller may send through the OpenAI-shaped request. */
export const ELEVENLABS_BODY_FIELDS = ['language_code', 'seed', 'previous_text', 'next_text', 'apply_text_normalization'] as const;
/** Query options of ElevenLabs' own. */
const QUERY_FIELDS = ['optimize_streaming_latency', 'enable_logging'] as const;

export function buildElevenLabsSpeechRequest(ctx: SpeechAttemptContext): WireRequest | ProviderError {
  const request = ctx.request;
  const refuse = (code: string, message: string) =>
    new ProviderError({ errorClass: 'unsupported', provider: ctx.provider.id, model: ctx.upstreamModel, code, message });

  const output = elevenLabsOutput(request.response_format);
  if (!output) {
    return refuse('unsupported_format', `ElevenLabs cannot produce ${request.response_format} audio (it offers mp3, pcm, opus and wav).`);
  }
  if (request.stream_format === 'sse') {
    return refuse('unsupported_stream_format', 'ElevenLabs streams raw audio; it has no server-sent-events framing (stream_format "sse").');
  }
  if (request.speed !== undefined && (request.speed < MIN_SPEED || request.speed > MAX_SPEED)) {
    return refuse('unsupported_speed', `ElevenLabs speaks at speeds from ${MIN_SPEED} to ${MAX_SPEED}; ${request.speed} is outside that range.`);
  }

  const body: Record<string, unknown> = { text: request.input, model_id: ctx.upstreamModel };
  const settings = voiceSettings(request.voice_settings, request.speed);
  if (settings) body.voice_settings = settings;
  for (const field of ELEVENLABS_BODY_FIELDS) if (request[field] !== undefined) body[field] = request[field];

  const query = new URLSearchParams({ output_format: output.outputFormat });
  for (const field of QUERY_FIELDS) {
    const value = request[field];
    if (typeof value === 'number' || typeof value === 'boolean') query.set(field, String(value));
  }
  const voice = encodeURIComponent(elevenLabsVoiceId(request.voice));
  return {
    method: 'POST',
    origin: ctx.provider.origin,
    path: `${apiRoot(ctx.provider.basePath)}/text-to-speech/${voice}${output.streaming ? '/stream' : ''}?${query}`,
    headers: ctx.provider.wireHeaders(),
    body: JSON.stringify(body),
  };
}

/** The caller's ElevenLabs voice settings (if an object) with OpenAI's speed laid over them. */
function voiceSettings(given: unknown, speed: number | undefined): Record<string, unknown> | undefined {
  const settings = isRecord(given) ? { ...given } : undefined;
  if (speed === undefined) return settings;
  return { ...settings, speed };
}

/** `/v1` under the configured base, which is the host root by default; a base already ending in /v1 keeps it once. */
function apiRoot(basePath: string): string {
  return basePath.endsWith('/v1') ? basePath : `${basePath}/v1`;
}
