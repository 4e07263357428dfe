/**
 * Azure OpenAI and /v1/responses: with the v1 API (OPENAI_API_VERSION=v1) the request passes through to Azure's own
 * Responses endpoint (deployment as `model`, `api-key` auth); with a dated API version it is translated to the
 * deployment's chat completions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startAzureSimulator, type AzureSimulator } from '../../../simulators/azure/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';

let sim: AzureSimulator;
let dated: RunningGateway;
let v1: RunningGateway;
before(async () => {
  sim = await startAzureSimulator();
  dated = await startTestGateway({ env: { AZURE_OPENAI_API_KEY: 'test-key', AZURE_OPENAI_BASE_URL: sim.baseUrl } });
  v1 = await startTestGateway({ env: { AZURE_OPENAI_API_KEY: 'test-key', AZURE_OPENAI_BASE_URL: sim.baseUrl, OPENAI_API_VERSION: 'v1' } });
});
after(async () => {
  await dated.close();
  await v1.close();
  await sim.close();
});

const client = (gw: RunningGateway) => new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0, logLevel: 'off' });
const MODEL = 'azure-openai/my-gpt-4o';
const TEXT = 'Hello from azure-openai (my-gpt-4o): Say hello';

describe('azure-openai behind /v1/responses', () => {
  it('v1 API: the request passes through to /openai/v1/responses with the deployment as model', async () => {
    const { data, response } = await client(v1).responses.create({ model: MODEL, input: 'Say hello', include: ['reasoning.encrypted_content'] }).withResponse();
    assert.equal(data.output_text, TEXT);
    assert.equal(response.headers.get('x-wai-provider'), 'azure-openai');
    const sent = sim.requests().at(-1)!;
    assert.equal(sent.path, '/openai/v1/responses');
    assert.equal(sent.headers['api-key'], '***');
    assert.deepEqual(sent.body, { model: 'my-gpt-4o', input: 'Say hello', include: ['reasoning.encrypted_content'] });
  });

  it('v1 API: a stream passes through', async () => {
    const stream = client(v1).responses.stream({ model: MODEL, input: 'Say hello' });
    for await (const _event of stream) { /* drain */ }
    assert.equal((await stream.finalResponse()).output_text, TEXT);
    assert.equal(sim.requests().at(-1)!.path, '/openai/v1/responses');
  });

  it('a dated API version: translated to the deployment\'s chat completions', async () => {
    const r = await client(dated).responses.create({ model: MODEL, input: 'Say hello' });
    assert.equal(r.output_text, TEXT);
    assert.match(sim.requests().at(-1)!.path, /^\/openai\/deployments\/my-gpt-4o\/chat\/completions\?api-version=/);
  });
});
