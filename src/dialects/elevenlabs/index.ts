import type { Dialect, SpeechCodec } from '../types.js';
import { buildElevenLabsSpeechRequest } from './speech-request.js';
import { elevenLabsOutput } from './output-format.js';
import { classifyElevenLabsError } from './errors.js';

/** ElevenLabs text to speech: OpenAI's speech request in, ElevenLabs' streamed audio passed through. */
export const elevenLabsSpeech: SpeechCodec = {
  buildSpeechRequest: buildElevenLabsSpeechRequest,
  contentType: (ctx) => elevenLabsOutput(ctx.request.response_format)?.contentType ?? 'application/octet-stream',
  classifyError: classifyElevenLabsError,
};

/** ElevenLabs speaks text to speech only: no chat part (a chat attempt is refused, see ../chat-of.ts). */
export const elevenLabsDialect: Dialect = {
  id: 'elevenlabs',
  speech: elevenLabsSpeech,
};
