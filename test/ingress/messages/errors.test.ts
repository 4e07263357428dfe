/**
 * Failures on /v1/messages in Anthropic's error shape, as the Anthropic SDK raises them: bad input with the field
 * named, an unknown model, no provider left, an upstream refusal, and streams that break after they started.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startSims, envFor, type Sims } from '../../routing/fallback/rig.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { anthropicClient } from './helpers.js';

let sims: Sims;
let gw: RunningGateway;
/** Anthropic as the only keyed provider: its failures have nowhere else to go. */
let solo: RunningGateway;
let client: Anthropic;

before(async () => {
  sims = await startSims();
  gw = await startTestGateway({ env: envFor(sims, ['anthropic', 'openai']), retries: { maxRetries: 0 } });
  solo = await startTestGateway({ env: envFor(sims, ['anthropic']), retries: { maxRetries: 0 } });
  client = anthropicClient(gw.url);
});
after(async () => {
  await gw.close();
  await solo.close();
  await sims.close();
});
beforeEach(() => {
  sims.reset();
  for (const id of ['anthropic', 'openai']) gw.engine.health.reset(id);
  solo.engine.health.reset('anthropic');
});

async function post(path: string, body: string, url = gw.url): Promise<{ status: number; body: { type: string; error: { type: string; message: string }; request_id: string }; headers: Headers }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'caller-key' }, body });
  return { status: response.status, body: await response.json() as never, headers: response.headers };
}

