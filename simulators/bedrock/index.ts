/**
 * Loopback AWS Bedrock runtime (Converse / ConverseStream) for the gateway's tests and benchmarks.
 * Bearer API keys and SigV4 (verified for real) are both accepted; see server.ts.
 */
export { startBedrockSimulator } from './server.js';
export { SIM_ACCESS_KEY_ID, SIM_SECRET_ACCESS_KEY } from './types.js';
export type { BedrockRecordedRequest, BedrockSimulator, BedrockSimulatorOptions, Fault, Replay } from './types.js';
