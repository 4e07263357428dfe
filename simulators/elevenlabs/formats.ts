/**
 * ElevenLabs' `output_format` values (the official SDK's enums, v2.73): which the streaming endpoint takes,
 * which only the whole-file endpoint takes (wav), and the content type each answers with.
 */
import type { AudioSpec } from './audio.js';

export interface OutputFormat extends AudioSpec {
  contentType: string;
  /** wav_* is offered by POST /v1/text-to-speech/{voice} only, not by …/stream. */
  wholeFileOnly: boolean;
}

/** When the query has no output_format, ElevenLabs answers mp3 at 44.1 kHz, 128 kbps. */
export const DEFAULT_OUTPUT_FORMAT = 'mp3_44100_128';

const MP3 = ['mp3_22050_32', 'mp3_24000_48', 'mp3_44100_32', 'mp3_44100_64', 'mp3_44100_96', 'mp3_44100_128', 'mp3_44100_192'];
const PCM = ['pcm_8000', 'pcm_16000', 'pcm_22050', 'pcm_24000', 'pcm_32000', 'pcm_44100', 'pcm_48000'];
const OPUS = ['opus_48000_32', 'opus_48000_64', 'opus_48000_96', 'opus_48000_128', 'opus_48000_192'];
const WAV = ['wav_8000', 'wav_16000', 'wav_22050', 'wav_24000', 'wav_32000', 'wav_44100', 'wav_48000'];

// unconfirmed: the content types for pcm, µ-law, A-law and opus (the API reference declares audio/mpeg only).
const TYPES: Record<string, Omit<OutputFormat, 'sampleRate'>> = {
  mp3: { kind: 'mp3', contentType: 'audio/mpeg', wholeFileOnly: false },
  pcm: { kind: 'pcm', contentType: 'audio/pcm', wholeFileOnly: false },
  opus: { kind: 'opus', contentType: 'audio/ogg', wholeFileOnly: false },
  ulaw: { kind: 'ulaw', contentType: 'audio/basic', wholeFileOnly: false },
  alaw: { kind: 'alaw', contentType: 'audio/x-alaw-basic', wholeFileOnly: false },
  wav: { kind: 'wav', contentType: 'audio/wav', wholeFileOnly: true },
};

const KNOWN = new Set([...MP3, ...PCM, ...OPUS, ...WAV, 'ulaw_8000', 'alaw_8000']);

/** The format an `output_format` value names, or undefined when ElevenLabs does not offer it. */
export function outputFormat(value: string): OutputFormat | undefined {
  if (!KNOWN.has(value)) return undefined;
  const [codec, rate] = value.split('_');
  return { ...TYPES[codec!]!, sampleRate: Number(rate) };
}