const BAD_INPUT: Array<[string, unknown, string]> = [
  ['max_tokens missing', { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'Hi' }] }, 'max_tokens: Field required'],
  ['no messages', { model: 'claude-haiku-4-5', max_tokens: 10 }, 'messages: Field required'],
  // Given, but of the wrong type: said as such, not as missing.
  ['messages as a string', { model: 'claude-haiku-4-5', max_tokens: 10, messages: 'hi' }, 'messages: Invalid input: expected array'],
  ['max_tokens as a string', { model: 'claude-haiku-4-5', max_tokens: '10', messages: [{ role: 'user', content: 'Hi' }] }, 'max_tokens: Invalid input: expected number'],
  ['a system role inside messages', { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role: '],
  ['an image block without its source', { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image' }] }] }, 'messages.0.content.1.source: Field required'],
  ['a tool_use without input', { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f' }] }] }, 'messages.0.content.0.input: Field required'],
  ['temperature over 1', { model: 'claude-haiku-4-5', max_tokens: 10, temperature: 1.5, messages: [{ role: 'user', content: 'Hi' }] }, 'temperature: '],
  ['a tool without input_schema', { model: 'claude-haiku-4-5', max_tokens: 10, tools: [{ name: 'f' }], messages: [{ role: 'user', content: 'Hi' }] }, 'tools.0.input_schema: Field required'],
  ['thinking enabled without a budget', { model: 'claude-haiku-4-5', max_tokens: 10, thinking: { type: 'enabled' }, messages: [{ role: 'user', content: 'Hi' }] }, 'thinking.budget_tokens: Field required'],
];

for (const [name, body, message] of BAD_INPUT) {
  test(`bad input, ${name}: 400 invalid_request_error naming the field, nothing sent upstream`, async () => {
    const got = await post('/v1/messages', JSON.stringify(body));
    assert.equal(got.status, 400);
    assert.equal(got.body.type, 'error');
    assert.equal(got.body.error.type, 'invalid_request_error');
    assert.ok(got.body.error.message.startsWith(message), `"${got.body.error.message}" starts with "${message}"`);
    assert.ok(got.body.request_id);
    assert.equal(sims.get('anthropic').count() + sims.get('openai').count(), 0);
  });
}

test('bad input through the SDK: a BadRequestError whose body names the field', async () => {
  await assert.rejects(
    client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 0, messages: [{ role: 'user', content: 'Hi' }] }),
    (error: unknown) => {
      assert.ok(error instanceof Anthropic.BadRequestError);
      assert.equal(error.status, 400);
      assert.equal((error.error as { error: { type: string } }).error.type, 'invalid_request_error');
      assert.match(error.message, /max_tokens: /);
      return true;
    },
  );
});

test('a body that is not JSON: 400 invalid_request_error', async () => {
  const got = await post('/v1/messages', '{"model":');
  assert.equal(got.status, 400);
  assert.equal(got.body.error.type, 'invalid_request_error');
  assert.match(got.body.error.message, /not valid JSON/);
});

test('count_tokens with bad input names the field too', async () => {
  const got = await post('/v1/messages/count_tokens', JSON.stringify({ model: 'claude-haiku-4-5', messages: [{ role: 'user' }] }));
  assert.equal(got.status, 400);
  assert.equal(got.body.error.message, 'messages.0.content: Field required');
});

test('an unknown model: 404 not_found_error (NotFoundError in the SDK)', async () => {
  await assert.rejects(client.messages.create({ model: 'nobody/no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
    assert.ok(error instanceof Anthropic.NotFoundError);
    assert.equal((error.error as { error: { type: string } }).error.type, 'not_found_error');
    return true;
  });
});

test('all providers down: 503 in Anthropic\'s shape (api_error, InternalServerError in the SDK)', async () => {
  sims.get('anthropic').setDefault({ status: 500 });
  sims.get('openai').setDefault({ status: 500 });
  await assert.rejects(client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
    assert.ok(error instanceof Anthropic.InternalServerError, String(error));
    const body = error.error as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'api_error');
    assert.match(body.error.message, /anthropic/);
    return true;
  });
});

test('no provider left: the upstream failure in Anthropic\'s shape, no key in it', async () => {
  sims.get('anthropic').setDefault({ status: 401 });
  const got = await post('/v1/messages', JSON.stringify({ model: 'anthropic/claude-haiku-4-5-20251001', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }), solo.url);
  assert.equal(got.status, 401);
  assert.equal(got.body.type, 'error');
  assert.equal(got.body.error.type, 'authentication_error');
  assert.ok(!JSON.stringify(got.body).includes('k-anthropic-test'), 'the provider key is not in the error');
});

test('Anthropic refuses the request (400): its reason reaches the caller as invalid_request_error', async () => {
  // An unknown top-level field passes the gateway (Anthropic may know fields it does not) and Anthropic refuses it.
  const got = await post('/v1/messages', JSON.stringify({ model: 'anthropic/claude-haiku-4-5-20251001', max_tokens: 10, bogus_field: 1, messages: [{ role: 'user', content: 'Hi' }] }), solo.url);
  assert.equal(got.status, 400);
  assert.equal(got.body.error.type, 'invalid_request_error');
  assert.match(got.body.error.message, /bogus_field: Extra inputs are not permitted/);
});

for (const [name, model, sim] of [['Anthropic (pass-through)', 'anthropic/claude-haiku-4-5-20251001', 'anthropic'], ['OpenAI (translated)', 'openai/gpt-4o-mini', 'openai']] as const) {
  test(`a stream from ${name} cut after it started: the SDK raises the error event`, async () => {
    sims.get(sim).setDefault({ cutAfterChunks: 3 });
    // A cut translated stream goes on at the next candidate (Anthropic; test/engine/continuation/): cut there too, nothing can save it.
    if (sim === 'openai') sims.get('anthropic').setDefault({ cutAfterChunks: 3 });
    const stream = client.messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Tell me a long story about a lighthouse keeper' }] });
    const seen: string[] = [];
    stream.on('streamEvent', (event) => seen.push(event.type));
    await assert.rejects(stream.finalMessage(), (error: unknown) => {
      assert.ok(error instanceof Anthropic.APIError, String(error));
      assert.equal((error.error as { error: { type: string } }).error.type, 'api_error');
      assert.match(error.message, /cut off/);
      return true;
    });
    assert.equal(seen[0], 'message_start', 'the stream had started');
    assert.ok(!seen.includes('message_stop'), 'no message_stop: the answer is not taken as complete');
  });
}

test('Anthropic\'s server tools with no Anthropic key: the error says only Anthropic can run them', async () => {
  const gw2 = await startTestGateway({ env: envFor(sims, ['openai']) });
  try {
    const got = await post('/v1/messages', JSON.stringify({
      model: 'claude-haiku-4-5', max_tokens: 10, tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'news' }],
    }), gw2.url);
    assert.equal(got.status, 503);
    assert.equal(got.body.type, 'error');
    assert.match(got.body.error.message, /Only Anthropic can serve this request \(tools\.0 is Anthropic's web_search_20250305 tool\)/);
    assert.equal(sims.get('openai').count(), 0, 'nothing was sent to a provider that cannot run the tool');
  } finally {
    await gw2.close();
  }
});
