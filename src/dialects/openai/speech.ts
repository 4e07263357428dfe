/**
 * OpenAI's own speech endpoint: `POST {base}/audio/speech` with the canonical request as it came (it IS OpenAI's
 * request), the upstream model id put in, and the audio streamed back untouched.
 *
 * Three adjustments keep fallbacks from ElevenLabs working:
 * - a voice that is one of the ElevenLabs voices WAI maps OpenAI names to goes back to that OpenAI name;
 * - ElevenLabs-only fields a caller may have sent (`voice_settings`, `language_code` …) are left out, since
 *   OpenAI rejects parameters it does not know;
 * - `instructions` is left out for tts-1 and tts-1-hd, which do not take it (gpt-4o-mini-tts does).
 */
import type { SpeechAttemptContext, SpeechCodec, WireRequest } from '../types.js';
import type { SpeechFormat } from '../../types/speech.js';
import { classifyOpenAIError } from './errors.js';
import { openAIVoiceFor } from '../elevenlabs/voices.js';

/** Fields of other speech providers (ElevenLabs) that never go to OpenAI. */
const FOREIGN_FIELDS = new Set([
  'voice_settings', 'language_code', 'seed', 'previous_text', 'next_text', 'apply_text_normalization',
  'optimize_streaming_latency', 'enable_logging',
]);

/** Models that take no `instructions`. */
const NO_INSTRUCTIONS = /^tts-1(-hd)?(-\d|$)/;

// unconfirmed: the exact content types OpenAI sends per format; the upstream's own header is used when present.
const CONTENT_TYPES: Readonly<Record<SpeechFormat, string>> = {
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

export function buildOpenAISpeechRequest(ctx: SpeechAttemptContext): WireRequest {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ctx.request)) {
    if (value === undefined || FOREIGN_FIELDS.has(key)) continue;
    body[key] = value;
  }
  body.model = ctx.upstreamModel;
  body.voice = openAIVoiceFor(ctx.request.voice) ?? ctx.request.voice;
  if (NO_INSTRUCTIONS.test(ctx.upstreamModel)) delete body.instructions;
  return {
    method: 'POST',
    origin: ctx.provider.origin,
    path: `${ctx.provider.basePath}/audio/speech`,
    headers: ctx.provider.wireHeaders(),
    body: JSON.stringify(body),
  };
}

export const openaiSpeech: SpeechCodec = {
  buildSpeechRequest: buildOpenAISpeechRequest,
  contentType: (ctx) => CONTENT_TYPES[ctx.request.response_format ?? 'mp3'] ?? 'application/octet-stream',
  // The chat rules serve speech too (OpenAI's error body, its 429 quota-versus-rate split, the provider's quirks).
  classifyError: classifyOpenAIError,
};
