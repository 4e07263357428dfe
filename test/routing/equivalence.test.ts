/**
 * Equivalence that survives renames (issue 9), on the shipped catalog with OpenRouter's real 2026-05-01 list synced
 * over it: dated versions kept as written where the serving provider lists them (else the floating id, marked as
 * another version), retired ids served by their named successor (visibly), ids the catalog lacks routed as written
 * and under OpenRouter's equivalent id, and the `substitute` setting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { CATALOG } from '../../src/catalog/data/index.js';
import { syncFromList } from '../../src/catalog/sync-openrouter.js';
import { mergeSyncedOfferings } from '../../src/catalog/synced-offerings.js';
import { FallbackPlanner } from '../../src/routing/fallback-planner.js';
import { HealthTracker } from '../../src/health/health-tracker.js';
import { MemoryHealthStore } from '../../src/health/health-store.js';
import type { ChatRequest } from '../../src/types/chat.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { readOpenRouterFixture } from '../helpers/openrouter-fixture.js';

const synced = syncFromList(CATALOG, JSON.stringify(readOpenRouterFixture()), undefined, new Date('2026-05-01T00:00:00Z'), 'fixture');
assert.ok(synced.ok);
const withList = new Catalog(mergeSyncedOfferings(CATALOG, synced.synced));

function planner(env: Record<string, string>, catalog = withList) {
  const config = loadConfig({ env });
  return new FallbackPlanner({ providers: config.providers, catalog, fallbackMap: config.fallbackMap, health: new HealthTracker(new MemoryHealthStore(), new ManualClock(), config.health), costPolicy: 'free-first' });
}
const req = (model: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });
const OR = { OPENROUTER_API_KEY: 'sk-or-v1-x' };

test('a dated version is kept as written where the serving provider lists it', () => {
  const direct = planner({ OPENAI_API_KEY: 'sk-x', ...OR }).plan(req('openai/gpt-4o-2024-08-06'));
  assert.equal(direct.targets[0]!.provider.id, 'openai');
  assert.equal(direct.targets[0]!.upstreamModel, 'gpt-4o-2024-08-06', 'the maker serves its own dated versions');
  assert.equal(direct.targets[0]!.substituteFor, undefined);
  const viaOpenRouter = planner(OR).plan(req('gpt-4o-2024-08-06'));
  assert.equal(viaOpenRouter.targets[0]!.upstreamModel, 'openai/gpt-4o-2024-08-06', "OpenRouter's list has the dated id");
  assert.equal(viaOpenRouter.targets[0]!.substituteFor, undefined);
});

test('a dated version the serving provider does not list is served floating, and the answer says so', () => {
  // Without a synced list nothing says OpenRouter has the dated id: the floating one serves, marked.
  const route = planner(OR, new Catalog(CATALOG)).plan(req('openai/gpt-4o-2024-08-06'));
  const target = route.targets[0]!;
  assert.equal(target.upstreamModel, 'openai/gpt-4o');
  assert.equal(target.substituteFor, 'openai/gpt-4o-2024-08-06');
  assert.equal(target.substituteKind, 'version');
  const pinnedOnly = planner(OR, new Catalog(CATALOG)).plan(req('openai/gpt-4o-2024-08-06', { wai: { substitute: 'off' } }));
  assert.ok(!pinnedOnly.targets.some((t) => t.provider.id === 'openrouter'));
  assert.ok(pinnedOnly.skipped.some((s) => s.reason === 'substitution' && /another version/.test(s.detail)));
});

test('a retired id is served by the successor its provider named, visibly; its own level 1 says why', () => {
  const p = planner({ XAI_API_KEY: `xai-${'a'.repeat(60)}` }, new Catalog(CATALOG));
  const route = p.plan(req('xai/grok-4'));
  assert.equal(route.canonical, 'grok-4.3');
  assert.equal(route.targets[0]!.upstreamModel, 'grok-4.3');
  assert.equal(route.targets[0]!.substituteFor, 'xai/grok-4');
  assert.equal(route.targets[0]!.substituteKind, 'successor');
  const level1 = route.skipped.find((s) => s.level === 1 && s.upstreamModel === 'grok-4')!;
  assert.equal(level1.reason, 'retired');
  assert.match(level1.detail, /xAI retired grok-4 on 2026-05-15; its successor is grok-4\.3/);
  // Same family allows a successor; off does not.
  assert.equal(p.plan(req('xai/grok-4', { wai: { substitute: 'same-family' } })).targets[0]!.upstreamModel, 'grok-4.3');
  assert.equal(p.plan(req('xai/grok-4', { wai: { substitute: 'off' } })).targets.length, 0);
});

test('a retired dated id the catalog still knows (others host the model) goes to its successor at the provider that retired it before any other class', () => {
  const p = planner({ ANTHROPIC_API_KEY: 'sk-ant-x', OPENAI_API_KEY: 'sk-x' }, new Catalog(CATALOG));
  const route = p.plan(req('anthropic/claude-sonnet-4-20250514'));
  assert.equal(route.canonical, 'claude-sonnet-4');
  const first = route.targets[0]!;
  assert.deepEqual([first.provider.id, first.upstreamModel, first.level, first.substituteKind], ['anthropic', 'claude-sonnet-4-6', 1, 'successor']);
  assert.ok(route.targets.slice(1).every((t) => t.provider.id === 'openai'), 'class substitutes come after the successor');
  // With OpenRouter keyed, the same model it still hosts (under its floating id: another version) goes first.
  const withOr = planner({ ANTHROPIC_API_KEY: 'sk-ant-x', ...OR }, new Catalog(CATALOG)).plan(req('anthropic/claude-sonnet-4-20250514'));
  assert.deepEqual([withOr.targets[0]!.provider.id, withOr.targets[0]!.upstreamModel, withOr.targets[0]!.substituteKind], ['openrouter', 'anthropic/claude-sonnet-4', 'version']);
  assert.deepEqual([withOr.targets[1]!.provider.id, withOr.targets[1]!.upstreamModel, withOr.targets[1]!.substituteKind], ['anthropic', 'claude-sonnet-4-6', 'successor']);
});

test('a retired direct id whose weights hosts still serve goes to them as the same model', () => {
  const route = planner(OR).plan(req('moonshot/kimi-k2-0905-preview'));
  assert.equal(route.canonical, 'kimi-k2-0905');
  assert.equal(route.targets[0]!.upstreamModel, 'moonshotai/kimi-k2-0905');
  assert.equal(route.targets[0]!.substituteFor, undefined);
  assert.equal(route.skipped.find((s) => s.level === 1)?.reason, 'retired');
});

test('an id the catalog lacks goes to the named provider as written and to OpenRouter under its equivalent id', () => {
  const route = planner({ XAI_API_KEY: `xai-${'a'.repeat(60)}`, ...OR }).plan(req('xai/grok-4.20-multi-agent'));
  assert.deepEqual(route.targets.map((t) => `${t.level}:${t.provider.id}:${t.upstreamModel}`), ['1:xai:grok-4.20-multi-agent', '2:openrouter:x-ai/grok-4.20-multi-agent']);
  // An OpenRouter id nobody else names routes to OpenRouter as written.
  assert.deepEqual(planner(OR).plan(req('nousresearch/hermes-4-70b')).targets.map((t) => t.upstreamModel), ['nousresearch/hermes-4-70b']);
});

test('same-family keeps to the model line: another Llama 3.1 405B build, never a 70B', () => {
  const p = planner(OR);
  const family = p.plan(req('meta/llama-3.1-405b', { wai: { substitute: 'same-family' } }));
  assert.deepEqual(family.targets.map((t) => t.upstreamModel), ['nousresearch/hermes-3-llama-3.1-405b:free', 'nousresearch/hermes-3-llama-3.1-405b', 'nousresearch/hermes-4-405b']);
  const anyClass = p.plan(req('meta/llama-3.1-405b'));
  assert.ok(anyClass.targets.length > family.targets.length, 'same-class adds other large open models after the family');
  assert.deepEqual(anyClass.targets.slice(0, 3).map((t) => t.upstreamModel), family.targets.map((t) => t.upstreamModel));
});
