/**
 * Breaker rules from docs/architecture.md, end to end over the simulators, with the gateway's DEFAULT health policy:
 * - a rejected key keeps the provider off for the auth cool-down ("provider off until its key changes or a long
 *   cool-down ends"), a missing model for the model-unavailable cool-down, not for the transient cap;
 * - "then lets one probe through. While open, no traffic is sent there": a failed probe (or a failure that opens
 *   the breaker mid-request) is not followed by retries against the now-open breaker;
 * - streaming: "after [the first content event], the gateway continues the answer on the next level where it can".
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { SkewedClock } from '../../helpers/manual-clock.js';
import { gatewayFor, servedBy, startSims, type Sims } from './rig.js';

const TIMEOUTS = { firstByteMs: 2_000, idleMs: 2_000, attemptMs: 3_000, deadlineMs: 8_000 };
const MODEL = 'xai/grok-4';

let sims: Sims;
before(async () => { sims = await startSims(); });
after(async () => { await sims.close(); });

async function withGateway(run: (client: OpenAI, clock: SkewedClock, health: { [k: string]: number }) => Promise<void>, retries = { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 50 }) {
  sims.reset();
  const clock = new SkewedClock();
  const { gw, client } = await gatewayFor(sims, ['xai', 'openrouter', 'anthropic'], { clock, timeouts: TIMEOUTS, retries });
  try {
    await run(client, clock, gw.config.health as unknown as { [k: string]: number });
  } finally {
    await gw.close();
  }
}

const ask = async (client: OpenAI) => {
  const { response } = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi there' }] }).withResponse();
  return servedBy(response.headers);
};

const LONG_COOLDOWNS = [
  [401, 'auth', 'authCooldownMs'],
  [402, 'quota', 'quotaCooldownMs'],
  [404, 'model_unavailable', 'modelUnavailableCooldownMs'],
  [405, 'unsupported', 'unsupportedCooldownMs'],
] as const;

for (const [status, errorClass, cooldown] of LONG_COOLDOWNS) {
  test(`default policy: after a ${status} (${errorClass}) the provider stays off for ${cooldown}, not just maxCooldownMs`, async () => {
    await withGateway(async (client, clock, health) => {
      const xai = sims.get('xai');
      xai.setDefault({ status });
      assert.equal((await ask(client)).provider, 'openrouter');
      assert.equal(xai.count(), 1);
      assert.ok(health[cooldown]! > health.maxCooldownMs!, `${cooldown} (${health[cooldown]}) is longer than maxCooldownMs (${health.maxCooldownMs})`);
      // Past the transient cap but well inside the class's own cool-down: still off.
      clock.skip(health.maxCooldownMs! + 60_000);
      assert.equal((await ask(client)).provider, 'openrouter');
      assert.equal(xai.count(), 1, `no request to xAI ${(health.maxCooldownMs! + 60_000) / 60_000} min after its ${status}: the ${cooldown} is ${health[cooldown]! / 60_000} min`);
      clock.skip(health[cooldown]! - health.maxCooldownMs!);
      await ask(client);
      assert.equal(xai.count(), 2, 'one probe once the cool-down has passed');
    });
  });
}

test('a failed probe is the only request: no retries go to the breaker it re-opened', async () => {
  await withGateway(async (client, clock, health) => {
    const xai = sims.get('xai');
    xai.setDefault({ status: 500 });
    const first = await ask(client);
    assert.deepEqual([first.provider, first.attempts], ['openrouter', 4]);
    assert.equal(xai.count(), 3, 'three tries (two retries) open the breaker');
    clock.skip(health.transientCooldownMs! + 1_000);
    const probe = await ask(client);
    assert.equal(probe.provider, 'openrouter');
    assert.equal(xai.count(), 4, 'exactly one probe reached xAI; its failure re-opened the breaker, so no retry followed');
    assert.equal(probe.attempts, 2, 'the probe and the primary');
  });
});

test('retries stop once the failures themselves have opened the breaker (maxRetries above consecutiveFailures)', async () => {
  await withGateway(async (client, _clock, health) => {
    const xai = sims.get('xai');
    xai.setDefault({ status: 503 });
    const first = await ask(client);
    assert.equal(first.provider, 'openrouter');
    assert.equal(xai.count(), health.consecutiveFailures, `the breaker opens after ${health.consecutiveFailures} failures; nothing is sent to it after that`);
  }, { maxRetries: 5, baseDelayMs: 5, maxDelayMs: 20 });
});

test('a stream cut after its first content continues on the next level (docs/architecture.md, Streaming)', async () => {
  sims.reset();
  const { gw, client } = await gatewayFor(sims, ['openrouter', 'together'], { timeouts: TIMEOUTS, retries: { maxRetries: 0 } });
  try {
    sims.get('openrouter').setDefault({ truncate: true });
    const stream = await client.chat.completions.create({ model: 'meta/llama-3.3-70b', messages: [{ role: 'user', content: 'one two three four five six' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.ok(text.length > 0);
    assert.equal(sims.get('together').count(), 1, 'Together continued the answer');
  } finally {
    await gw.close();
  }
});
