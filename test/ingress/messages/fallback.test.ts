/**
 * /v1/messages down a route with two providers: Anthropic first (pass-through), OpenRouter next (translated).
 * When Anthropic fails before any content, the caller gets OpenRouter's answer in Anthropic's format, whole or
 * streamed, and never a piece of the failed attempt.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { startSims, envFor, type Sims } from '../../routing/fallback/rig.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { anthropicClient, assertEventProtocol, streamed, textOf, toolUseOf, WEATHER } from './helpers.js';

const MODEL = 'claude-haiku-4-5';

let sims: Sims;
let gw: RunningGateway;
let client: Anthropic;

before(async () => {
  sims = await startSims();
  gw = await startTestGateway({ env: envFor(sims, ['anthropic', 'openrouter']), retries: { maxRetries: 0 } });
  client = anthropicClient(gw.url);
});
after(async () => {
  await gw.close();
  await sims.close();
});
beforeEach(() => {
  sims.reset();
  for (const id of ['anthropic', 'openrouter']) gw.engine.health.reset(id);
});

test('both healthy: Anthropic serves at level 1', async () => {
  const { data, response } = await client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
  assert.equal(response.headers.get('x-wai-provider'), 'anthropic');
  assert.equal(textOf(data), 'Hello from anthropic (claude-haiku-4-5-20251001): Hi');
});

test('Anthropic overloaded (529): OpenRouter serves messages.create, in Anthropic\'s format', async () => {
  sims.get('anthropic').setDefault({ status: 529 });
  const { data, response } = await client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
  assert.equal(response.headers.get('x-wai-provider'), 'openrouter');
  assert.equal(response.headers.get('x-wai-attempts'), '2');
  assert.equal(textOf(data), 'Hello from openrouter (anthropic/claude-haiku-4.5): Hi');
  assert.equal(sims.get('anthropic').count(), 1);
});

test('Anthropic\'s stream fails before content: OpenRouter\'s stream, translated, is all the caller sees', async () => {
  // message_start goes out, then an overloaded_error event: nothing of it may reach the caller.
  sims.get('anthropic').setDefault({ streamError: { afterChunks: 1 } });
  const { events, message, headers } = await streamed(client, { model: MODEL, max_tokens: 200, tools: [WEATHER], messages: [{ role: 'user', content: 'Weather in Oslo' }] });
  assert.equal(headers.get('x-wai-provider'), 'openrouter');
  assert.equal(headers.get('x-wai-attempts'), '2');
  assertEventProtocol(events);
  assert.equal(events.filter((e) => e.type === 'message_start').length, 1);
  assert.deepEqual(toolUseOf(message).input, { input: 'Weather in Oslo' });
  assert.equal(message.stop_reason, 'tool_use');
});

test('Anthropic unreachable (reset): OpenRouter streams the text', async () => {
  sims.get('anthropic').setDefault({ reset: true });
  const { events, message, headers } = await streamed(client, { model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Tell me a story' }] });
  assert.equal(headers.get('x-wai-provider'), 'openrouter');
  assertEventProtocol(events);
  assert.equal(textOf(message), 'Hello from openrouter (anthropic/claude-haiku-4.5): Tell me a story');
});
