/**
 * The SDK's `wai.messages.create(...)`: Anthropic's format in-process, on the same engine as /v1/messages.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSims, envFor, type Sims } from '../../routing/fallback/rig.js';
import { createWai, GatewayError, type MessagesStreamEvent, type Wai } from '../../../src/index.js';

let sims: Sims;
let wai: Wai;

before(async () => {
  sims = await startSims();
  wai = createWai({ env: envFor(sims, ['anthropic', 'openai']) });
});
after(async () => {
  await wai.close();
  await sims.close();
});
beforeEach(() => {
  sims.reset();
  for (const id of ['anthropic', 'openai']) wai.engine.health.reset(id);
});

function textOf(events: MessagesStreamEvent[]): string {
  return events.map((e) => {
    const delta = e.delta as { type?: string; text?: string } | undefined;
    return e.type === 'content_block_delta' && delta?.type === 'text_delta' ? delta.text : '';
  }).join('');
}

test('messages.create, whole, served by Anthropic: Anthropic\'s own message, with how it was served', async () => {
  const message = await wai.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Hi there' }] });
  assert.equal(message.wai.provider, 'anthropic');
  assert.equal(message.type, 'message');
  assert.deepEqual(message.content, [{ type: 'text', text: 'Hello from anthropic (claude-haiku-4-5-20251001): Hi there' }]);
  assert.equal(typeof message.usage.cache_read_input_tokens, 'number');
});

test('messages.create, stream, served by Anthropic: its events, betas passed on, pings left out', async () => {
  const stream = await wai.messages.create(
    { model: 'claude-haiku-4-5', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'Stream please' }] },
    { betas: ['fine-grained-tool-streaming-2025-05-14'] },
  );
  const events: MessagesStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  assert.equal(stream.wai.provider, 'anthropic');
  assert.equal(events[0]!.type, 'message_start');
  assert.equal(events.at(-1)!.type, 'message_stop');
  assert.ok(!events.some((e) => e.type === 'ping'));
  assert.equal(textOf(events), 'Hello from anthropic (claude-haiku-4-5-20251001): Stream please');
  const sent = sims.get('anthropic');
  assert.equal(sent.count(), 1);
});

test('messages.create, stream, served by OpenAI: translated events', async () => {
  const stream = await wai.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'Stream please' }] });
  const events: MessagesStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  assert.equal(stream.wai.provider, 'openai');
  assert.deepEqual([events[0]!.type, events.at(-1)!.type], ['message_start', 'message_stop']);
  assert.equal(textOf(events), 'Hello from openai (gpt-4o-mini): Stream please');
});

test('messages.create, Anthropic overloaded: the next provider serves, translated', async () => {
  sims.get('anthropic').setDefault({ status: 529 });
  const message = await wai.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] });
  assert.notEqual(message.wai.provider, 'anthropic');
  assert.equal(message.wai.attempts.length >= 2, true);
  assert.equal(message.type, 'message');
  assert.match((message.content[0] as { text: string }).text, /^Hello from /);
});

test('messages.create, bad input: a GatewayError naming the field', async () => {
  await assert.rejects(wai.messages.create({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'Hi' }] } as never), (error: unknown) => {
    assert.ok(GatewayError.is(error));
    assert.equal(error.status, 400);
    assert.equal(error.param, 'max_tokens');
    return true;
  });
});

test('messages.countTokens: Anthropic counts where the route starts there, the gateway estimates elsewhere', async () => {
  const params = { model: 'claude-haiku-4-5', system: 'You are terse', messages: [{ role: 'user' as const, content: 'one two three four' }] };
  assert.deepEqual(await wai.messages.countTokens(params), { input_tokens: 7, source: 'upstream' });
  assert.deepEqual(await wai.messages.countTokens({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'z'.repeat(40) }] }), { input_tokens: 10, source: 'estimate' });
});
