/** OpenAI's speech request (`POST /v1/audio/speech`), the canonical shape every speech dialect translates. */
export type SpeechFormat = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';

export interface SpeechRequest {
  model: string;
  input: string;
  /** An OpenAI voice name (alloy, nova …) or a provider's own voice id. */
  voice: string;
  response_format?: SpeechFormat;
  speed?: number;
  instructions?: string;
  [extra: string]: unknown;
}
