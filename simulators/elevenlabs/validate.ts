/**
 * What ElevenLabs checks in a text-to-speech request, in its order: the body schema first (422, before the key),
 * then, after the key, the output format, the model, the voice, the text and the voice settings.
 */
import { errorReply, validationError, type ElevenLabsErrorReply } from './errors.js';
import { DEFAULT_OUTPUT_FORMAT, outputFormat, type OutputFormat } from './formats.js';

/** Text-to-speech models and the longest text each takes (characters). */
export const MODEL_LIMITS: Readonly<Record<string, number>> = {
  eleven_multilingual_v2: 10_000,
  eleven_v3: 5_000,
  eleven_flash_v2_5: 40_000,
  eleven_turbo_v2_5: 40_000,
  eleven_flash_v2: 30_000,
  eleven_turbo_v2: 30_000,
  eleven_monolingual_v1: 10_000,
  eleven_multilingual_v1: 10_000,
};

/** ElevenLabs' default model when the body names none. */
export const DEFAULT_MODEL = 'eleven_multilingual_v2';

/** Voice ids are 20 letters and digits. */
const VOICE_ID = /^[A-Za-z0-9]{20}$/;

export interface ValidSpeech {
  text: string;
  model: string;
  voice: string;
  format: OutputFormat;
  formatName: string;
}

/** The schema checks that run before authentication. */
export function checkSchema(body: unknown, badJson: boolean): ElevenLabsErrorReply | undefined {
  if (badJson) return validationError(['body', 0], 'json_invalid', 'JSON decode error', {});
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return validationError(['body'], 'model_attributes_type', 'Input should be a valid dictionary or object to extract fields from', body ?? null);
  const rec = body as Record<string, unknown>;
  if (rec.text === undefined) return validationError(['body', 'text'], 'missing', 'Field required');
  if (typeof rec.text !== 'string') return validationError(['body', 'text'], 'string_type', 'Input should be a valid string', rec.text);
  const settings = rec.voice_settings;
  if (settings !== undefined && settings !== null) {
    if (typeof settings !== 'object' || Array.isArray(settings)) return validationError(['body', 'voice_settings'], 'model_type', 'Input should be an object', settings);
    for (const field of ['stability', 'similarity_boost'] as const) {
      const value = (settings as Record<string, unknown>)[field];
      if (typeof value === 'number' && (value < 0 || value > 1)) {
        return validationError(['body', 'voice_settings', field], value < 0 ? 'greater_than_equal' : 'less_than_equal', `Input should be ${value < 0 ? 'greater than or equal to 0' : 'less than or equal to 1'}`, value);
      }
    }
  }
  return undefined;
}

/** The checks after authentication; the request is valid when this returns a ValidSpeech. */
export function checkSpeech(body: Record<string, unknown>, voice: string, query: URLSearchParams, streaming: boolean, requestId: string): ValidSpeech | ElevenLabsErrorReply {
  const formatName = query.get('output_format') ?? DEFAULT_OUTPUT_FORMAT;
  const format = outputFormat(formatName);
  if (!format || (streaming && format.wholeFileOnly)) {
    return errorReply(undefined, 'invalid_output_format', requestId, `Output format ${formatName} is not supported by this endpoint.`);
  }
  const model = typeof body.model_id === 'string' ? body.model_id : DEFAULT_MODEL;
  const limit = MODEL_LIMITS[model];
  if (limit === undefined) return errorReply(undefined, 'model_not_found', requestId, `A model with model ID ${model} does not exist.`);
  if (!VOICE_ID.test(voice)) return errorReply(undefined, 'voice_not_found', requestId, `A voice with voice_id '${voice}' was not found.`);
  const text = body.text as string;
  if (text.trim() === '') return errorReply(undefined, 'empty_text', requestId, 'The text must not be empty.');
  if (text.length > limit) {
    return errorReply(undefined, 'max_character_limit_exceeded', requestId, `This request's text has ${text.length} characters and exceeds the character limit of ${limit} characters.`);
  }
  const speed = (body.voice_settings as Record<string, unknown> | undefined)?.speed;
  if (typeof speed === 'number' && (speed < 0.7 || speed > 1.2)) {
    return errorReply(undefined, 'invalid_voice_settings', requestId, `Speed must be between 0.7 and 1.2, got ${speed}.`);
  }
  return { text, model, voice, format, formatName };
}
