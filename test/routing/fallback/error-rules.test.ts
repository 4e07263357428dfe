/**
 * The "next step" column of the error-class table in docs/architecture.md, end to end: invalid requests get one more level and
 * then the first such error; no key is a skip, not an attempt; a breaker past its cool-down lets exactly one
 * probe through even when requests arrive together; the 503 says truly why each candidate was left out.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { SkewedClock } from '../../helpers/manual-clock.js';
import { gatewayFor, servedBy, startSims, within, type Sims } from './rig.js';

const TIMEOUTS = { firstByteMs: 2_000, idleMs: 2_000, attemptMs: 3_000, deadlineMs: 8_000 };
const RETRIES = { maxRetries: 0 };
const USER = 'Hi there';

let sims: Sims;
before(async () => { sims = await startSims(); });
after(async () => { await sims.close(); });

async function gateway(keyed: string[], clock?: SkewedClock) {
  sims.reset();
  return gatewayFor(sims, keyed, { timeouts: TIMEOUTS, retries: RETRIES, ...(clock ? { clock } : {}) });
}

const ask = (client: OpenAI, model: string) =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: USER }] }).withResponse();

interface ErrorBody { message: string; code?: string; attempts?: Array<{ provider: string; model: string; level: number; errorClass: string; status?: number }>; skipped?: Array<{ provider: string; upstreamModel: string; level: number; reason: string; detail: string }> }

test('invalid_request: the next level is tried once; when it says so too, the caller gets the first such error', async () => {
  const { gw, client } = await gateway(['xai', 'openrouter', 'anthropic']);
  try {
    sims.get('xai').setDefault({ status: 400 });
    sims.get('openrouter').setDefault({ status: 400 });
    await assert.rejects(ask(client, 'xai/grok-4.3'), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError, String(error));
      assert.equal(error.status, 400, 'the upstream status of the first invalid_request');
      assert.match(error.message, /^400 xai answered 400/, 'the first such error is xAI\'s');
      const body = error.error as ErrorBody;
      assert.deepEqual(body.attempts?.map((a) => [a.provider, a.level, a.errorClass]), [['xai', 1, 'invalid_request'], ['openrouter', 2, 'invalid_request']]);
      return true;
    });
    assert.equal(sims.get('anthropic').count(), 0, 'once every level tried said so, no more levels');
    assert.deepEqual(gw.engine.health.breakers(), [], 'request errors leave health alone');
  } finally {
    await gw.close();
  }
});

test('invalid_request on both OpenRouter variants (one level) still gets its one try at the next level', async () => {
  // meta has no key: level 2 is OpenRouter's free then paid variant, level 3 Together.
  const { gw, client } = await gateway(['openrouter', 'together']);
  try {
    sims.get('openrouter').setDefault({ status: 400 });
    const { response } = await ask(client, 'meta/llama-3.3-70b');
    const got = servedBy(response.headers);
    assert.deepEqual([got.provider, got.level, got.attempts], ['together', 3, 3], 'free 400, paid 400 (both level 2), then level 3 once');
  } catch (error) {
    const body = (error as InstanceType<typeof OpenAI.APIError>).error as ErrorBody | undefined;
    assert.fail(`level 3 was never tried: ${(error as Error).message}; attempts ${JSON.stringify(body?.attempts?.map((a) => [a.provider, a.model, a.level, a.errorClass]))}`);
  } finally {
    await gw.close();
  }
});

test('no key anywhere: a fast 503 with no attempts, every candidate skipped as "no key" naming the variable to set', async () => {
  const { gw, client } = await gateway([]);
  try {
    const started = Date.now();
    await assert.rejects(ask(client, 'xai/grok-4.3'), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError, String(error));
      assert.equal(error.status, 503);
      const body = error.error as ErrorBody;
      assert.equal(body.code, 'no_provider_available');
      assert.deepEqual(body.attempts, []);
      const skipped = body.skipped ?? [];
      assert.deepEqual(skipped.filter((s) => s.level <= 2).map((s) => [s.provider, s.level, s.reason]), [['xai', 1, 'no_key'], ['openrouter', 2, 'no_key']]);
      assert.match(skipped[0]!.detail, /XAI_API_KEY/);
      assert.match(skipped[1]!.detail, /OPENROUTER_API_KEY/);
      return true;
    });
    assert.ok(Date.now() - started < 1_000, 'fast');
    assert.equal(sims.get('xai').count() + sims.get('openrouter').count(), 0);
  } finally {
    await gw.close();
  }
});

test('past its cool-down, a breaker lets exactly one probe through even when requests arrive together', async () => {
  const clock = new SkewedClock();
  const { gw, client } = await gateway(['xai', 'openrouter', 'anthropic'], clock);
  try {
    const xai = sims.get('xai');
    xai.setDefault({ status: 404 });
    await ask(client, 'xai/grok-4.3');
    assert.equal(xai.count(), 1);
    // The probe is slow, so the other requests arrive while it is in flight.
    xai.setDefault({ latencyMs: 300 });
    clock.skip(gw.config.health.modelUnavailableCooldownMs + 1_000);
    const results = await within(10_000, 'five requests at once', Promise.all(Array.from({ length: 5 }, () => ask(client, 'xai/grok-4.3'))));
    const providers = results.map((r) => r.response.headers.get('x-wai-provider')).sort();
    assert.equal(xai.count(), 2, 'one probe');
    assert.deepEqual(providers, ['openrouter', 'openrouter', 'openrouter', 'openrouter', 'xai'], 'the probe serves its own request; the others go to the primary');
  } finally {
    await gw.close();
  }
});

test('the 503 gives the true reason a target was left out: a breaker this request opened is not "another request probing it"', async () => {
  // meta has no key; OpenRouter's free variant answers 401, which turns the whole provider off, so its paid
  // variant is left out; Together fails too.
  const { gw, client } = await gateway(['openrouter', 'together']);
  try {
    sims.get('openrouter').setDefault({ status: 401 });
    sims.get('together').setDefault({ status: 500 });
    await assert.rejects(ask(client, 'meta/llama-3.3-70b'), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError, String(error));
      assert.equal(error.status, 503);
      const body = error.error as ErrorBody;
      assert.deepEqual(body.attempts?.slice(0, 2).map((a) => [a.provider, a.model, a.errorClass]), [
        ['openrouter', 'meta-llama/llama-3.3-70b-instruct:free', 'auth'],
        ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'transient'],
      ]);
      // Then Together's same-class substitutes at the wide level, until its breaker opens (OpenRouter's is open).
      for (const a of body.attempts!.slice(2)) assert.deepEqual([a.provider, a.errorClass], ['together', 'transient']);
      const paid = body.skipped?.find((s) => s.provider === 'openrouter' && s.upstreamModel === 'meta-llama/llama-3.3-70b-instruct');
      assert.ok(paid, 'the paid variant is listed as skipped');
      assert.equal(paid.reason, 'breaker_open');
      assert.doesNotMatch(paid.detail, /another request is probing/, `no other request was in flight; detail: "${paid.detail}"`);
      assert.match(paid.detail, /auth|401/, 'it names what opened the breaker');
      return true;
    });
  } finally {
    await gw.close();
  }
});
