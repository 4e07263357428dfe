/**
 * The Gemini API simulator (generateContent, streamGenerateContent, models), for tests and benchmarks.
 * Point GOOGLE_BASE_URL (or the SDK's httpOptions.baseUrl) at `sim.baseUrl`, the host root.
 */
export { startGeminiSimulator } from './server.js';
export type { Fault, GeminiSimulator, GeminiSimulatorOptions, RecordedRequest } from './types.js';
export { computeGeminiAnswer, type GeminiAnswer } from './answer.js';
export { sseFrame } from './stream-writer.js';
