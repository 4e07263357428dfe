/**
 * A loopback simulator of Cohere's v2 chat API for the gateway's tests and benchmarks.
 *   const sim = await startCohereSimulator();      // { port?, host?, key? }
 *   env.COHERE_BASE_URL = sim.baseUrl;               // the host root; the chat path is /v2/chat
 *   sim.enqueue({ status: 429, headers: { 'retry-after': '2' } });
 */
export { startCohereSimulator } from './server.js';
export type { CohereFault, CohereSimulator, CohereSimulatorOptions } from './types.js';
export { frameEvent } from './reply.js';
