import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.js';
import { BackgroundProber, startBackgroundProber } from '../../src/doctor/background-prober.js';
import { attachObservability } from '../../src/doctor/attach-prober.js';
import type { ProbeResult } from '../../src/doctor/probe.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestGateway } from '../helpers/gateway.js';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startReplicateSimulator, type ReplicateSimulator } from '../../simulators/replicate/index.js';
import { FakeTransport, type Answer } from './fake-transport.js';

const INTERVAL = 60_000;

function rig(env: Record<string, string>, answer: (origin: string, path: string) => Answer) {
  const clock = new ManualClock();
  const transport = new FakeTransport((s) => answer(s.origin, s.path));
  const config = loadConfig({ env, overrides: { probes: { enabled: true, intervalMs: INTERVAL, timeoutMs: 1_000 } } });
  const runtime = new GatewayRuntime({ config, log: pino({ level: 'silent' }), transport, clock });
  const results: ProbeResult[] = [];
  const prober = startBackgroundProber(runtime, { onResult: (r) => results.push(r) });
  /** Moves the clock and lets the round the timer started finish (the fake transport answers in microtasks). */
  const tick = async (ms: number) => {
    clock.advance(ms);
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, transport, runtime, prober, results, tick };
}

const ENV = {
  OPENROUTER_API_KEY: 'k-or-123456', OPENROUTER_BASE_URL: 'http://openrouter.probe.test/api/v1',
  REPLICATE_API_TOKEN: 'r8_bad_123456', REPLICATE_BASE_URL: 'http://replicate.probe.test/v1',
};

describe('background prober (injected clock)', () => {
  it('a 401 opens the provider breaker; the next good probe closes it', async () => {
    let replicateStatus = 401;
    const { runtime, tick, transport, results, prober } = rig(ENV, (origin) =>
      origin.includes('replicate') ? { status: replicateStatus, body: '{"title":"Unauthenticated","detail":"You did not pass a valid authentication token","status":401}' } : { status: 200, body: '{}' });
    await tick(0);
    assert.equal(transport.sent.length, 2, 'first round at once: both keyed providers');
    const blocking = runtime.health.blocking('replicate', 'meta/meta-llama-3.1-405b-instruct');
    assert.ok(blocking, 'replicate is blocked for every model');
    assert.equal(blocking.key, 'p:replicate');
    assert.equal(blocking.state?.reason, 'auth');
    assert.equal(runtime.health.blocking('openrouter', 'x'), undefined);
    assert.deepEqual(results.map((r) => [r.provider, r.ok]).sort(), [['openrouter', true], ['replicate', false]]);

    // Nothing more until the interval has passed.
    await tick(INTERVAL - 1);
    assert.equal(transport.sent.length, 2);
    replicateStatus = 200;
    await tick(1);
    assert.equal(transport.sent.length, 4);
    assert.equal(runtime.health.blocking('replicate', 'meta/meta-llama-3.1-405b-instruct'), undefined, 'a good probe closes it');
    await runtime.close();
    await prober.stop();
  });

  it('transient failures count toward the breaker (three in a row open it); 429s and 404s are not reported', async () => {
    let answer: Answer = { status: 503, body: '{"error":{"message":"overloaded"}}' };
    const { runtime, tick } = rig({ OPENROUTER_API_KEY: 'k-or-123456', OPENROUTER_BASE_URL: 'http://openrouter.probe.test/api/v1' }, () => answer);
    await tick(0);
    await tick(INTERVAL);
    assert.equal(runtime.health.blocking('openrouter', 'some-model'), undefined, 'two transient failures are not enough');
    await tick(INTERVAL);
    assert.equal(runtime.health.blocking('openrouter', 'some-model')?.key, 'p:openrouter');
    await runtime.close();

    answer = { status: 429, body: '{"error":{"message":"slow down"}}' };
    const second = rig({ OPENROUTER_API_KEY: 'k-or-123456', OPENROUTER_BASE_URL: 'http://openrouter.probe.test/api/v1' }, () => answer);
    for (let i = 0; i < 5; i++) await second.tick(i === 0 ? 0 : INTERVAL);
    assert.deepEqual(second.runtime.health.breakers(), [], 'a rate-limited probe says nothing about the provider');
    assert.equal(second.results.length, 5);
    await second.runtime.close();
  });

  it('billed probes (one-token completions) run at most hourly; free ones every interval', async () => {
    const env = { ...ENV, REPLICATE_API_TOKEN: 'r8_good_123456', AWS_BEARER_TOKEN_BEDROCK: 'bedrock-key-123', BEDROCK_BASE_URL: 'http://bedrock.probe.test' };
    const { tick, transport, runtime } = rig(env, () => ({ status: 200, body: '{}' }));
    await tick(0);
    for (let i = 0; i < 10; i++) await tick(INTERVAL);
    assert.equal(transport.to('bedrock').length, 1);
    assert.equal(transport.to('replicate').length, 11);
    for (let i = 0; i < 49; i++) await tick(INTERVAL);
    assert.equal(transport.to('bedrock').length, 1, 'still within the hour');
    await tick(INTERVAL);
    assert.equal(transport.to('bedrock').length, 2, 'an hour after the first');
    assert.equal(transport.to('replicate').length, 61);
    assert.match(transport.to('bedrock')[0]!.path, /\/model\/.+\/converse$/);
    await runtime.close();
  });

  it('stops with the runtime: no timer left, no more probes', async () => {
    const { clock, tick, transport, runtime } = rig(ENV, () => ({ status: 200, body: '{}' }));
    await tick(0);
    assert.equal(clock.pendingTimers, 1, 'the next round is scheduled');
    await runtime.close();
    assert.equal(clock.pendingTimers, 0);
    clock.advance(INTERVAL * 10);
    assert.equal(transport.sent.length, 2);
  });

  it('a close during a round abandons it without feeding health', async () => {
    const clock = new ManualClock();
    const transport = new FakeTransport(() => 'hang');
    const config = loadConfig({ env: ENV, overrides: { probes: { enabled: true, intervalMs: INTERVAL, timeoutMs: 30_000 } } });
    const runtime = new GatewayRuntime({ config, log: pino({ level: 'silent' }), transport, clock });
    const prober = new BackgroundProber(runtime);
    const round = prober.runOnce();
    await new Promise((resolve) => setImmediate(resolve));
    await prober.stop();
    assert.deepEqual(await round, []);
    assert.deepEqual(runtime.health.breakers(), []);
  });
});

