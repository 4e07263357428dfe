/**
 * A loopback simulator of ElevenLabs' text-to-speech API for the gateway's tests and benchmarks.
 *   const sim = await startElevenLabsSimulator();   // { port?, host?, key? }
 *   env.ELEVENLABS_BASE_URL = sim.baseUrl;           // the host root; clients add /v1/text-to-speech/…
 *   sim.enqueue({ errorCode: 'system_busy' });
 *   fakeAudio(outputFormat('mp3_44100_128')!, { text, voice, model })   // the exact bytes it will stream
 */
export { startElevenLabsSimulator } from './server.js';
export type { SpeechSimulator, SpeechSimulatorOptions } from './types.js';
export type { SpeechRecordedRequest } from './recorder.js';
export { fakeAudio, type AudioKind, type AudioSeed, type AudioSpec } from './audio.js';
export { outputFormat, DEFAULT_OUTPUT_FORMAT } from './formats.js';
export { splitAudio } from './write-audio.js';
