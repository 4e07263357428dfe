/**
 * Every row of the shipped fallback map (the seed's table, docs/architecture.md) under every way its direct provider can fail:
 * no key, 401, 429 with Retry-After, a 400 (the provider's bad-key 400 where it has one, else its ordinary 400),
 * 404, 405, 500 and a timeout. Each case asserts who served, at which level, after how many attempts, which
 * breaker opened and why, and that the direct provider's simulator gets no request until the probe time, then
 * exactly one (the probe, which succeeds once the fault is gone and serves at level 1).
 * Then the level 3 path for rows whose primary fails too.
 *
 * Every case runs on a fresh gateway (fresh health) with its own SkewedClock, over one simulator set.
 * The health policy is explicit, with a distinct cool-down per class, so the probe time tells which class the
 * engine gave the failure. maxCooldownMs is set above them all: with the default policy the long cool-downs are
 * capped at 5 minutes (see breaker-bugs.test.ts, which shows that separately).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { FallbackPlanner } from '../../../src/routing/fallback-planner.js';
import type { RunningGateway } from '../../../src/gateway.js';
import type { ErrorClass } from '../../../src/errors/error-class.js';
import type { HealthPolicy } from '../../../src/health/health-policy.js';
import { DEFAULT_FALLBACK_MAP } from '../../../src/config/fallback-map.js';
import { SkewedClock } from '../../helpers/manual-clock.js';
import { gatewayFor, servedBy, startSims, type Fault, type Sims } from './rig.js';

const MAX_RETRIES = 2;
const RETRY_AFTER_S = 30;
const HEALTH: Partial<HealthPolicy> = {
  consecutiveFailures: 3,
  transientCooldownMs: 60_000,
  rateLimitCooldownMs: 45_000,
  authCooldownMs: 2_400_000,
  quotaCooldownMs: 2_100_000,
  modelUnavailableCooldownMs: 1_200_000,
  unsupportedCooldownMs: 1_500_000,
  maxCooldownMs: 7_200_000,
};
/**
 * Only the timeout condition needs short timeouts; every other case gets generous ones, so a slow answer on a
 * loaded machine never turns into an extra (retried) attempt. The attempt timeout is what cuts a hang quickly:
 * undici's headers timer behind firstByteMs has about a second's resolution.
 */
const TIMEOUTS = { firstByteMs: 2_000, idleMs: 2_000, attemptMs: 3_000, deadlineMs: 8_000 };
const SHORT_TIMEOUTS = { ...TIMEOUTS, firstByteMs: 400, attemptMs: 400 };
const RETRIES = { maxRetries: MAX_RETRIES, baseDelayMs: 10, maxDelayMs: 50 };
const USER = 'Hi there';

/** Who serves when the direct provider fails. */
interface Serve { provider: string; level: number; model: string }

interface Row {
  /** The map row, which is also the direct provider. */
  id: string;
  /** What the caller asks for. */
  model: string;
  /** The direct provider's upstream id (x-wai-model when it serves at level 1). */
  direct: string;
  /** Who serves when the direct provider cannot: the row's primary at level 2 (free-first: its `:free` variant where the catalog has one). */
  serves: Serve;
  /** The row's fallback serving at level 3 when the primary fails too (undefined: no same-class model there). */
  level3?: Serve;
  /** Faults replaced for this row, with why. */
  faults?: Partial<Record<ConditionId, { fault: Fault; errorClass: ErrorClass; why: string }>>;
  /** Rows with no API: only the no-key case applies. */
  noApi?: string;
}

const OR = (model: string): Serve => ({ provider: 'openrouter', level: 2, model });

