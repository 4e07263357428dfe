import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { overrideProblem, withOverrides } from '../../src/catalog/overrides.js';
import { PROVIDERS } from '../../src/providers/registry.js';

const catalog = loadCatalog();
const providers = new Set(PROVIDERS.map((p) => p.id));
const groqLlama = () => catalog.find('groq/llama-3.3-70b-versatile')!;

describe('catalog overrides', () => {
  it('change the fields given of an existing offering and leave the rest, and the shipped catalog untouched', () => {
    const model = groqLlama();
    const before = model.offerings.find((o) => o.provider === 'groq')!;
    const over = withOverrides(catalog, [{ model: model.id, provider: 'groq', upstreamId: before.upstreamId, inputPrice: 0.1, capabilities: { vision: true } }]);
    const after = over.find(model.id)!.offerings.find((o) => o.provider === 'groq')!;
    assert.equal(after.inputPrice, 0.1);
    assert.equal(after.outputPrice, before.outputPrice);
    assert.equal(after.contextWindow, before.contextWindow);
    assert.deepEqual(after.capabilities, { ...before.capabilities, vision: true });
    assert.notEqual(before.inputPrice, 0.1, 'the base catalog is not changed');
    assert.equal(withOverrides(catalog, []), catalog, 'no overrides: the same catalog');
  });

  it('add an offering (found by its provider id afterwards) and remove one', () => {
    const model = groqLlama();
    const over = withOverrides(catalog, [
      { model: 'llama-3.3-70b', provider: 'fireworks', upstreamId: 'accounts/me/models/my-llama-33', inputPrice: 0.5, outputPrice: 0.6, contextWindow: 65536 },
      { model: model.id, provider: 'groq', upstreamId: 'llama-3.3-70b-versatile', remove: true },
    ]);
    const changed = over.find(model.id)!;
    const added = changed.offerings.find((o) => o.upstreamId === 'accounts/me/models/my-llama-33')!;
    assert.equal(added.provider, 'fireworks');
    assert.equal(added.contextWindow, 65536);
    assert.deepEqual(added.capabilities, model.offerings[0]!.capabilities, 'capabilities from the model\'s other offerings');
    assert.equal(over.find('fireworks/accounts/me/models/my-llama-33'), changed);
    assert.ok(!changed.offerings.some((o) => o.provider === 'groq' && o.upstreamId === 'llama-3.3-70b-versatile'));
  });

  it('name what is wrong: an unknown model or provider, an addition without its price or window, a removal of nothing', () => {
    assert.equal(overrideProblem([{ model: 'llama-3.3-70b', provider: 'groq', upstreamId: 'llama-3.3-70b-versatile', inputPrice: 1 }], catalog, providers), undefined);
    assert.deepEqual(overrideProblem([{ model: 'no-such-model', provider: 'groq', upstreamId: 'x' }], catalog, providers)?.path, ['catalog', 'offerings', 0, 'model']);
    assert.deepEqual(overrideProblem([{ model: 'llama-3.3-70b', provider: 'nowhere', upstreamId: 'x' }], catalog, providers)?.path, ['catalog', 'offerings', 0, 'provider']);
    const missing = overrideProblem([{ model: 'llama-3.3-70b', provider: 'fireworks', upstreamId: 'new-id', inputPrice: 1, outputPrice: 1 }], catalog, providers);
    assert.deepEqual(missing?.path, ['catalog', 'offerings', 0, 'contextWindow']);
    assert.deepEqual(overrideProblem([{ model: 'llama-3.3-70b', provider: 'groq', upstreamId: 'not-there', remove: true }], catalog, providers)?.path, ['catalog', 'offerings', 0, 'remove']);
  });
});
