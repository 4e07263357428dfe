/**
 * A loopback simulator of OpenAI's text-to-speech endpoint for the gateway's tests and benchmarks.
 *   const sim = await startOpenAISpeechSimulator();   // { port?, host?, key? }
 *   env.OPENAI_BASE_URL = sim.baseUrl;                  // http://127.0.0.1:PORT/v1 (clients add /audio/speech)
 *   sim.enqueue({ status: 429, errorCode: 'rate_limit_exceeded' });
 * Audio bytes: fakeAudio(FORMAT_AUDIO[format], { text: input, voice, model }) from simulators/elevenlabs.
 */
export { startOpenAISpeechSimulator } from './server.js';
export { FORMAT_AUDIO, SPEECH_MODELS, VOICES, type OpenAIFormat } from './validate.js';
export type { SpeechSimulator, SpeechSimulatorOptions } from '../elevenlabs/types.js';
