/** The SDK says when another model served (`wai.substituted`, as the `x-wai-substitute` header does over HTTP). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWai } from '../../src/sdk/create-wai.js';
import { startSimulator } from '../../simulators/index.js';

test('wai.substituted names what was asked and what served; absent when the model itself served', async () => {
  const sim = await startSimulator();
  try {
    const wai = createWai({ env: { OPENROUTER_API_KEY: 'sk-or-v1-sdk', OPENROUTER_BASE_URL: sim.baseUrl('openrouter'), WAI_REQUEST_LOG: 'off' } });
    const substituted = await wai.chat.completions.create({ model: 'meta/llama-3.1-405b', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(substituted.wai.substituted, 'meta/llama-3.1-405b -> nousresearch/hermes-3-llama-3.1-405b:free');
    const exact = await wai.chat.completions.create({ model: 'meta/llama-3.3-70b', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(exact.wai.substituted, undefined);
    assert.equal(exact.wai.model, 'meta-llama/llama-3.3-70b-instruct:free');
  } finally {
    await sim.close();
  }
});
