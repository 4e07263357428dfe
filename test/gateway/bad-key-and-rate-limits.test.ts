/**
 * Errors that cost nothing twice (issue 9): Perplexity's and AI21's bad-key 400s are read from their bodies as `auth`
 * (which opens the breaker for the key, like xAI's), while their other 400s stay request errors; and when every
 * attempt was rate-limited the answer is a 429 with the soonest Retry-After among them, not a 503.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHttpError } from '../../src/errors/classify.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import { finalError } from '../../src/engine/final-error.js';
import { ProviderError } from '../../src/errors/provider-error.js';
import type { Route } from '../../src/routing/route.js';

const hints = (id: string) => ({ badKeyAs400: PROVIDERS.find((p) => p.id === id)!.quirks?.badKeyAs400 });
const classify = (id: string, body: unknown) => classifyHttpError(400, {}, JSON.stringify(body), id, 'm', 0, hints(id)).errorClass;

test('Perplexity and AI21: a 400 that says the key is bad is auth; any other 400 is the request\'s fault', () => {
  // Body shapes as reported in issue 9 (unconfirmed against a live account): OpenAI-style for Perplexity, `detail` for AI21.
  assert.equal(classify('perplexity', { error: { message: 'Invalid API key provided. Check your API key.', type: 'invalid_api_key', code: 400 } }), 'auth');
  assert.equal(classify('ai21', { detail: 'Bad or missing API token.' }), 'auth');
  assert.equal(classify('perplexity', { error: { message: "Invalid model 'x'. Permitted models can be found in the documentation.", type: 'invalid_model', code: 400 } }), 'invalid_request');
  assert.equal(classify('ai21', { detail: 'messages: field required' }), 'invalid_request');
  // Providers without the rule keep a 400 mentioning a key as the request's fault (it may be a parameter named so).
  assert.equal(classify('mistral', { message: 'api_key parameter is not allowed', type: 'invalid_request_error' }), 'invalid_request');
});

const route: Route = { requested: 'meta/llama-3.3-70b', targets: [], skipped: [] };
const limited = (provider: string, model: string, retryAfterMs?: number) =>
  new ProviderError({ errorClass: 'rate_limited', provider, model, message: 'slow down', status: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
const attempt = (provider: string, model: string) => ({ provider, model, level: 2 as const, ok: false, errorClass: 'rate_limited' as const, status: 429, durationMs: 1 });

test('every attempt rate-limited: a 429 with the smallest Retry-After among them', () => {
  const errors = [limited('openrouter', 'a:free', 30_000), limited('openrouter', 'a', 4_200), limited('together', 'b', 12_000)];
  const error = finalError(route, [attempt('openrouter', 'a:free'), attempt('openrouter', 'a'), attempt('together', 'b')], errors, (t) => t);
  assert.equal(error.status, 429);
  assert.equal(error.details?.provider, null);
  assert.equal(error.headers?.['retry-after'], '5');
  assert.match(error.message, /openrouter, together/);
  // One provider, several of its models: its own answer, with the soonest wait.
  const one = finalError(route, [attempt('openai', 'a'), attempt('openai', 'b')], [limited('openai', 'a', 9_000), limited('openai', 'b', 2_000)], (t) => t);
  assert.equal(one.status, 429);
  assert.equal(one.details?.provider, 'openai');
  assert.equal(one.headers?.['retry-after'], '2');
  assert.match(one.message, /^openai answered 429: slow down/);
});

test('a rate limit beside another failure is still a 503 listing both', () => {
  const errors = [limited('openrouter', 'a', 4_000), new ProviderError({ errorClass: 'transient', provider: 'together', model: 'b', message: 'down', status: 500 })];
  const error = finalError(route, [attempt('openrouter', 'a'), { ...attempt('together', 'b'), errorClass: 'transient', status: 500 }], errors, (t) => t);
  assert.equal(error.status, 503);
});
