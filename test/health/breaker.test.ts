import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthTracker } from '../../src/health/health-tracker.js';
import { MemoryHealthStore } from '../../src/health/health-store.js';
import { DEFAULT_HEALTH_POLICY } from '../../src/health/health-policy.js';
import { ProviderError } from '../../src/errors/provider-error.js';
import type { ErrorClass } from '../../src/errors/error-class.js';
import { ManualClock } from '../helpers/manual-clock.js';

const policy = { ...DEFAULT_HEALTH_POLICY, consecutiveFailures: 3, transientCooldownMs: 1000, maxCooldownMs: 8000, rateLimitCooldownMs: 5000, authCooldownMs: 60_000, probeTimeoutMs: 30_000 };

function setup() {
  const clock = new ManualClock();
  const health = new HealthTracker(new MemoryHealthStore(), clock, policy);
  return { clock, health };
}

function fail(errorClass: ErrorClass, extra: Partial<{ status: number; retryAfterMs: number }> = {}): ProviderError {
  return new ProviderError({ errorClass, provider: 'groq', model: 'm', message: 'x', ...extra });
}

test('a breaker opens after the configured run of transient failures, not before', () => {
  const { health } = setup();
  health.recordFailure('groq', 'm', fail('transient', { status: 500 }));
  health.recordFailure('groq', 'm', fail('transient', { status: 500 }));
  assert.equal(health.blocking('groq', 'm'), undefined);
  health.recordFailure('groq', 'm', fail('transient', { status: 500 }));
  const blocking = health.blocking('groq', 'm');
  assert.ok(blocking);
  assert.equal(blocking.state?.reason, 'transient');
});

test('open means no traffic until the cool-down, then exactly one probe', () => {
  const { clock, health } = setup();
  for (let i = 0; i < 3; i++) health.recordFailure('groq', 'm', fail('transient'));
  assert.equal(health.acquire('groq', 'm'), false);
  clock.advance(999);
  assert.equal(health.acquire('groq', 'm'), false);
  clock.advance(1);
  assert.equal(health.acquire('groq', 'm'), true, 'the probe goes through');
  assert.equal(health.acquire('groq', 'm'), false, 'a second request waits for the probe');
  health.recordSuccess('groq', 'm', 10);
  assert.equal(health.acquire('groq', 'm'), true);
  assert.equal(health.blocking('groq', 'm'), undefined);
});

test('a failed probe re-opens with a cool-down that doubles, up to the maximum', () => {
  const { clock, health } = setup();
  for (let i = 0; i < 3; i++) health.recordFailure('groq', 'm', fail('transient'));
  const cooldowns: number[] = [];
  for (let round = 0; round < 5; round++) {
    const opened = clock.now();
    const until = health.blocking('groq', 'm')!.state!.openUntil;
    cooldowns.push(until - opened);
    clock.advance(until - opened);
    assert.equal(health.acquire('groq', 'm'), true);
    health.recordFailure('groq', 'm', fail('transient'));
  }
  assert.deepEqual(cooldowns, [1000, 2000, 4000, 8000, 8000]);
});

test('a probe that never reports back frees the slot after the probe timeout', () => {
  const { clock, health } = setup();
  for (let i = 0; i < 3; i++) health.recordFailure('groq', 'm', fail('transient'));
  clock.advance(1000);
  assert.equal(health.acquire('groq', 'm'), true);
  clock.advance(policy.probeTimeoutMs - 1);
  assert.equal(health.acquire('groq', 'm'), false);
  clock.advance(1);
  assert.equal(health.acquire('groq', 'm'), true);
});

test('a rate limit opens the model breaker at once for exactly its Retry-After', () => {
  const { clock, health } = setup();
  health.recordFailure('groq', 'm', fail('rate_limited', { status: 429, retryAfterMs: 2500 }));
  assert.equal(health.acquire('groq', 'm'), false);
  assert.equal(health.acquire('groq', 'other-model'), true, 'other models of the provider are not blocked');
  clock.advance(2499);
  assert.equal(health.acquire('groq', 'm'), false);
  clock.advance(1);
  assert.equal(health.acquire('groq', 'm'), true);
});

test('a rate limit without Retry-After uses the default cool-down', () => {
  const { clock, health } = setup();
  health.recordFailure('groq', 'm', fail('rate_limited', { status: 429 }));
  clock.advance(policy.rateLimitCooldownMs - 1);
  assert.equal(health.acquire('groq', 'm'), false);
  clock.advance(1);
  assert.equal(health.acquire('groq', 'm'), true);
});

test('auth and quota failures block the whole provider for a long cool-down', () => {
  const { clock, health } = setup();
  health.recordFailure('groq', 'm', fail('auth', { status: 401 }));
  assert.equal(health.acquire('groq', 'another'), false);
  assert.equal(health.blocking('groq', 'another')?.key, 'p:groq');
  clock.advance(policy.authCooldownMs);
  assert.equal(health.acquire('groq', 'another'), true);
});

test('a long base cool-down (auth) is not cut down to the growth cap', () => {
  const { clock, health } = setup();
  health.recordFailure('groq', 'm', fail('auth', { status: 401 }));
  assert.ok(policy.authCooldownMs > policy.maxCooldownMs);
  assert.equal(health.blocking('groq', 'm')!.state!.openUntil - clock.now(), policy.authCooldownMs);
});

test('re-cooling never shortens a cool-down already running', () => {
  const { clock, health } = setup();
  health.recordFailure('groq', 'm', fail('rate_limited', { retryAfterMs: 30_000 }));
  const first = health.blocking('groq', 'm')!.state!.openUntil;
  clock.advance(1000);
  health.recordFailure('groq', 'm', fail('rate_limited', { retryAfterMs: 1000 }));
  assert.equal(health.blocking('groq', 'm')!.state!.openUntil, first);
});

test('invalid requests and context-length errors do not touch health', () => {
  const { health } = setup();
  for (let i = 0; i < 10; i++) {
    health.recordFailure('groq', 'm', fail('invalid_request', { status: 400 }));
    health.recordFailure('groq', 'm', fail('context_length', { status: 400 }));
  }
  assert.equal(health.blocking('groq', 'm'), undefined);
  assert.deepEqual(health.breakers(), []);
});

test('the failure-rate rule opens a breaker that never saw three failures in a row', () => {
  const { health } = setup();
  // Failure, success, failure … : never three failures in a row. The rule is judged on each failure.
  for (let i = 0; i < 10; i++) {
    if (i % 2 === 0) health.recordFailure('groq', 'm', fail('transient'));
    else health.recordSuccess('groq', 'm', 5);
  }
  assert.equal(health.blocking('groq', 'm'), undefined, '5 of 10 failed, but the last call succeeded');
  health.recordFailure('groq', 'm', fail('transient'));
  assert.ok(health.blocking('groq', 'm'), '6 of 11 calls failed within the window');
});

test('reset closes every breaker of a provider', () => {
  const { health } = setup();
  health.recordFailure('groq', 'm', fail('auth'));
  health.recordFailure('groq', 'n', fail('model_unavailable', { status: 404 }));
  health.reset('groq');
  assert.equal(health.acquire('groq', 'm'), true);
  assert.equal(health.acquire('groq', 'n'), true);
});
