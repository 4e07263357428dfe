import { z } from 'zod';
import type { SpeechRequest } from '../types/speech.js';
import { GatewayError } from '../errors/gateway-error.js';
import { issueToError } from './validate-chat.js';
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
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError(400, 'The request body must be a JSON object.', { code: 'invalid_body' });
  }
  const result = speechRequestSchema.safeParse(body);
  if (result.success) return body as SpeechRequest;
  throw issueToError(result.error.issues[0]!, body);
}
