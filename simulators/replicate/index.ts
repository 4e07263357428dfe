/**
 * Replicate simulator. `baseUrl` is `<url>/v1`, what `REPLICATE_BASE_URL` and `new Replicate({baseUrl})` expect.
 * Faults: the common ones (a prediction's stream faults are those it was created with) plus `pendingReads`,
 * `fail`, `cancel` and `noStream` (see ReplicateFault).
 */
export { startReplicateSimulator, type ReplicateSimulator, type ReplicateSimulatorOptions } from './server.js';
export type { ReplicateFault } from './predictions.js';
