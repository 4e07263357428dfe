/**
 * Deterministic fake audio for the speech simulators: the same request always gives the same bytes, and the
 * bytes look like the format they claim (MP3 frame headers, a RIFF/WAVE header, an Ogg "OggS"/"OpusHead"
 * page, ADTS frames, a "fLaC" marker, real 16-bit PCM samples), so a test can check both the bytes and the kind.
 * Length grows with the text (50 ms a character after a 200 ms lead, at most 30 s).
 */
export type AudioKind = 'mp3' | 'pcm' | 'wav' | 'opus' | 'ulaw' | 'alaw' | 'aac' | 'flac';

export interface AudioSpec {
  kind: AudioKind;
  /** Samples per second (PCM, WAV, µ-law, A-law; nominal for the compressed kinds). */
  sampleRate: number;
}

/** What the bytes depend on. */
export interface AudioSeed {
  text: string;
  voice: string;
  model: string;
}

const CACHE = new Map<string, Buffer>();
const CACHE_LIMIT = 64;

/** The audio for a request; cached, because benchmarks repeat the same request. */
export function fakeAudio(spec: AudioSpec, seed: AudioSeed): Buffer {
  const key = `${spec.kind}\u0000${spec.sampleRate}\u0000${seed.model}\u0000${seed.voice}\u0000${seed.text}`;
  const hit = CACHE.get(key);
  if (hit) return hit;
  const audio = build(spec, seed);
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(key, audio);
  return audio;
}

function build(spec: AudioSpec, seed: AudioSeed): Buffer {
  const hash = fnv1a(`${seed.model}|${seed.voice}|${seed.text}`);
  const durationMs = Math.min(30_000, 200 + 50 * [...seed.text].length);
  const noise = xorshift(hash);
  switch (spec.kind) {
    case 'mp3': return frames(Math.ceil(durationMs / 26), 417, Buffer.from([0xff, 0xfb, 0x90, 0x64]), noise);
    case 'aac': return frames(Math.ceil((durationMs * spec.sampleRate) / 1024 / 1000), 256, adtsHeader(256), noise);
    case 'pcm': return pcm16(spec.sampleRate, durationMs, hash);
    case 'wav': return wav(spec.sampleRate, pcm16(spec.sampleRate, durationMs, hash));
    case 'ulaw': case 'alaw': return filled(Math.round((spec.sampleRate * durationMs) / 1000), noise);
    case 'opus': return opus(durationMs, noise);
    case 'flac': return Buffer.concat([Buffer.from('fLaC'), Buffer.from([0x80, 0x00, 0x00, 0x22]), filled(34, noise), filled(Math.round(durationMs * 6), noise)]);
  }
}

/** `count` frames of `size` bytes, each starting with `header`, the rest noise. */
function frames(count: number, size: number, header: Buffer, noise: () => number): Buffer {
  const out = Buffer.alloc(Math.max(1, count) * size);
  for (let f = 0; f < Math.max(1, count); f++) {
    header.copy(out, f * size);
    for (let i = header.length; i < size; i++) out[f * size + i] = noise() & 0xff;
  }
  return out;
}

function filled(length: number, noise: () => number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = noise() & 0xff;
  return out;
}

/** A quiet sine tone (signed 16-bit little-endian), its pitch set by the request. */
function pcm16(sampleRate: number, durationMs: number, hash: number): Buffer {
  const samples = Math.round((sampleRate * durationMs) / 1000);
  const out = Buffer.alloc(samples * 2);
  const step = (2 * Math.PI * (180 + (hash % 300))) / sampleRate;
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(Math.sin(i * step) * 6000), i * 2);
  return out;
}

/** A canonical 44-byte RIFF/WAVE header (mono, 16-bit) in front of the samples. */
function wav(sampleRate: number, samples: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

/** Ogg Opus: an "OpusHead" page (mono, 48 kHz), then a page of noise per 100 ms. */
function opus(durationMs: number, noise: () => number): Buffer {
  const head = Buffer.from('OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00', 'latin1');
  const pages = [oggPage(0, head)];
  for (let i = 1; i <= Math.ceil(durationMs / 100); i++) pages.push(oggPage(i, filled(160, noise)));
  return Buffer.concat(pages);
}

/** An Ogg page header ("OggS", version 0, one segment) around a payload; CRC left zero (a fake). */
function oggPage(sequence: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(28);
  header.write('OggS', 0, 'latin1');
  header[5] = sequence === 0 ? 0x02 : 0x00;
  header.writeUInt32LE(0x5157, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = 1;
  header[27] = Math.min(255, payload.length);
  return Buffer.concat([header, payload.subarray(0, 255)]);
}

/** ADTS header for an AAC-LC mono frame of `length` bytes. */
function adtsHeader(length: number): Buffer {
  return Buffer.from([0xff, 0xf1, 0x50, 0x40 | ((length >> 11) & 0x03), (length >> 3) & 0xff, ((length & 0x07) << 5) | 0x1f, 0xfc]);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function xorshift(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}
