/**
 * The probe of every dialect against its simulator (real wire formats): a good key works, a bad key comes back
 * as `auth` through that dialect's own error classification.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import { HttpTransport } from '../../src/engine/transport.js';
import { probeProvider, type ProbeResult } from '../../src/doctor/probe.js';
import { startAnthropicSimulator } from '../../simulators/anthropic/index.js';
import { startGeminiSimulator } from '../../simulators/gemini/index.js';
import { startBedrockSimulator, SIM_ACCESS_KEY_ID, SIM_SECRET_ACCESS_KEY } from '../../simulators/bedrock/index.js';
import { startElevenLabsSimulator } from '../../simulators/elevenlabs/index.js';
import { startMetaLlamaSimulator } from '../../simulators/meta-llama/index.js';
import { startAzureSimulator } from '../../simulators/azure/index.js';
import { startCohereSimulator } from '../../simulators/cohere/index.js';
import { startReplicateSimulator } from '../../simulators/replicate/index.js';
import { startSimulator } from '../../simulators/index.js';

interface Closable { close(): Promise<void> }
const sims: Closable[] = [];
let transport: HttpTransport;
const bases: Record<string, string> = {};

before(async () => {
  transport = new HttpTransport({ timeouts: { connectMs: 2_000, firstByteMs: 5_000, idleMs: 5_000 } });
  const [anthropic, gemini, bedrock, elevenlabs, meta, azure, cohere, replicate, openai] = await Promise.all([
    startAnthropicSimulator(), startGeminiSimulator(), startBedrockSimulator(), startElevenLabsSimulator(), startMetaLlamaSimulator(),
    startAzureSimulator(), startCohereSimulator(), startReplicateSimulator(), startSimulator(),
  ]);
  sims.push(anthropic, gemini, bedrock, elevenlabs, meta, azure, cohere, replicate, openai);
  Object.assign(bases, {
    ANTHROPIC_BASE_URL: anthropic.baseUrl, GOOGLE_BASE_URL: gemini.baseUrl, BEDROCK_BASE_URL: bedrock.baseUrl,
    ELEVENLABS_BASE_URL: elevenlabs.baseUrl, META_BASE_URL: meta.baseUrl, AZURE_OPENAI_BASE_URL: azure.baseUrl,
    COHERE_BASE_URL: cohere.baseUrl, REPLICATE_BASE_URL: replicate.baseUrl,
    XAI_BASE_URL: openai.baseUrl('xai'), SARVAM_BASE_URL: openai.baseUrl('sarvam'), PERPLEXITY_BASE_URL: openai.baseUrl('perplexity'),
  });
});

after(async () => {
  await transport.close();
  await Promise.all(sims.map((s) => s.close()));
});

/** Each dialect's simulated provider, with the registry's first key variable. */
const CASES: Array<[id: string, keyEnv: string]> = ([
  'anthropic', 'google', 'bedrock', 'elevenlabs', 'meta', 'azure-openai', 'cohere', 'replicate', 'xai', 'sarvam', 'perplexity',
]).map((id) => [id, PROVIDERS.find((entry) => entry.id === id)!.keyEnv[0]!]);

async function probe(id: string, env: Record<string, string>): Promise<ProbeResult> {
  const config = loadConfig({ env: { ...bases, ...env } });
  return probeProvider(config.providers.get(id)!, { transport, timeoutMs: 5_000 });
}

describe('probes against each dialect simulator', () => {
  for (const [id, keyEnv] of CASES) {
    it(`${id}: a good key works, a bad one is auth`, async () => {
      const good = await probe(id, { [keyEnv]: `good-${id}-key-123` });
      assert.equal(good.ok, true, `${good.check}: ${good.status} ${good.errorClass} ${good.message}`);
      const bad = await probe(id, { [keyEnv]: `bad-${id}-key-123` });
      assert.equal(bad.ok, false, bad.check);
      assert.equal(bad.errorClass, 'auth', `${bad.check}: ${bad.status} ${bad.message}`);
      assert.ok(bad.status === 401 || bad.status === 403 || bad.status === 400, String(bad.status));
    });
  }

  it('bedrock with IAM keys: the SigV4-signed probe is accepted; a bad access key is auth', async () => {
    const good = await probe('bedrock', { AWS_ACCESS_KEY_ID: SIM_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SIM_SECRET_ACCESS_KEY });
    assert.equal(good.ok, true, `${good.status} ${good.message}`);
    const wrongSecret = await probe('bedrock', { AWS_ACCESS_KEY_ID: SIM_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    assert.equal(wrongSecret.errorClass, 'auth', `${wrongSecret.status} ${wrongSecret.message}`);
    const noSecret = await probe('bedrock', { AWS_ACCESS_KEY_ID: SIM_ACCESS_KEY_ID });
    assert.equal(noSecret.errorClass, 'auth');
    assert.equal(noSecret.code, 'missing_secret_access_key');
  });
});
