/**
 * The doctor's key checks and traffic (issue 9): a key of the wrong shape is a warning naming the provider and the
 * variable, never the key; every missing key comes with where to get it; "where traffic goes" is what the planner
 * would do (Sarvam's traffic reaches OpenRouter only as a substitute, and says so); AI21 is probed with a one-token
 * call; the OpenManus alias's level 1 reads sensibly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';
import { checkKeyFormats } from '../../src/doctor/key-format.js';
import { buildReport, renderReport } from '../../src/doctor/report.js';
import { plannedTraffic } from '../../src/doctor/planned-traffic.js';
import { probePlanFor } from '../../src/doctor/probe-plan.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { CATALOG } from '../../src/catalog/data/index.js';
import { buildEngine } from '../../src/engine/build-engine.js';
import { FallbackPlanner } from '../../src/routing/fallback-planner.js';
import { HealthTracker } from '../../src/health/health-tracker.js';
import { MemoryHealthStore } from '../../src/health/health-store.js';
import { ManualClock } from '../helpers/manual-clock.js';
import type { ProbeResult } from '../../src/doctor/probe.js';

const GOOD_OPENROUTER = `sk-or-v1-${'a'.repeat(64)}`;

test('a key of the wrong shape is a warning naming provider and variable, never the key', () => {
  const wrong = 'sk-ant-api03-pasted-into-the-wrong-variable-0123456789';
  const config = loadConfig({ env: { OPENROUTER_API_KEY: wrong, GROQ_API_KEY: 'gsk_short', XAI_API_KEY: `xai-${'b'.repeat(60)}`, SARVAM_API_KEY: 'tiny' } });
  const warnings = checkKeyFormats(config);
  assert.deepEqual(warnings.map((w) => `${w.provider} ${w.variable}`).sort(), ['groq GROQ_API_KEY', 'openrouter OPENROUTER_API_KEY', 'sarvam SARVAM_API_KEY']);
  const openrouter = warnings.find((w) => w.provider === 'openrouter')!;
  assert.match(openrouter.message, /OPENROUTER_API_KEY does not look like a key for OpenRouter: OpenRouter keys start with "sk-or-"/);
  for (const w of warnings) {
    assert.ok(!w.message.includes(wrong) && !w.message.includes('gsk_short') && !w.message.includes('tiny'), 'the key itself is never shown');
  }
  assert.deepEqual(checkKeyFormats(loadConfig({ env: { OPENROUTER_API_KEY: GOOD_OPENROUTER } })), []);
});

test('the report lists where to get every missing key, and the key warnings', () => {
  const config = loadConfig({ env: { OPENROUTER_API_KEY: 'sk-or-v1-short' } });
  const result: ProbeResult = { provider: 'openrouter', name: 'OpenRouter', role: 'aggregator', ok: true, check: 'GET /models', latencyMs: 3 } as ProbeResult;
  const report = buildReport(config, [result], { durationMs: 5, timeoutMs: 1000 }, plannedTraffic(config, buildEngine({ config, catalog: new Catalog(CATALOG) }).planner));
  const text = renderReport(report);
  assert.match(text, /Key format \(1\)\n {2}warning: OPENROUTER_API_KEY is shorter than a key for OpenRouter/);
  assert.doesNotMatch(text, /sk-or-v1-short/);
  assert.ok(report.getKeys.length >= 20);
  assert.match(text, /XAI_API_KEY\s+https:\/\/console\.x\.ai\//);
  assert.match(text, /SARVAM_API_KEY\s+https:\/\/dashboard\.sarvam\.ai\//);
  assert.ok(!report.getKeys.some((k) => k.provider === 'openrouter' || k.provider === 'openmanus'));

  // Where traffic goes is the planner's answer: Sarvam's models are not on OpenRouter, so a substitute serves.
  const sarvam = report.traffic.find((t) => t.provider === 'sarvam')!;
  assert.equal(sarvam.goesTo, 'openrouter');
  assert.match(sarvam.via!.substitute!, /^sarvam\/sarvam-30b -> /);
  assert.match(text, /Sarvam AI \(no key\)\s+→ OpenRouter \S+ \(level 2, a substitute: sarvam\/sarvam-30b -> /);
  // ElevenLabs' speech has nowhere to go with only OpenRouter: said plainly.
  assert.equal(report.traffic.find((t) => t.provider === 'elevenlabs')?.goesTo, null);
});

test('AI21 is probed with a one-token call (its model list answers without a key)', () => {
  const config = loadConfig({ env: { AI21_API_KEY: 'k'.repeat(32) } });
  assert.deepEqual(probePlanFor(config.providers.get('ai21')!), { kind: 'chat', model: 'jamba-large' });
});

test('the OpenManus alias\'s level 1 says it has no API of its own, not "set )"', () => {
  const config = loadConfig({ env: { OPENAI_API_KEY: `sk-${'c'.repeat(48)}` } });
  const planner = new FallbackPlanner({ providers: config.providers, catalog: new Catalog(CATALOG), fallbackMap: config.fallbackMap, health: new HealthTracker(new MemoryHealthStore(), new ManualClock(), config.health), costPolicy: 'free-first' });
  const level1 = planner.explain('openmanus/gpt-4o').candidates.find((c) => c.level === 1)!;
  assert.doesNotMatch(level1.reason, /set \)/);
  assert.match(level1.reason, /no API of its own/);
});