/** The rows of the seed's map, each with a model the catalog offers both directly and on the primary. */
const ROWS: Row[] = [
  {
    id: 'meta', model: 'meta/llama-3.3-70b', direct: 'Llama-3.3-70B-Instruct',
    serves: OR('meta-llama/llama-3.3-70b-instruct:free'),
    level3: { provider: 'together', level: 3, model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' },
  },
  {
    id: 'huggingface', model: 'huggingface/meta-llama/Llama-3.3-70B-Instruct', direct: 'meta-llama/Llama-3.3-70B-Instruct',
    serves: OR('meta-llama/llama-3.3-70b-instruct:free'),
    level3: { provider: 'together', level: 3, model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' },
  },
  {
    id: 'fireworks', model: 'fireworks/llama-3.3-70b', direct: 'accounts/fireworks/models/llama-v3p3-70b-instruct',
    serves: OR('meta-llama/llama-3.3-70b-instruct:free'),
    level3: { provider: 'together', level: 3, model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' },
  },
  {
    // Pharia is served by Aleph Alpha alone; Llama 3.1 70B is on both Aleph Alpha and OpenRouter.
    id: 'aleph-alpha', model: 'aleph-alpha/llama-3.1-70b-instruct', direct: 'llama-3.1-70b-instruct',
    serves: OR('meta-llama/llama-3.1-70b-instruct'),
  },
  {
    id: 'azure-openai', model: 'azure-openai/gpt-4o', direct: 'gpt-4o',
    serves: { provider: 'openai', level: 2, model: 'gpt-4o' },
    level3: { provider: 'openrouter', level: 3, model: 'openai/gpt-4o' },
    faults: {
      // Azure's 429 carries retry-after-ms beside retry-after (the simulator's default is 1 s for both): keep them in step.
      s429: { fault: { status: 429, headers: { 'retry-after': String(RETRY_AFTER_S), 'retry-after-ms': String(RETRY_AFTER_S * 1000) } }, errorClass: 'rate_limited', why: `Azure's 429 with retry-after and retry-after-ms of ${RETRY_AFTER_S} s` },
    },
  },
  {
    id: 'writer', model: 'writer/palmyra-x5', direct: 'palmyra-x5',
    serves: OR('writer/palmyra-x5'),
    level3: { provider: 'anthropic', level: 3, model: 'claude-sonnet-4-5-20250929' },
  },
  {
    id: 'openmanus', model: 'openmanus/gpt-4o', direct: '',
    serves: { provider: 'openai', level: 2, model: 'gpt-4o' },
    level3: { provider: 'anthropic', level: 3, model: 'claude-sonnet-4-5-20250929' },
    noApi: 'OpenManus has no API of its own (no key variable, no base URL): only the no-key case applies',
  },
  {
    id: 'replicate', model: 'replicate/meta/llama-4-maverick-instruct', direct: 'meta/llama-4-maverick-instruct',
    serves: OR('meta-llama/llama-4-maverick'),
    level3: { provider: 'together', level: 3, model: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8' },
  },
  {
    id: 'perplexity', model: 'perplexity/sonar', direct: 'sonar',
    serves: OR('perplexity/sonar'),
  },
  {
    id: 'cohere', model: 'cohere/command-a', direct: 'command-a-03-2025',
    serves: OR('cohere/command-a'),
    level3: { provider: 'anthropic', level: 3, model: 'claude-sonnet-4-5-20250929' },
  },
  {
    id: 'xai', model: 'xai/grok-4.3', direct: 'grok-4.3',
    serves: OR('x-ai/grok-4.3'),
    level3: { provider: 'anthropic', level: 3, model: 'claude-sonnet-4-5-20250929' },
    faults: {
      bad400: { fault: { errorCode: 'invalid_api_key' }, errorClass: 'auth', why: "xAI's bad key is a 400 {code, error}: auth" },
    },
  },
  {
    // The seed's AI21 → Anthropic row: Anthropic has no large-open model, so the nearest class (frontier) serves.
    id: 'ai21', model: 'ai21/jamba-large', direct: 'jamba-large',
    serves: OR('ai21/jamba-large-1.7'),
    level3: { provider: 'anthropic', level: 3, model: 'claude-sonnet-4-6' },
  },
  {
    id: 'bedrock', model: 'bedrock/nova-pro', direct: 'amazon.nova-pro-v1:0',
    serves: OR('amazon/nova-pro-v1'),
    level3: { provider: 'anthropic', level: 3, model: 'claude-sonnet-4-5-20250929' },
    faults: {
      // Bedrock never answers 401: a rejected key is a 403 UnrecognizedClientException.
      s401: { fault: { errorCode: 'invalid_api_key' }, errorClass: 'auth', why: 'Bedrock rejects a key with 403 UnrecognizedClientException, never 401' },
      // Bedrock names no exception for 405; a 405 from its front end carries a bare {message}.
      s405: { fault: { status: 405, body: '{"message":"Method Not Allowed"}' }, errorClass: 'unsupported', why: 'a bare 405 {message} from the AWS front end' },
    },
  },
  {
    // The catalog lists Sarvam's models on Sarvam alone (OpenRouter's list has none): OpenRouter serves the nearest
    // same-class substitute at level 2 straight after the direct attempt.
    id: 'sarvam', model: 'sarvam/sarvam-30b', direct: 'sarvam-30b',
    serves: OR('amazon/nova-lite-v1'),
  },
];

type ConditionId = 'nokey' | 's401' | 's429' | 'bad400' | 's404' | 's405' | 's500' | 'timeout';

interface Condition {
  id: ConditionId;
  name: string;
  /** undefined: the direct provider gets no key. */
  fault?: Fault;
  errorClass?: ErrorClass;
}

const CONDITIONS: Condition[] = [
  { id: 'nokey', name: 'no key for the provider' },
  { id: 's401', name: 'a key that gets 401', fault: { status: 401 }, errorClass: 'auth' },
  { id: 's429', name: `429 with Retry-After: ${RETRY_AFTER_S}`, fault: { status: 429, headers: { 'retry-after': String(RETRY_AFTER_S) } }, errorClass: 'rate_limited' },
  // Only xAI (of these rows) says "bad key" with a 400; the others' real 400 is a request error (overridden per row).
  { id: 'bad400', name: "a 400: the provider's own 400 (no bad-key 400 here), so invalid_request", fault: { status: 400 }, errorClass: 'invalid_request' },
  { id: 's404', name: '404', fault: { status: 404 }, errorClass: 'model_unavailable' },
  { id: 's405', name: '405', fault: { status: 405 }, errorClass: 'unsupported' },
  { id: 's500', name: '500', fault: { status: 500 }, errorClass: 'transient' },
  { id: 'timeout', name: 'a timeout (no response headers)', fault: { hang: true }, errorClass: 'transient' },
];

/** Attempts the direct provider takes for one request, retries included. */
function directAttempts(errorClass: ErrorClass | undefined): number {
  if (errorClass === undefined) return 0;
  return errorClass === 'transient' ? MAX_RETRIES + 1 : 1;
}

/** The breakers a failure of that class opens, and for how long. */
function breakersFor(errorClass: ErrorClass | undefined, provider: string, model: string, health: Required<typeof HEALTH>): { keys: string[]; cooldownMs: number } | undefined {
  const p = `p:${provider}`;
  const m = `m:${provider}:${model}`;
  switch (errorClass) {
    case 'auth': return { keys: [p], cooldownMs: health.authCooldownMs };
    case 'rate_limited': return { keys: [m], cooldownMs: RETRY_AFTER_S * 1000 };
    case 'model_unavailable': return { keys: [m], cooldownMs: health.modelUnavailableCooldownMs };
    case 'unsupported': return { keys: [m], cooldownMs: health.unsupportedCooldownMs };
    case 'transient': return { keys: [m, p].sort(), cooldownMs: health.transientCooldownMs };
    default: return undefined;
  }
}

let sims: Sims;
before(async () => { sims = await startSims(); });
after(async () => { await sims.close(); });

const ask = (client: OpenAI, model: string) =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: USER }] }).withResponse();