describe('background prober in the gateway', () => {
  let sim: Simulator;
  let replicate: ReplicateSimulator;
  after(async () => {
    await sim?.close();
    await replicate?.close();
  });

  it('startGateway starts it when probes are enabled; a 401 opens the breaker and shows on /metrics', async () => {
    sim = await startSimulator();
    replicate = await startReplicateSimulator();
    const gw = await startTestGateway({
      env: {
        OPENROUTER_API_KEY: 'sk-or-v1-bg', OPENROUTER_BASE_URL: sim.baseUrl('openrouter'),
        REPLICATE_API_TOKEN: 'r8_bad_bg', REPLICATE_BASE_URL: replicate.baseUrl,
      },
      probes: { enabled: true, intervalMs: 3_600_000, timeoutMs: 2_000 },
    });
    try {
      const deadline = Date.now() + 5_000;
      while (!gw.runtime.health.blocking('replicate', 'meta/meta-llama-3.1-405b-instruct') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(gw.runtime.health.blocking('replicate', 'meta/meta-llama-3.1-405b-instruct')?.state?.reason, 'auth');
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      assert.match(text, /^wai_provider_breaker_state\{provider="replicate"\} 2$/m);
      assert.match(text, /^wai_provider_breaker_state\{provider="openrouter"\} 0$/m);
      assert.match(text, /^wai_probe_up\{provider="replicate"\} 0$/m);
      assert.match(text, /^wai_probe_up\{provider="openrouter"\} 1$/m);
      assert.match(text, /^wai_probes_total\{provider="replicate",result="auth"\} 1$/m);
      // The account check carried Replicate's token to Replicate, and only there.
      assert.equal(replicate.requests().filter((r) => r.path === '/v1/account').length, 1);
    } finally {
      await gw.close();
    }
  });
});

describe('background probes and config reloads (injected clock)', () => {
  it('a reload turns probes on, and a shorter interval applies to the wait under way', async () => {
    const clock = new ManualClock();
    const transport = new FakeTransport(() => ({ status: 200, body: '{}' }));
    const configWith = (probes: { enabled: boolean; intervalMs: number }) => loadConfig({ env: ENV, overrides: { probes: { ...probes, timeoutMs: 1_000 } } });
    const runtime = new GatewayRuntime({ config: configWith({ enabled: false, intervalMs: INTERVAL }), log: pino({ level: 'silent' }), transport, clock });
    attachObservability(runtime);
    const tick = async (ms: number) => {
      clock.advance(ms);
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    await tick(INTERVAL * 2);
    assert.equal(transport.sent.length, 0, 'off at start: no probes');

    runtime.apply(configWith({ enabled: true, intervalMs: INTERVAL }));
    await runtime.settled();
    await tick(0);
    assert.equal(transport.sent.length, 2, 'turned on by the reload: a round at once');

    // Ten seconds into a one-minute wait, the interval becomes five seconds: the next round comes five seconds on.
    await tick(10_000);
    runtime.apply(configWith({ enabled: true, intervalMs: 5_000 }));
    await runtime.settled();
    await tick(4_999);
    assert.equal(transport.sent.length, 2);
    await tick(1);
    assert.equal(transport.sent.length, 4);

    // Off again: rounds are skipped.
    runtime.apply(configWith({ enabled: false, intervalMs: 5_000 }));
    await runtime.settled();
    await tick(20_000);
    assert.equal(transport.sent.length, 4);
    await runtime.close();
  });
});
