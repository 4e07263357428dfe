/**
 * The shipped catalog against OpenRouter's real model list of 2026-05-01 (shared/fixtures/openrouter): every
 * OpenRouter offering is on that list with its price and window, every `:free` id is one OpenRouter lists, no retired
 * id is offered by the provider that retired it, and every flagship has an OpenRouter equivalent where the list has one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG } from '../../src/catalog/data/index.js';
import { readOpenRouterFixture } from '../helpers/openrouter-fixture.js';

const list = readOpenRouterFixture();
const byId = new Map(list.data.map((m) => [m.id, m]));
const perMillion = (perToken: string) => Math.round(Number(perToken) * 1e6 * 1e4) / 1e4;

test('every OpenRouter offering is on the 2026-05-01 list, at its price and window', () => {
  // OpenRouter lists embedding models on a list of their own, which this snapshot is not.
  for (const model of CATALOG.models.filter((m) => m.class !== 'embedding')) {
    for (const o of model.offerings.filter((x) => x.provider === 'openrouter')) {
      const entry = byId.get(o.upstreamId);
      assert.ok(entry, `${model.id}: ${o.upstreamId} is not on OpenRouter's list`);
      assert.equal(o.inputPrice, perMillion(entry.pricing.prompt), `${o.upstreamId} input price`);
      assert.equal(o.outputPrice, perMillion(entry.pricing.completion), `${o.upstreamId} output price`);
      assert.equal(o.contextWindow, entry.context_length, `${o.upstreamId} window`);
    }
  }
});

test('no provider offers an id it retired', () => {
  for (const retired of CATALOG.retired ?? []) {
    for (const model of CATALOG.models) {
      assert.ok(!model.offerings.some((o) => o.provider === retired.provider && o.upstreamId === retired.id), `${retired.provider} ${retired.id} is still offered`);
    }
    assert.ok(CATALOG.models.some((m) => m.id === retired.successor), `${retired.id}: successor ${retired.successor} is not a model`);
  }
});

test('every model whose vendor has an OpenRouter id on the list offers it', () => {
  // The vendor prefixes OpenRouter uses for the registry's makers.
  const prefix: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', google: 'google', xai: 'x-ai', moonshot: 'moonshotai', deepseek: 'deepseek', mistral: 'mistralai', cohere: 'cohere', perplexity: 'perplexity', ai21: 'ai21', writer: 'writer' };
  for (const model of CATALOG.models) {
    const p = prefix[model.vendor];
    if (!p) continue;
    const direct = model.offerings.find((o) => o.provider === model.vendor);
    if (!direct) continue;
    const candidate = `${p}/${model.id}`;
    if (byId.has(candidate)) assert.ok(model.offerings.some((o) => o.provider === 'openrouter'), `${model.id}: OpenRouter lists ${candidate} but the catalog has no OpenRouter offering`);
  }
});
