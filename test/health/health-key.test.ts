import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelKey, parseBreakerKey, providerKey } from '../../src/health/health-key.js';

/** The keys are remembered once made (health-key.ts): a remembered key must be the text a new one would be. */
describe('health-store keys', () => {
  it('are the same text whether made afresh, remembered, or past the number remembered', () => {
    for (let round = 0; round < 2; round++) {
      assert.equal(providerKey('openai'), 'p:openai');
      assert.equal(modelKey('openai', 'gpt-4o-mini'), 'm:openai:gpt-4o-mini');
      assert.equal(modelKey('bedrock', 'anthropic.claude-v2:1'), 'm:bedrock:anthropic.claude-v2:1');
      // A model named like another provider's key does not meet it.
      assert.equal(modelKey('open', 'ai:gpt'), 'm:open:ai:gpt');
    }
    // Callers can name any model: far more than are remembered.
    for (let i = 0; i < 10_050; i++) {
      assert.equal(modelKey('groq', `model-${i}`), `m:groq:model-${i}`);
      assert.equal(providerKey(`provider-${i}`), `p:provider-${i}`);
    }
    assert.equal(modelKey('groq', 'model-10049'), 'm:groq:model-10049');
    assert.deepEqual(parseBreakerKey(modelKey('groq', 'model-7')), { provider: 'groq', model: 'model-7' });
  });
});
