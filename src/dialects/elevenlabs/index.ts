import type { Dialect, SpeechCodec } from '../types.js';
import { buildElevenLabsSpeechRequest } from './speech-request.js';
import { elevenLabsOutput } from './output-format.js';
import { classifyElevenLabsError } from './errors.js';
import { refuseChatRequest, refuseChatResponse, refuseChatStream } from './chat-refusal.js';

/** ElevenLabs text to speech: OpenAI's speech request in, ElevenLabs' streamed audio passed through. */
export const elevenLabsSpeech: SpeechCodec = {
  buildSpeechRequest: buildElevenLabsSpeechRequest,
  contentType: (ctx) => elevenLabsOutput(ctx.request.response_format)?.contentType ?? 'application/octet-stream',
  classifyError: classifyElevenLabsError,
};

/** ElevenLabs (speech only): the chat entry points refuse, see chat-refusal.ts. */
export const elevenLabsDialect: Dialect = {
  id: 'elevenlabs',
  buildChatRequest: refuseChatRequest,
  decodeChatResponse: refuseChatResponse,
  createStreamTranslator: refuseChatStream,
  classifyError: classifyElevenLabsError,
  speech: elevenLabsSpeech,
};
