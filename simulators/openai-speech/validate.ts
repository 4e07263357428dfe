/** What OpenAI's `POST /v1/audio/speech` checks, with its `invalid_request_error` bodies. */
import type { AudioSpec } from '../elevenlabs/audio.js';

export const SPEECH_MODELS = new Set(['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'gpt-4o-mini-tts-2025-03-20', 'gpt-4o-mini-tts-2025-12-15']);
export const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
const FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export type OpenAIFormat = (typeof FORMATS)[number];

/** OpenAI speaks at 24 kHz; pcm is raw signed 16-bit little-endian samples. */
// unconfirmed: the content types per format.
export const FORMAT_AUDIO: Readonly<Record<OpenAIFormat, AudioSpec & { contentType: string }>> = {
  mp3: { kind: 'mp3', sampleRate: 24_000, contentType: 'audio/mpeg' },
  opus: { kind: 'opus', sampleRate: 48_000, contentType: 'audio/opus' },
  aac: { kind: 'aac', sampleRate: 24_000, contentType: 'audio/aac' },
  flac: { kind: 'flac', sampleRate: 24_000, contentType: 'audio/flac' },
  wav: { kind: 'wav', sampleRate: 24_000, contentType: 'audio/wav' },
  pcm: { kind: 'pcm', sampleRate: 24_000, contentType: 'audio/pcm' },
};

export interface SpeechInvalid {
  status: number;
  message: string;
  param: string | null;
  code: string | null;
}

export interface SpeechValid {
  model: string;
  input: string;
  voice: string;
  format: OpenAIFormat;
  sse: boolean;
}

const invalid = (message: string, param: string | null, code: string | null = 'invalid_value', status = 400): SpeechInvalid => ({ status, message, param, code });
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export function checkSpeech(body: Record<string, unknown>): SpeechValid | SpeechInvalid {
  const model = body.model;
  if (typeof model !== 'string' || model === '') return invalid('you must provide a model parameter', null, null);
  if (typeof body.input !== 'string') return invalid("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  if (body.input.length > 4096) {
    return invalid(`Invalid 'input': string too long. Expected a string with maximum length 4096, but got a string with length ${body.input.length} instead.`, 'input', 'string_above_max_length');
  }
  if (typeof body.voice !== 'string') return invalid("Missing required parameter: 'voice'.", 'voice', 'missing_required_parameter');
  if (!VOICES.includes(body.voice)) return invalid(`Invalid value: '${body.voice}'. Supported values are: ${list(VOICES)}.`, 'voice');
  const format = body.response_format ?? 'mp3';
  if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) {
    return invalid(`Invalid value: '${String(format)}'. Supported values are: ${list(FORMATS)}.`, 'response_format');
  }
  const speed = body.speed;
  if (speed !== undefined && (typeof speed !== 'number' || speed < 0.25 || speed > 4)) {
    return invalid(`Invalid 'speed': expected a number between 0.25 and 4.0, got ${String(speed)}.`, 'speed', 'invalid_value');
  }
  if (!SPEECH_MODELS.has(model)) {
    return invalid(`The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found', 404);
  }
  const sse = body.stream_format === 'sse';
  if (sse && model.startsWith('tts-1')) return invalid(`stream_format 'sse' is not supported for ${model}.`, 'stream_format', 'unsupported_value');
  return { model, input: body.input, voice: body.voice, format: format as OpenAIFormat, sse };
}