async function served(client: OpenAI, model: string) {
  const { data, response } = await ask(client, model);
  return { ...servedBy(response.headers), text: data.choices[0]?.message.content ?? '' };
}

function assertServed(got: Awaited<ReturnType<typeof served>>, want: Serve, attempts: number, what: string): void {
  assert.deepEqual(
    { provider: got.provider, level: got.level, model: got.model, attempts: got.attempts },
    { provider: want.provider, level: want.level, model: want.model, attempts },
    what,
  );
  assert.ok(got.text.startsWith(`Hello from ${want.provider} (`), `${what}: answered by the ${want.provider} simulator, got ${JSON.stringify(got.text)}`);
}

/** The providers keyed for a row: the direct one (unless no key), the primary and the fallback. */
function keyedFor(row: Row, keyDirect: boolean): string[] {
  const rule = DEFAULT_FALLBACK_MAP[row.id]!;
  return [...(keyDirect && !row.noApi ? [row.id] : []), rule.primary, rule.fallback];
}

describe('the shipped map has the rows the seed lists', () => {
  test('each row names the primary and fallback of the design table', () => {
    const table: Record<string, [string, string]> = {
      meta: ['openrouter', 'together'], huggingface: ['openrouter', 'together'], fireworks: ['openrouter', 'together'],
      'aleph-alpha': ['openrouter', 'anthropic'], 'azure-openai': ['openai', 'openrouter'], writer: ['openrouter', 'anthropic'],
      openmanus: ['openai', 'anthropic'], replicate: ['openrouter', 'together'], perplexity: ['openrouter', 'google'],
      cohere: ['openrouter', 'anthropic'], xai: ['openrouter', 'anthropic'], ai21: ['openrouter', 'anthropic'],
      bedrock: ['openrouter', 'anthropic'], sarvam: ['openrouter', 'google'],
    };
    for (const [id, [primary, fallback]] of Object.entries(table)) {
      assert.deepEqual(DEFAULT_FALLBACK_MAP[id], { primary, fallback }, id);
    }
    assert.deepEqual(ROWS.map((r) => r.id).sort(), Object.keys(table).sort(), 'every row of the table is tested here');
  });
});

