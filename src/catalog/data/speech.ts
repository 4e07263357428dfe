// unconfirmed: gpt-4o-mini-tts is billed per token (text in, audio out); about $15 per million characters is an
//   estimate from its per-minute figure. ElevenLabs rates are its pay-as-you-go API rates (mid 2026).
/**
 * Text-to-speech models (`POST /v1/audio/speech`). Class `speech` only substitutes for `speech`.
 * For these, prices are USD per million input CHARACTERS (both providers bill by character), output price 0,
 * and the "context window" is the longest input the model takes, in characters.
 */
import type { Capabilities, CanonicalModel } from '../types.js';
import { model, offer } from './build.js';

const SPEECH: Capabilities = { tools: false, vision: false, json: false, streaming: true };

export const SPEECH_MODELS: CanonicalModel[] = [
  model({
    id: 'eleven-multilingual-v2', name: 'ElevenLabs Multilingual v2', vendor: 'elevenlabs', class: 'speech', quality: 90,
    aliases: ['eleven_multilingual_v2'],
    offerings: [offer('elevenlabs', 'eleven_multilingual_v2', 100, 0, 10_000, SPEECH)],
  }),
  model({
    id: 'eleven-v3', name: 'ElevenLabs v3', vendor: 'elevenlabs', class: 'speech', quality: 95,
    aliases: ['eleven_v3'],
    offerings: [offer('elevenlabs', 'eleven_v3', 100, 0, 5_000, SPEECH)],
  }),
  model({
    id: 'eleven-turbo-v2.5', name: 'ElevenLabs Turbo v2.5', vendor: 'elevenlabs', class: 'speech', quality: 75,
    aliases: ['eleven_turbo_v2_5'],
    offerings: [offer('elevenlabs', 'eleven_turbo_v2_5', 50, 0, 40_000, SPEECH)],
  }),
  model({
    id: 'eleven-flash-v2.5', name: 'ElevenLabs Flash v2.5', vendor: 'elevenlabs', class: 'speech', quality: 70,
    aliases: ['eleven_flash_v2_5'],
    offerings: [offer('elevenlabs', 'eleven_flash_v2_5', 50, 0, 40_000, SPEECH)],
  }),
  model({
    id: 'gpt-4o-mini-tts', name: 'GPT-4o mini TTS', vendor: 'openai', class: 'speech', quality: 85,
    offerings: [offer('openai', 'gpt-4o-mini-tts', 15, 0, 2_000, SPEECH)],
  }),
  model({
    id: 'tts-1-hd', name: 'OpenAI TTS HD', vendor: 'openai', class: 'speech', quality: 80,
    offerings: [offer('openai', 'tts-1-hd', 30, 0, 4_096, SPEECH)],
  }),
  model({
    id: 'tts-1', name: 'OpenAI TTS', vendor: 'openai', class: 'speech', quality: 65,
    offerings: [offer('openai', 'tts-1', 15, 0, 4_096, SPEECH)],
  }),
];
