/**
 * Catalog layers over OpenRouter's real list (test/fixtures/openrouter): two snapshots in a row remove what left,
 * bad or partial lists are refused and the last good sync stays, expiration dates are honoured, the refresher runs
 * at start and every `refreshHours` on an injected clock, keeps the last good catalog when a refresh fails, and a
 * 404 "model not found" asks for a rate-limited refresh.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { CATALOG } from '../../src/catalog/data/index.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { syncFromList } from '../../src/catalog/sync-openrouter.js';
import { mergeSyncedOfferings, type SyncedCatalog } from '../../src/catalog/synced-offerings.js';
import { CatalogRefresher, MIN_ASKED_REFRESH_GAP_MS } from '../../src/catalog/catalog-refresher.js';
import { readSyncedCatalog } from '../../src/catalog/load-catalog.js';
import { FallbackPlanner } from '../../src/routing/fallback-planner.js';
import { HealthTracker } from '../../src/health/health-tracker.js';
import { MemoryHealthStore } from '../../src/health/health-store.js';
import { loadConfig } from '../../src/config/config.js';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { readOpenRouterFixture, type OpenRouterListEntry } from '../helpers/openrouter-fixture.js';
import { ManualClock } from '../helpers/manual-clock.js';
import type { RequestRecord } from '../../src/engine/request-record.js';

const SOURCE = 'https://openrouter.ai/api/v1/models';
const FIRST = new Date('2026-05-01T00:00:00Z');
const SECOND = new Date('2026-05-02T00:00:00Z');
const current = readOpenRouterFixture();
const text = (list: { data: OpenRouterListEntry[] }) => JSON.stringify(list);

/** An older-looking list: the 2026-05-01 one with Llama 3.1 405B Instruct still on it (it left on 2026-03-17). */
function olderList(): { data: OpenRouterListEntry[] } {
  const list = readOpenRouterFixture();
  const llama70 = list.data.find((m) => m.id === 'meta-llama/llama-3.1-70b-instruct')!;
  list.data.push({ ...llama70, id: 'meta-llama/llama-3.1-405b-instruct', canonical_slug: 'meta-llama/llama-3.1-405b-instruct', pricing: { ...llama70.pricing, prompt: '0.0000008', completion: '0.0000008' } });
  return list;
}

function plannerFor(catalog: Catalog, clock = new ManualClock(Date.parse('2026-05-03T00:00:00Z'))): FallbackPlanner {
  const config = loadConfig({ env: { OPENROUTER_API_KEY: 'sk-or-v1-sync' } });
  return new FallbackPlanner({ providers: config.providers, catalog, fallbackMap: config.fallbackMap, health: new HealthTracker(new MemoryHealthStore(), clock, config.health), costPolicy: 'free-first' });
}

