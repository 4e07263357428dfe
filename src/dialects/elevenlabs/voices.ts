/**
 * OpenAI voice names → ElevenLabs voices, so `voice: 'alloy'` works against ElevenLabs.
 *
 * The targets are voices from ElevenLabs' default ("premade") library, which every account can use over the API
 * (the older Rachel/Adam generation is legacy and the shared Voice Library is paid-only). Ids were checked
 * against public code and the SDK's own examples (George is the id ElevenLabs uses in its docs); each OpenAI
 * voice gets the default voice closest to it in gender and tone:
 *
 * | OpenAI  | character (OpenAI's demos)         | ElevenLabs voice  | id                    |
 * |---------|------------------------------------|-------------------|-----------------------|
 * | alloy   | neutral, balanced                  | River (neutral)   | SAz9YHcvj6GT2YYXdXww  |
 * | ash     | male, warm, conversational         | Chris             | iP95p4xoKVk53GoZ742B  |
 * | ballad  | male, soft, British-tinged         | Daniel (British)  | onwK4e9ZLuTAKqWW03F9  |
 * | coral   | female, warm, friendly             | Jessica           | cgSgspJ2msm6clMCkdW9  |
 * | echo    | male, calm, smooth                 | Eric              | cjVigY5qzO86Huf0OWal  |
 * | fable   | British storyteller                | George (British)  | JBFqnCBsd6RMkjVDRZzb  |
 * | nova    | female, bright, youthful           | Laura             | FGY2WhTYpPnrIDTdsKH5  |
 * | onyx    | male, deep, authoritative          | Brian (deep)      | nPczCjzI2devNBz1zQrb  |
 * | sage    | female, calm, measured             | Matilda           | XrExE9yKIg1WjnnlVkGX  |
 * | shimmer | female, soft, gentle               | Sarah             | EXAVITQu4vr4xnSDxMaL  |
 * | verse   | male, expressive, lively           | Liam              | TX3LPaxmHKxFdv7VOQHJ  |
 * | marin   | female, clear, natural             | Alice             | Xb7hH8MSUJpSbSDYk0k2  |
 * | cedar   | male, mature, warm                 | Bill              | pqHfZKP75CvOlQylNhV4  |
 *
 * Any other voice string is taken to be an ElevenLabs voice id and sent as it is.
 */
export const OPENAI_TO_ELEVENLABS: Readonly<Record<string, string>> = {
  alloy: 'SAz9YHcvj6GT2YYXdXww',
  ash: 'iP95p4xoKVk53GoZ742B',
  ballad: 'onwK4e9ZLuTAKqWW03F9',
  coral: 'cgSgspJ2msm6clMCkdW9',
  echo: 'cjVigY5qzO86Huf0OWal',
  fable: 'JBFqnCBsd6RMkjVDRZzb',
  nova: 'FGY2WhTYpPnrIDTdsKH5',
  onyx: 'nPczCjzI2devNBz1zQrb',
  sage: 'XrExE9yKIg1WjnnlVkGX',
  shimmer: 'EXAVITQu4vr4xnSDxMaL',
  verse: 'TX3LPaxmHKxFdv7VOQHJ',
  marin: 'Xb7hH8MSUJpSbSDYk0k2',
  cedar: 'pqHfZKP75CvOlQylNhV4',
};

const ELEVENLABS_TO_OPENAI: ReadonlyMap<string, string> = new Map(Object.entries(OPENAI_TO_ELEVENLABS).map(([name, id]) => [id, name]));

/** The ElevenLabs voice id for a request's voice: an OpenAI name (any case) mapped, anything else unchanged. */
export function elevenLabsVoiceId(voice: string): string {
  return OPENAI_TO_ELEVENLABS[voice.toLowerCase()] ?? voice;
}

/**
 * The OpenAI voice a mapped ElevenLabs id stands for, so a request written for ElevenLabs that falls back to
 * OpenAI keeps the closest voice instead of being refused for an unknown one. Undefined for other ids.
 */
export function openAIVoiceFor(elevenLabsId: string): string | undefined {
  return ELEVENLABS_TO_OPENAI.get(elevenLabsId);
}