for (const row of ROWS) {
  describe(`row ${row.id} (${row.model})`, () => {
    for (const condition of CONDITIONS) {
      const override = row.faults?.[condition.id];
      const fault = override?.fault ?? condition.fault;
      const errorClass = override?.errorClass ?? condition.errorClass;
      const name = `${override ? `${condition.id}: ${override.why}` : condition.name} → ${row.serves.provider} at level ${row.serves.level}`;
      const skip = row.noApi && condition.id !== 'nokey' ? row.noApi : false;
      test(name, { skip }, async () => {
        for (const id of [row.id, ...keyedFor(row, false)]) {
          if (!row.noApi && !sims.has(id)) assert.fail(`the ${id} simulator did not start: ${sims.failed[id]}`);
        }
        sims.reset();
        const clock = new SkewedClock();
        const keyDirect = condition.id !== 'nokey';
        const timeouts = fault?.hang ? SHORT_TIMEOUTS : TIMEOUTS;
        const { gw, client } = await gatewayFor(sims, keyedFor(row, keyDirect), { clock, timeouts, retries: RETRIES, health: HEALTH });
        try {
          await runCase(gw, client, clock, row, fault, errorClass);
        } finally {
          await gw.close();
        }
      });
    }
  });
}

async function runCase(gw: RunningGateway, client: OpenAI, clock: SkewedClock, row: Row, fault: Fault | undefined, errorClass: ErrorClass | undefined): Promise<void> {
  const direct = row.noApi ? undefined : sims.get(row.id);
  const hits = () => direct?.count() ?? 0;
  const rule = DEFAULT_FALLBACK_MAP[row.id]!;
  const fallbackIdle = () => {
    if (row.serves.provider !== rule.fallback) assert.equal(sims.get(rule.fallback).count(), 0, `the fallback (${rule.fallback}) is not needed`);
  };
  if (direct && fault) direct.setDefault(fault);
  const failing = directAttempts(errorClass);

  const first = await served(client, row.model);
  assertServed(first, row.serves, failing + 1, 'first request');
  assert.equal(hits(), failing, `the direct provider (${row.id}) was called ${failing} time(s)`);
  fallbackIdle();

  const health = gw.config.health as Required<HealthPolicy>;
  const expected = breakersFor(errorClass, row.id, row.direct, health);
  const open = gw.engine.health.breakers().filter((b) => b.state.state === 'open');
  assert.deepEqual(open.map((b) => b.key).sort(), expected?.keys ?? [], 'the breakers open after the first request');
  for (const b of open) assert.equal(b.state.reason, errorClass, `${b.key} opened for ${errorClass}`);

  if (!expected) {
    // No key, or a request error: nothing to cool down; every request tries the direct provider again (if keyed).
    const again = await served(client, row.model);
    assertServed(again, row.serves, failing + 1, 'second request');
    assert.equal(hits(), 2 * failing, 'the direct provider is tried again (no breaker)');
    return;
  }

  // While the breaker is open, no traffic: a second request goes straight to the primary.
  const second = await served(client, row.model);
  assertServed(second, row.serves, 1, 'second request, breaker open');
  assert.equal(hits(), failing, 'no request reaches the direct provider while its breaker is open');

  // Just before the probe time: still nothing.
  clock.skip(expected.cooldownMs - 2_000);
  const third = await served(client, row.model);
  assertServed(third, row.serves, 1, `2 s before the ${expected.cooldownMs} ms cool-down ends`);
  assert.equal(hits(), failing, 'still no request before the probe time');

  // Past the probe time, with the fault gone: exactly one probe reaches it, succeeds, and serves at level 1.
  direct!.setDefault(null);
  clock.skip(2_500);
  const probe = await served(client, row.model);
  assertServed(probe, { provider: row.id, level: 1, model: row.direct }, 1, 'the probe after the cool-down');
  assert.equal(hits(), failing + 1, 'exactly one probe reached the direct provider');
  assert.deepEqual(gw.engine.health.breakers(), [], 'a successful probe closes the breakers');
  fallbackIdle();
}

