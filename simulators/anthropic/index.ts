/**
 * The Anthropic Messages API simulator (see README.md in this folder).
 *   const sim = await startAnthropicSimulator();   // { port?, host?, key? }
 *   env ANTHROPIC_BASE_URL = sim.baseUrl;           // host root; the client adds /v1/messages
 *   sim.enqueue({ status: 529 }); sim.requests(); await sim.close();
 */
export { startAnthropicSimulator } from './server.js';
export type { AnthropicSimulator, AnthropicSimulatorOptions, Fault, RecordedRequest } from './types.js';