test('a sync run twice over two real snapshots adds what appeared, then marks gone what left: never planned, still explained', () => {
  const first = syncFromList(CATALOG, text(olderList()), undefined, FIRST, SOURCE);
  assert.ok(first.ok, !first.ok ? first.message : '');
  assert.ok(first.synced.changes.added.includes('meta-llama/llama-3.1-405b-instruct'), 'the older list adds the 405B offering');
  const afterFirst = new Catalog(mergeSyncedOfferings(CATALOG, first.synced));
  assert.ok(afterFirst.find('llama-3.1-405b-instruct')!.offerings.some((o) => o.provider === 'openrouter' && o.upstreamId === 'meta-llama/llama-3.1-405b-instruct' && !o.gone));
  const p1 = plannerFor(afterFirst);
  assert.equal(p1.plan({ model: 'meta/llama-3.1-405b', messages: [{ role: 'user', content: 'hi' }] }).targets[0]!.upstreamModel, 'meta-llama/llama-3.1-405b-instruct');

  const second = syncFromList(CATALOG, text(current), first.synced, SECOND, SOURCE);
  assert.ok(second.ok, !second.ok ? second.message : '');
  assert.deepEqual(second.synced.changes.gone, ['meta-llama/llama-3.1-405b-instruct']);
  assert.equal(second.synced.goneSince['meta-llama/llama-3.1-405b-instruct'], SECOND.toISOString());
  const afterSecond = new Catalog(mergeSyncedOfferings(CATALOG, second.synced));
  const p2 = plannerFor(afterSecond);
  const route = p2.plan({ model: 'meta/llama-3.1-405b', messages: [{ role: 'user', content: 'hi' }] });
  assert.ok(!route.targets.some((t) => t.upstreamModel === 'meta-llama/llama-3.1-405b-instruct'), 'a gone offering is never planned');
  const explained = p2.explain('meta/llama-3.1-405b').candidates.find((c) => c.model === 'meta-llama/llama-3.1-405b-instruct');
  assert.equal(explained?.inRoute, false);
  assert.match(explained!.reason, /^gone: not on OpenRouter's model list of 2026-05-02 \(missing since 2026-05-02\)/);

  // A third sync keeps the date it was first missed.
  const third = syncFromList(CATALOG, text(current), second.synced, new Date('2026-05-05T00:00:00Z'), SOURCE);
  assert.ok(third.ok);
  assert.equal(third.synced.goneSince['meta-llama/llama-3.1-405b-instruct'], SECOND.toISOString());
  assert.deepEqual(third.synced.changes.gone, []);
});

test('OpenRouter\'s embedding models are not on its chat model list: a sync never marks them gone', () => {
  const synced = syncFromList(CATALOG, text(current), undefined, FIRST, SOURCE);
  assert.ok(synced.ok, !synced.ok ? synced.message : '');
  const catalog = new Catalog(mergeSyncedOfferings(CATALOG, synced.synced));
  const embedding = catalog.find('openai/text-embedding-3-small')!;
  const onOpenRouter = embedding.offerings.find((o) => o.provider === 'openrouter')!;
  assert.ok(onOpenRouter, 'the catalog offers it on OpenRouter');
  assert.equal(onOpenRouter.gone, undefined);
  assert.ok(!synced.synced.changes.gone.includes(onOpenRouter.upstreamId));
  const route = plannerFor(catalog).planEmbeddings({ model: 'openai/text-embedding-3-small', input: 'hi' });
  assert.ok(route.targets.some((t) => t.provider.id === 'openrouter'), 'still planned for embeddings');
});

test('bad, partial or malformed lists are refused and change nothing', () => {
  const refused = (body: string, previous?: SyncedCatalog) => {
    const outcome = syncFromList(CATALOG, body, previous, SECOND, SOURCE);
    assert.equal(outcome.ok, false, body.slice(0, 60));
    return outcome.ok ? '' : outcome.message;
  };
  assert.match(refused('<html>busy</html>'), /not valid JSON/);
  assert.match(refused('{"models": []}'), /no `data` array/);
  assert.match(refused(JSON.stringify({ data: current.data.slice(0, 20) })), /only 20 models .*partial/);
  const malformed = readOpenRouterFixture();
  for (const m of malformed.data.slice(0, 60)) m.pricing = { prompt: 'free', completion: '-1' };
  assert.match(refused(text(malformed)), /6\d of 371 entries are malformed/);
  // Most of our OpenRouter offerings missing: a wrong or truncated answer, not a world that changed overnight.
  const ours = new Set(CATALOG.models.flatMap((m) => m.offerings.filter((o) => o.provider === 'openrouter').map((o) => o.upstreamId)));
  assert.match(refused(JSON.stringify({ data: current.data.filter((m) => !ours.has(m.id)) })), /partial or wrong/);
  const good = syncFromList(CATALOG, text(current), undefined, FIRST, SOURCE);
  assert.ok(good.ok);
  assert.match(refused(JSON.stringify({ data: current.data.slice(0, 150).concat(current.data.filter((m) => ours.has(m.id))) }), good.synced), /partial/);
});

test('OpenRouter\'s expiration_date: a past one is gone at sync, a future one is planned until it passes', () => {
  const list = readOpenRouterFixture();
  const r1 = list.data.find((m) => m.id === 'deepseek/deepseek-r1')!;
  r1.expiration_date = '2026-05-01';
  const llama = list.data.find((m) => m.id === 'meta-llama/llama-3.3-70b-instruct:free')!;
  llama.expiration_date = '2026-06-01';
  const outcome = syncFromList(CATALOG, text(list), undefined, SECOND, SOURCE);
  assert.ok(outcome.ok);
  assert.ok(outcome.synced.changes.gone.includes('deepseek/deepseek-r1'));
  const catalog = new Catalog(mergeSyncedOfferings(CATALOG, outcome.synced));
  const clock = new ManualClock(Date.parse('2026-05-20T00:00:00Z'));
  const planner = plannerFor(catalog, clock);
  const ask = (model: string) => planner.plan({ model, messages: [{ role: 'user', content: 'hi' }] }).targets.map((t) => t.upstreamModel);
  assert.ok(!ask('deepseek-r1').includes('deepseek/deepseek-r1'));
  assert.equal(ask('meta/llama-3.3-70b')[0], 'meta-llama/llama-3.3-70b-instruct:free');
  clock.advance(13 * 86_400_000);
  // The planner keeps candidates a few seconds; a new planner (as a refresh builds) sees the date passed.
  assert.ok(!plannerFor(catalog, clock).plan({ model: 'meta/llama-3.3-70b', messages: [{ role: 'user', content: 'hi' }] }).targets.some((t) => t.upstreamModel === 'meta-llama/llama-3.3-70b-instruct:free'));
});

let sim: Simulator;
let dir: string;
before(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(join(tmpdir(), 'wai-sync-'));
});
after(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function refresher(clock: ManualClock, cachePath: string, applied: Catalog[], lines: string[] = []) {
  return new CatalogRefresher({
    base: CATALOG,
    baseUrl: () => sim.baseUrl('openrouter'),
    cachePath,
    cached: readSyncedCatalog(cachePath),
    refreshHours: 24,
    clock,
    log: pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } }),
    apply: (catalog) => applied.push(catalog),
  });
}