describe('level 3: the direct provider and the primary both fail, the map\'s fallback serves', () => {
  for (const row of ROWS.filter((r) => r.level3)) {
    const want = row.level3!;
    const primary = DEFAULT_FALLBACK_MAP[row.id]!.primary;
    const directFails = row.noApi ? `${row.id} has no API` : `${row.id} 500`;
    test(`${row.id}: ${directFails}, ${primary} 401 → ${want.provider} at level 3 with ${want.model}`, async () => {
      sims.reset();
      const { gw, client } = await gatewayFor(sims, keyedFor(row, true), { timeouts: TIMEOUTS, retries: { ...RETRIES, maxRetries: 0 }, health: HEALTH });
      try {
        if (!row.noApi) sims.get(row.id).setDefault({ status: 500 });
        sims.get(primary).setDefault({ status: 401 });
        const got = await served(client, row.model);
        // direct (500, no retries) + primary (401: the provider is off, so its other variants are skipped) + fallback.
        assertServed(got, want, row.noApi ? 2 : 3, 'served at level 3');
        if (!row.noApi) assert.equal(sims.get(row.id).count(), 1);
        assert.equal(sims.get(primary).count(), 1, `one call to ${primary}: after its 401 the whole provider is off`);
        assert.equal(sims.get(want.provider).count(), 1);
      } finally {
        await gw.close();
      }
    });
  }

  // The seed's rows whose fallback has no model of the class (Perplexity → Google, Aleph Alpha's Llama → Anthropic,
  // Sarvam → Google) are not dead ends: the fallback serves its nearest model, same class or else the nearest class,
  // as a visible substitute at level 3, and `route --explain` names which.
  const nearest: Record<string, { model: string; kind: string }> = {
    'aleph-alpha': { model: 'claude-sonnet-4-6', kind: 'nearest-class' },
    perplexity: { model: 'gemini-3.1-pro-preview', kind: 'nearest-class' },
    sarvam: { model: 'gemini-2.5-flash-lite', kind: 'class' },
  };
  for (const row of ROWS.filter((r) => !r.level3 && !r.noApi)) {
    const rule = DEFAULT_FALLBACK_MAP[row.id]!;
    const want = nearest[row.id]!;
    test(`${row.id}: ${rule.fallback} has no ${row.model} model, so with ${rule.primary} failing too it serves a ${want.kind} substitute at level 3`, async () => {
      sims.reset();
      const { gw, client } = await gatewayFor(sims, keyedFor(row, true), { timeouts: TIMEOUTS, retries: { ...RETRIES, maxRetries: 0 }, health: HEALTH });
      try {
        sims.get(row.id).setDefault({ status: 500 });
        sims.get(rule.primary).setDefault({ status: 500 });
        const { response } = await ask(client, row.model);
        assert.equal(response.headers.get('x-wai-provider'), rule.fallback);
        assert.equal(response.headers.get('x-wai-level'), '3');
        assert.equal(response.headers.get('x-wai-model'), want.model);
        assert.equal(response.headers.get('x-wai-substitute'), `${row.model} -> ${want.model}`);
        const explained = gw.engine.planner instanceof FallbackPlanner ? gw.engine.planner.explain(row.model) : undefined;
        const line = explained?.candidates.find((c) => c.provider === rule.fallback && c.model === want.model);
        assert.equal(line?.substituteKind, want.kind);
        assert.match(line!.reason, new RegExp(`${want.kind} substitute for ${row.model.replace(/[/.]/g, '\\$&')}`));
      } finally {
        await gw.close();
      }
    });
  }
});
