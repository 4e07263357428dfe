/**
 * OpenAI's `response_format` → ElevenLabs' `output_format` query value (codec_samplerate[_bitrate]).
 *
 * Checked against the official SDK's enums (@elevenlabs/elevenlabs-js 2.73): the streaming endpoint
 * (`/v1/text-to-speech/{voice}/stream`) takes mp3_*, pcm_*, ulaw_8000, alaw_8000 and opus_48000_*; the `wav_*`
 * formats exist only on the whole-file endpoint (`/v1/text-to-speech/{voice}`, "NonStreamingOutputFormats").
 * ElevenLabs has no AAC and no FLAC output, so those are refused and the route moves on (to OpenAI).
 *
 * | OpenAI | ElevenLabs          | why                                                                    |
 * |--------|---------------------|------------------------------------------------------------------------|
 * | mp3    | mp3_44100_128       | ElevenLabs' default; 192 kbps needs a Creator plan                     |
 * | pcm    | pcm_24000 (stream)  | OpenAI's pcm is raw 24 kHz signed 16-bit little-endian, no header: same |
 * | opus   | opus_48000_64       | Opus at 48 kHz; 64 kbps is ample for speech (bitrate is our choice)     |
 * | wav    | wav_24000 (whole)   | 24 kHz like OpenAI's wav; 44.1 kHz wav needs a Pro plan                 |
 * | aac    | —                   | not offered: `unsupported`                                             |
 * | flac   | —                   | not offered: `unsupported`                                             |
 */
import type { SpeechFormat } from '../../types/speech.js';

export interface ElevenLabsOutput {
  /** The `output_format` query value. */
  outputFormat: string;
  /** True for the streaming endpoint (`…/stream`), false for the whole-file one (only wav needs it). */
  streaming: boolean;
  /** The content type to announce when the upstream sends none. */
  contentType: string;
}

const OUTPUTS: Readonly<Partial<Record<SpeechFormat, ElevenLabsOutput>>> = {
  mp3: { outputFormat: 'mp3_44100_128', streaming: true, contentType: 'audio/mpeg' },
  pcm: { outputFormat: 'pcm_24000', streaming: true, contentType: 'audio/pcm' },
  // unconfirmed: the container ElevenLabs wraps Opus in is taken to be Ogg, as OpenAI's is (apps send both as voice notes).
  opus: { outputFormat: 'opus_48000_64', streaming: true, contentType: 'audio/ogg' },
  wav: { outputFormat: 'wav_24000', streaming: false, contentType: 'audio/wav' },
};

/** The ElevenLabs output for an OpenAI format (mp3 when none is given, as OpenAI does); undefined when it has none. */
export function elevenLabsOutput(format: SpeechFormat | undefined): ElevenLabsOutput | undefined {
  return OUTPUTS[format ?? 'mp3'];
}
