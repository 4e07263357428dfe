/**
 * A key limited to some models: patterns match the model as asked and as resolved; its fallbacks keep the same
 * model on other providers and drop substitutes it may not use. Routes come from the real planner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { FallbackPlanner } from '../../src/routing/fallback-planner.js';
import { HealthTracker } from '../../src/health/health-tracker.js';
import { MemoryHealthStore } from '../../src/health/health-store.js';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { ModelAccess, parseModelPatterns } from '../../src/teams/model-access.js';
import { TEST_CATALOG } from '../helpers/test-catalog.js';
import { ManualClock } from '../helpers/manual-clock.js';

const KEYS = { OPENROUTER_API_KEY: 'a', TOGETHER_API_KEY: 'b', GROQ_API_KEY: 'c', FIREWORKS_API_KEY: 'd' };

function plan(model: string) {
  const config = loadConfig({ env: KEYS, overrides: { costPolicy: 'cheapest' } });
  const health = new HealthTracker(new MemoryHealthStore(), new ManualClock(), config.health);
  const planner = new FallbackPlanner({ providers: config.providers, catalog: new Catalog(TEST_CATALOG), fallbackMap: config.fallbackMap, health, costPolicy: 'cheapest' });
  return planner.plan({ model, messages: [{ role: 'user', content: 'hi' }] });
}

const forbidden = (e: unknown) => GatewayError.is(e) && e.status === 403 && e.code === 'model_not_allowed';

test('patterns: lists split on commas and spaces, `*` wildcards, case-insensitive', () => {
  assert.deepEqual(parseModelPatterns(' openai/*, gpt-4o*  meta/llama-3.1-405b '), ['openai/*', 'gpt-4o*', 'meta/llama-3.1-405b']);
  assert.equal(parseModelPatterns(' , '), null);
  const access = new ModelAccess(['openai/*', 'GPT-4O*']);
  assert.ok(access.allows('openai/gpt-4o-mini'));
  assert.ok(access.allows('gpt-4o-2024-08-06'));
  assert.ok(!access.allows('anthropic/claude'));
  assert.ok(!new ModelAccess(['a.b']).allows('aXb'));
});

test('a model the key may use keeps its same-model fallbacks on other providers and loses the substitutes', () => {
  const route = plan('meta/llama-3.1-405b');
  const substitutes = route.targets.filter((t) => t.substituteFor);
  assert.ok(substitutes.length > 0, 'the planner offers substitutes for this model');
  const restricted = new ModelAccess(['meta/llama-3.1-405b']).restrict(route);
  assert.ok(restricted.targets.length > 0);
  assert.deepEqual(restricted.targets, route.targets.filter((t) => !t.substituteFor), 'same model on every provider, no substitute');
  // Resolved names count too: the canonical id allows the same.
  assert.deepEqual(new ModelAccess(['llama-3.1-405b-instruct']).restrict(route).targets, restricted.targets);
  // A substitute the key may use by its own name stays.
  const sub = substitutes[0]!;
  const widened = new ModelAccess(['meta/llama-3.1-405b', `${sub.provider.id}/${sub.upstreamModel}`]).restrict(route);
  assert.ok(widened.targets.includes(sub));
});

test('a model the key may not use is 403, naming what it may use', () => {
  const route = plan('meta/llama-3.1-405b');
  assert.throws(() => new ModelAccess(['openai/*']).restrict(route), forbidden);
  assert.throws(() => new ModelAccess(['meta/*']).checkNamed(['openai/gpt-4o']), (e: unknown) => forbidden(e) && (e as GatewayError).param === 'models');
});
