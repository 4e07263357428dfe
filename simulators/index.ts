/**
 * Loopback provider simulators for the gateway's tests and benchmarks.
 * See simulators/README.md for the provider path table and the quirks modelled.
 */
export { startSimulator } from './openai-compatible/server.js';
export type { Fault, RecordedRequest, Simulator, SimulatorOptions } from './openai-compatible/types.js';
export { PROVIDERS, type ProviderSpec } from './openai-compatible/providers.js';
