/**
 * Meta Llama API (native wire) simulator. `baseUrl` is `<url>/v1`, what `META_BASE_URL` expects.
 * Faults: those of the OpenAI-compatible simulator (see simulators/README.md).
 */
export { startMetaLlamaSimulator, type MetaLlamaSimulator, type MetaLlamaSimulatorOptions } from './server.js';
