import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { RedisHealthStore } from '../../src/health/redis-health-store.js';
import { HealthTracker } from '../../src/health/health-tracker.js';
import { DEFAULT_HEALTH_POLICY } from '../../src/health/health-policy.js';
import { ProviderError } from '../../src/errors/provider-error.js';
import { ManualClock } from '../helpers/manual-clock.js';

const url = process.env.REDIS_URL;
const skip = url ? false : 'REDIS_URL not set';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('a breaker one instance opens is open for another at once, and a reset reaches both', { skip }, async () => {
  const namespace = `wai-test-${randomUUID()}`;
  const clock = new ManualClock();
  const a = await RedisHealthStore.connect(url!, undefined, namespace);
  const b = await RedisHealthStore.connect(url!, undefined, namespace);
  try {
    const first = new HealthTracker(a, clock, DEFAULT_HEALTH_POLICY);
    const second = new HealthTracker(b, clock, DEFAULT_HEALTH_POLICY);
    first.recordFailure('groq', 'm', new ProviderError({ errorClass: 'auth', provider: 'groq', model: 'm', message: 'bad key', status: 401 }));
    await until(() => second.blocking('groq', 'm') !== undefined, 'the other instance to see the open breaker');
    assert.equal(second.acquire('groq', 'm'), false);
    second.reset('groq');
    await until(() => first.blocking('groq', 'm') === undefined, 'the reset to reach the first instance');
  } finally {
    await a.close();
    await b.close();
  }
});

test('an instance that starts later loads the states already in Redis', { skip }, async () => {
  const namespace = `wai-test-${randomUUID()}`;
  const clock = new ManualClock();
  const a = await RedisHealthStore.connect(url!, undefined, namespace);
  try {
    new HealthTracker(a, clock, DEFAULT_HEALTH_POLICY).recordFailure('xai', 'grok-4',
      new ProviderError({ errorClass: 'rate_limited', provider: 'xai', model: 'grok-4', message: 'slow down', status: 429, retryAfterMs: 60_000 }));
    // Writes are sent in order on one connection; a later reader sees them once they are applied.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const b = await RedisHealthStore.connect(url!, undefined, namespace);
    try {
      const late = new HealthTracker(b, clock, DEFAULT_HEALTH_POLICY);
      assert.equal(late.blocking('xai', 'grok-4')?.state?.reason, 'rate_limited');
    } finally {
      await b.close();
    }
  } finally {
    await a.close();
  }
});
