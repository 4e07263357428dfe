import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelay } from '../../src/engine/retry.js';
import { ProviderError } from '../../src/errors/provider-error.js';
import type { ErrorClass } from '../../src/errors/error-class.js';

const policy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000 };
const err = (errorClass: ErrorClass, extra: { retryAfterMs?: number; code?: string } = {}) =>
  new ProviderError({ errorClass, provider: 'p', model: 'm', message: 'x', ...extra });

test('transient failures are retried with full jitter under a doubling ceiling', () => {
  assert.equal(retryDelay(err('transient'), 0, policy, () => 0.5, 10_000), 50);
  assert.equal(retryDelay(err('transient'), 1, policy, () => 0.5, 10_000), 100);
  assert.equal(retryDelay(err('transient'), 1, policy, () => 0.999, 10_000), 199);
});

test('no retry past the retry budget or the deadline', () => {
  assert.equal(retryDelay(err('transient'), 2, policy, () => 0.5, 10_000), undefined);
  assert.equal(retryDelay(err('transient'), 0, policy, () => 0.5, 40), undefined);
});

test('rate limits and every other class move on at once, never retried', () => {
  for (const c of ['rate_limited', 'auth', 'quota', 'model_unavailable', 'unsupported', 'invalid_request', 'context_length'] as ErrorClass[]) {
    assert.equal(retryDelay(err(c), 0, policy, () => 0.5, 10_000), undefined, c);
  }
});

test('a short Retry-After on a transient failure is honoured; a long one means move on', () => {
  assert.equal(retryDelay(err('transient', { retryAfterMs: 300 }), 0, policy, () => 0, 10_000), 300);
  assert.equal(retryDelay(err('transient', { retryAfterMs: 5000 }), 0, policy, () => 0, 10_000), undefined);
});

test('our own deadline or a caller abort is not retried', () => {
  assert.equal(retryDelay(err('transient', { code: 'deadline_exceeded' }), 0, policy, () => 0, 10_000), undefined);
  assert.equal(retryDelay(err('transient', { code: 'aborted' }), 0, policy, () => 0, 10_000), undefined);
});
