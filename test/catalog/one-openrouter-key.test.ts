/**
 * "One OpenRouter key is enough" (issue 9): for every provider in the registry and each model it lists, with only
 * OPENROUTER_API_KEY set, against an OpenRouter simulator that serves exactly the ids of OpenRouter's real list of
 * 2026-05-01 (and refuses the rest as real OpenRouter does), the request is answered: by the exact model where
 * OpenRouter lists it, else by a visible substitute at level 2 or 3. Speech, which nothing on OpenRouter can honestly
 * stand in for, gets a 503 that says so. Then the same with OpenRouter + Together, and with OpenRouter failing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import { OPENROUTER_FIXTURE } from '../helpers/openrouter-fixture.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import type { RunningGateway } from '../../src/gateway.js';
import type { FallbackPlanner } from '../../src/routing/fallback-planner.js';

const listText = readFileSync(OPENROUTER_FIXTURE, 'utf8');
const listedIds = new Set((JSON.parse(listText) as { data: Array<{ id: string }> }).data.map((m) => m.id));

/** Every chat model the registry names, as `provider/model`; the speech ones apart. */
const CHAT: string[] = [];
const SPEECH: string[] = [];
for (const p of PROVIDERS) for (const m of p.models) (p.id === 'elevenlabs' ? SPEECH : CHAT).push(`${p.id}/${m}`);

let sim: Simulator;
let dir: string;

before(async () => {
  sim = await startSimulator();
  sim.setModelList('openrouter', { body: listText, ids: listedIds });
  dir = mkdtempSync(join(tmpdir(), 'wai-one-key-'));
});

after(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function gateway(env: Record<string, string>, name: string): Promise<RunningGateway> {
  const gw = await startTestGateway({
    env: { OPENROUTER_BASE_URL: sim.baseUrl('openrouter'), TOGETHER_BASE_URL: sim.baseUrl('together'), ...env },
    retries: { maxRetries: 0 },
    catalogCachePath: join(dir, `${name}.json`),
  });
  // The start-up refresh reads the simulator's list (the real 2026-05-01 one): wait for it to be in force.
  assert.equal(await gw.runtime.catalogRefresher!.settled(), true);
  assert.equal(gw.runtime.catalogRefresher!.status().inUse, 'live');
  return gw;
}

interface Answer {
  status: number;
  provider: string | null;
  model: string | null;
  level: number;
  substitute: string | null;
  body: { error?: { message: string } };
}

async function ask(gw: RunningGateway, model: string): Promise<Answer> {
  const response = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  return {
    status: response.status,
    provider: response.headers.get('x-wai-provider'),
    model: response.headers.get('x-wai-model'),
    level: Number(response.headers.get('x-wai-level')),
    substitute: response.headers.get('x-wai-substitute'),
    body: (await response.json()) as Answer['body'],
  };
}

/** The OpenRouter ids of the catalog model a request names (what "the exact model" is on OpenRouter). */
function exactOnOpenRouter(gw: RunningGateway, model: string): string[] {
  const target = (gw.engine.planner as FallbackPlanner).resolveTarget(model);
  return (target.model?.offerings ?? []).filter((o) => o.provider === 'openrouter' && listedIds.has(o.upstreamId)).map((o) => o.upstreamId);
}

describe('only OPENROUTER_API_KEY', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await gateway({ OPENROUTER_API_KEY: 'sk-or-v1-one-key-only' }, 'openrouter-only');
  });
  after(() => gw.close());

  test('every registry model is answered by OpenRouter: the exact model where listed, else a visible substitute at level 2 or 3', async () => {
    assert.ok(CHAT.length >= 50, `${CHAT.length} chat models`);
    for (const model of CHAT) {
      const answer = await ask(gw, model);
      assert.equal(answer.status, 200, `${model}: ${answer.body.error?.message}`);
      assert.equal(answer.provider, 'openrouter', model);
      assert.ok(listedIds.has(answer.model!), `${model}: served by ${answer.model}, which OpenRouter does not list`);
      const exact = exactOnOpenRouter(gw, model);
      if (exact.length) {
        assert.equal(answer.substitute, null, `${model}: OpenRouter lists ${exact.join(', ')} yet a substitute served`);
        assert.ok(exact.includes(answer.model!), `${model}: ${answer.model} is not one of ${exact.join(', ')}`);
      } else {
        assert.ok(answer.substitute?.startsWith(`${model} -> `), `${model}: no x-wai-substitute (${answer.substitute})`);
        assert.ok(answer.level === 2 || answer.level === 3, `${model}: substitute at level ${answer.level}`);
      }
    }
  });

  test('the seed example meta/llama-3.1-405b: Llama 3.1 405B left OpenRouter, so the same model line (Hermes 3 405B, free first) serves it, and says so', async () => {
    const answer = await ask(gw, 'meta/llama-3.1-405b');
    assert.equal(answer.status, 200);
    assert.equal(answer.level, 2);
    assert.equal(answer.model, 'nousresearch/hermes-3-llama-3.1-405b:free');
    assert.equal(answer.substitute, 'meta/llama-3.1-405b -> nousresearch/hermes-3-llama-3.1-405b:free');
  });

  test('speech: no honest substitute on OpenRouter, and the 503 says why', async () => {
    for (const model of SPEECH) {
      const response = await fetch(`${gw.url}/v1/audio/speech`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, input: 'Hello', voice: 'alloy' }),
      });
      const body = (await response.json()) as { error: { message: string } };
      assert.equal(response.status, 503, model);
      assert.match(body.error.message, /no honest substitute: OpenRouter serves no text-to-speech model/, model);
    }
  });

  test('with substitution off, a model OpenRouter lacks is a 503 naming the substitute it would have used', async () => {
    const response = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'meta/llama-3.1-405b', messages: [{ role: 'user', content: 'Hi' }], wai: { substitute: 'off' } }),
    });
    const body = (await response.json()) as { error: { message: string } };
    assert.equal(response.status, 503);
    assert.match(body.error.message, /same-family substitute \(Hermes 3 405B .* for meta\/llama-3\.1-405b\); substitute is "off"/);
  });
});