test('the refresher: at start, then every refreshHours on the injected clock; a failed refresh keeps the last good catalog and says so', async () => {
  const clock = new ManualClock(Date.parse('2026-05-02T00:00:00Z'));
  const cachePath = join(dir, 'periodic.json');
  const applied: Catalog[] = [];
  const lines: string[] = [];
  sim.setModelList('openrouter', { body: text(olderList()), ids: new Set() });
  const r = refresher(clock, cachePath, applied, lines);
  assert.equal(r.status().inUse, 'shipped');
  r.start();
  assert.equal(await r.settled(), true);
  assert.equal(applied.length, 1);
  assert.equal(r.status().inUse, 'live');
  assert.equal(r.status().live.nextAt, '2026-05-03T00:00:00.000Z');
  assert.equal(readSyncedCatalog(cachePath)?.asOf, '2026-05-02T00:00:00.000Z', 'kept in the data folder');

  // The next one fails (OpenRouter down): the last good catalog stays, and the status and the log say why.
  sim.setDefault('openrouter', { status: 503 });
  clock.advance(24 * 3_600_000);
  await r.settled();
  assert.equal(applied.length, 1);
  const status = r.status();
  assert.equal(status.inUse, 'live');
  assert.match(status.live.lastError!, /OpenRouter answered 503; the catalog is unchanged/);
  assert.equal(status.live.lastSuccessAt, '2026-05-02T00:00:00.000Z');
  assert.equal(status.ageMs, 24 * 3_600_000);
  assert.ok(lines.some((l) => /catalog refresh failed: OpenRouter answered 503.*keeping the last good sync/.test(l)));
  sim.setDefault('openrouter', null);

  // A day later the list has moved on (the real 2026-05-01 list): what left is marked gone, and the status shows it.
  sim.setModelList('openrouter', { body: text(current), ids: new Set() });
  clock.advance(24 * 3_600_000);
  await r.settled();
  assert.equal(applied.length, 2);
  assert.deepEqual(r.status().changes?.gone, ['meta-llama/llama-3.1-405b-instruct']);
  assert.equal(r.status().live.lastError, null);
  r.stop();
  sim.setModelList('openrouter', null);

  // A restart starts from the cached sync.
  const restarted = refresher(new ManualClock(Date.parse('2026-05-05T00:00:00Z')), cachePath, []);
  assert.equal(restarted.status().inUse, 'cache');
  assert.equal(restarted.status().cache.asOf, '2026-05-04T00:00:00.000Z');
});

