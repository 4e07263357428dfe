/**
 * Azure OpenAI simulator. `baseUrl` is `<url>/openai`, what `AZURE_OPENAI_BASE_URL` expects
 * (or give `url` as `AZURE_OPENAI_ENDPOINT`). Faults: those of the OpenAI-compatible simulator, plus the
 * `errorCode` flavours `content_filter` (400 with innererror), `content_filter_output` (200 whose choice ends
 * with finish_reason content_filter), `DeploymentNotFound`, `resource_not_found`, `OperationNotSupported`.
 */
export { startAzureSimulator, type AzureSimulator, type AzureSimulatorOptions } from './server.js';