describe('OpenRouter and Together keys', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await gateway({ OPENROUTER_API_KEY: 'sk-or-v1-two-keys', TOGETHER_API_KEY: 'tg-two-keys' }, 'openrouter-together');
  });
  after(() => gw.close());

  test('every registry model is answered; the exact model wherever one of the two offers it, else a visible substitute', async () => {
    for (const model of CHAT) {
      const answer = await ask(gw, model);
      assert.equal(answer.status, 200, `${model}: ${answer.body.error?.message}`);
      assert.ok(answer.provider === 'openrouter' || answer.provider === 'together', `${model}: ${answer.provider}`);
      if (exactOnOpenRouter(gw, model).length) assert.equal(answer.substitute, null, `${model}: substituted although OpenRouter lists it`);
      if (answer.substitute) assert.ok(answer.substitute.startsWith(`${model} -> `), model);
    }
  });

  test('the seed example gets the real Llama 3.1 405B from Together before any substitute', async () => {
    const answer = await ask(gw, 'meta/llama-3.1-405b');
    assert.equal(answer.status, 200);
    assert.equal(answer.provider, 'together');
    assert.equal(answer.model, 'meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo');
    assert.equal(answer.substitute, null);
  });

  test('with OpenRouter failing, Together serves what it can and nothing hangs', async () => {
    sim.setDefault('openrouter', { status: 500 });
    try {
      let together = 0;
      for (const model of CHAT) {
        const answer = await ask(gw, model);
        if (answer.status === 200) {
          assert.equal(answer.provider, 'together', model);
          together++;
        } else {
          assert.equal(answer.status, 503, `${model}: ${answer.status}`);
          assert.match(answer.body.error!.message, /openrouter/, model);
        }
      }
      assert.ok(together >= CHAT.length / 2, `Together served ${together} of ${CHAT.length}`);
    } finally {
      sim.setDefault('openrouter', null);
    }
  });
});

describe('only OPENROUTER_API_KEY, OpenRouter failing', () => {
  test('every request ends in a fast error listing the OpenRouter attempt, never a hang', async () => {
    const gw = await gateway({ OPENROUTER_API_KEY: 'sk-or-v1-failing' }, 'openrouter-failing');
    sim.setDefault('openrouter', { status: 500 });
    try {
      for (const model of CHAT.slice(0, 12)) {
        const answer = await ask(gw, model);
        assert.ok(answer.status === 503 || answer.status === 500, `${model}: ${answer.status}`);
        assert.match(answer.body.error!.message, /openrouter/, model);
      }
    } finally {
      sim.setDefault('openrouter', null);
      await gw.close();
    }
  });
});