test('a 404 from OpenRouter asks for a refresh, at most one per interval', async () => {
  const clock = new ManualClock(Date.parse('2026-05-02T00:00:00Z'));
  sim.setModelList('openrouter', { body: text(current), ids: new Set() });
  const applied: Catalog[] = [];
  const r = refresher(clock, join(dir, 'asked.json'), applied);
  const record = { attempts: [{ provider: 'openrouter', model: 'x-ai/grok-4', level: 2, ok: false, errorClass: 'model_unavailable', durationMs: 1 }] } as unknown as RequestRecord;
  r.requestFinished(record);
  assert.equal(await r.settled(), true);
  assert.equal(applied.length, 1);
  r.requestFinished(record);
  await r.settled();
  assert.equal(applied.length, 1, 'asked again too soon: ignored');
  clock.advance(MIN_ASKED_REFRESH_GAP_MS);
  r.requestFinished(record);
  await r.settled();
  assert.equal(applied.length, 2);
  r.requestFinished({ attempts: [{ provider: 'openrouter', model: 'm', level: 2, ok: false, errorClass: 'rate_limited', durationMs: 1 }] } as unknown as RequestRecord);
  clock.advance(MIN_ASKED_REFRESH_GAP_MS);
  await r.settled();
  assert.equal(applied.length, 2, 'only a model-not-found asks');
  r.stop();
  sim.setModelList('openrouter', null);
});

test('a corrupt cache file is ignored, never half-applied', () => {
  const path = join(dir, 'corrupt.json');
  writeFileSync(path, '{"asOf": 1');
  assert.equal(readSyncedCatalog(path), undefined);
  writeFileSync(path, JSON.stringify({ asOf: 'x', source: 'y', offerings: [] }));
  assert.equal(readSyncedCatalog(path), undefined);
  assert.ok(readFileSync(path, 'utf8').length > 0);
});

test('a keyed provider\'s own model list confirms its offerings: one it no longer lists is gone, explained; a failed read keeps the last', async () => {
  const clock = new ManualClock(Date.parse('2026-05-02T00:00:00Z'));
  const config = loadConfig({ env: { XAI_API_KEY: `xai-${'d'.repeat(60)}`, XAI_BASE_URL: sim.baseUrl('xai'), OPENROUTER_API_KEY: 'sk-or-v1-direct' } });
  sim.setModelList('openrouter', { body: text(current), ids: new Set() });
  sim.setModelList('xai', { body: JSON.stringify({ object: 'list', data: [{ id: 'grok-4.3', object: 'model' }, { id: 'grok-5', object: 'model' }] }), ids: new Set(['grok-4.3', 'grok-5']) });
  const applied: Catalog[] = [];
  const r = new CatalogRefresher({
    base: CATALOG, baseUrl: () => sim.baseUrl('openrouter'), cachePath: join(dir, 'direct.json'), cached: undefined, refreshHours: 24, clock,
    log: pino({ level: 'silent' }), apply: (catalog) => applied.push(catalog), directProviders: () => [config.providers.get('xai')!],
  });
  assert.equal(await r.refresh(), true);
  assert.deepEqual(r.status().direct, [{ provider: 'xai', asOf: '2026-05-02T00:00:00.000Z', listed: 2 }]);
  const catalog = applied.at(-1)!;
  const grok420 = catalog.find('grok-4.20')!.offerings.find((o) => o.provider === 'xai')!;
  assert.match(grok420.gone!.why, /not on xAI's own model list of 2026-05-02/);
  assert.equal(catalog.find('grok-4.3')!.offerings.find((o) => o.provider === 'xai')!.gone, undefined);
  const route = new FallbackPlanner({ providers: config.providers, catalog, fallbackMap: config.fallbackMap, health: new HealthTracker(new MemoryHealthStore(), clock, config.health), costPolicy: 'free-first' })
    .plan({ model: 'xai/grok-4.20', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(route.skipped.find((s) => s.provider === 'xai')?.reason, 'gone');
  assert.equal(route.targets[0]!.provider.id, 'openrouter', 'OpenRouter still lists it');
  // An id new on xAI's own list, which the catalog has never heard of, routes to xAI as written, even bare.
  const planner = new FallbackPlanner({ providers: config.providers, catalog, fallbackMap: config.fallbackMap, health: new HealthTracker(new MemoryHealthStore(), clock, config.health), costPolicy: 'free-first' });
  for (const asked of ['grok-5', 'xai/grok-5']) {
    const first = planner.plan({ model: asked, messages: [{ role: 'user', content: 'hi' }] }).targets[0]!;
    assert.deepEqual([first.provider.id, first.upstreamModel, first.level], ['xai', 'grok-5', 1], asked);
  }

  // The key is refused next time: the list read before stays in force.
  sim.setDefault('xai', { status: 401 });
  clock.advance(MIN_ASKED_REFRESH_GAP_MS);
  await r.refresh();
  assert.deepEqual(r.status().direct.map((d) => d.provider), ['xai']);
  sim.setDefault('xai', null);
  sim.setModelList('xai', null);
  sim.setModelList('openrouter', null);
});
