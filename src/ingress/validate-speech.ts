import { z } from 'zod';
import type { SpeechRequest } from '../types/speech.js';
import { validateBody } from './validate-chat.js';
import { modelName } from './model-name.js';

/** OpenAI's speech request; provider-specific fields pass through to dialects that know them. */
const speechRequestSchema = z.looseObject({
  model: modelName,
  input: z.string().min(1).max(40_000),
  voice: z.string().min(1),
  response_format: z.enum(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']).optional(),
  speed: z.number().min(0.25).max(4).optional(),
  instructions: z.string().max(4_096).optional(),
});

export function validateSpeechRequest(body: unknown): SpeechRequest {
  return validateBody<SpeechRequest>(speechRequestSchema, body);
}
