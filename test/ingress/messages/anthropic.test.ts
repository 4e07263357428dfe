/**
 * /v1/messages served by Anthropic: the official @anthropic-ai/sdk against the gateway in front of the Anthropic
 * simulator. The body reaches Anthropic as the caller sent it (bytes), with the caller's version and betas and
 * never the caller's key; the answer and the event stream come back as Anthropic sent them.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';

let sim: AnthropicSimulator;
let gw: RunningGateway;
let client: Anthropic;

const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

before(async () => {
  sim = await startAnthropicSimulator();
  gw = await startTestGateway({ env: { ANTHROPIC_API_KEY: 'sk-ant-provider-key', ANTHROPIC_BASE_URL: sim.baseUrl } });
  client = new Anthropic({ apiKey: 'caller-key', baseURL: gw.url, maxRetries: 0 });
});
after(async () => {
  await gw.close();
  await sim.close();
});
beforeEach(() => sim.reset());

/** The last request the simulator got on a path. */
function lastUpstream(path = '/v1/messages') {
  const found = sim.requests().filter((r) => r.path === path).at(-1);
  assert.ok(found, `the simulator got a request on ${path}`);
  return found;
}

test('messages.create: the exact bytes reach Anthropic, the answer comes back as Anthropic sent it', async () => {
  // Written by hand, with spacing and field order no serializer would choose, so a re-encoded body would show.
  const body = '{ "model":"claude-haiku-4-5-20251001",  "max_tokens": 64,\n "system": [{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],'
    + ' "messages": [ {"role":"user","content":[{"type":"text","text":"What is the capital of France","cache_control":{"type":"ephemeral"}}]} ] }';
  const response = await fetch(`${gw.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'caller-key', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'prompt-caching-2024-07-31' },
    body,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-wai-provider'), 'anthropic');
  assert.equal(response.headers.get('x-wai-level'), '1');
  assert.ok(response.headers.get('request-id'));
  const message = await response.json() as Anthropic.Message;
  assert.equal(message.type, 'message');
  assert.match(message.id, /^msg_/);
  assert.equal((message.content[0] as Anthropic.TextBlock).text, 'Hello from anthropic (claude-haiku-4-5-20251001): What is the capital of France');
  assert.equal(typeof message.usage.cache_read_input_tokens, 'number', 'Anthropic\'s own usage shape, untouched');

  const upstream = lastUpstream();
  assert.equal(upstream.raw, body, 'the body went upstream byte for byte');
  assert.equal(upstream.headers['anthropic-beta'], 'prompt-caching-2024-07-31');
  assert.equal(upstream.headers['anthropic-version'], '2023-06-01');
  // The simulator redacts auth headers to '***': present means the provider's key went, and only one auth header.
  assert.equal(upstream.headers['x-api-key'], '***');
  assert.equal(upstream.headers.authorization, undefined, 'the caller\'s credentials never go upstream');
});

test('messages.create with an alias: only the model id is changed in the bytes', async () => {
  const params = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hi' }] };
  const { data: message, response } = await client.messages.create(params).withResponse();
  assert.equal(response.headers.get('x-wai-model'), 'claude-haiku-4-5-20251001');
  assert.equal((message.content[0] as Anthropic.TextBlock).text, 'Hello from anthropic (claude-haiku-4-5-20251001): Say hi');
  assert.equal(lastUpstream().raw, JSON.stringify({ ...params, model: 'claude-haiku-4-5-20251001' }));
  assert.equal(lastUpstream().headers['anthropic-version'], '2026-10-21', 'the SDK\'s own version header, forwarded');
});

test('messages.stream, text: Anthropic\'s events come through, thinking and its signature included', async () => {
  const stream = client.messages.stream({
    model: 'claude-haiku-4-5-20251001', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 },
    messages: [{ role: 'user', content: 'Tell me about Paris' }],
  });
  const events: string[] = [];
  stream.on('streamEvent', (event) => events.push(event.type));
  const message = await stream.finalMessage();
  assert.equal(events[0], 'message_start');
  assert.equal(events.at(-1), 'message_stop');
  const thinking = message.content.find((b) => b.type === 'thinking') as Anthropic.ThinkingBlock;
  assert.equal(thinking.thinking, 'Thinking about: Tell me about Paris');
  assert.ok(thinking.signature.length > 0, 'the signature_delta reached the caller');
  const text = message.content.find((b) => b.type === 'text') as Anthropic.TextBlock;
  assert.equal(text.text, 'Hello from anthropic (claude-haiku-4-5-20251001): Tell me about Paris');
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.output_tokens > 0);
  const upstream = lastUpstream();
  assert.deepEqual((upstream.body as { thinking: unknown }).thinking, { type: 'enabled', budget_tokens: 1024 });
});

test('messages.stream, tool use, then the tool result in a second turn', async () => {
  const first = await client.messages.stream({
    model: 'claude-haiku-4-5-20251001', max_tokens: 256, tools: [WEATHER],
    messages: [{ role: 'user', content: 'Weather in Paris' }],
  }).finalMessage();
  assert.equal(first.stop_reason, 'tool_use');
  const use = first.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
  assert.equal(use.name, 'get_weather');
  assert.deepEqual(use.input, { input: 'Weather in Paris' });

  const second = await client.messages.create({
    model: 'claude-haiku-4-5-20251001', max_tokens: 256, tools: [WEATHER],
    messages: [
      { role: 'user', content: 'Weather in Paris' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'Sunny, 21 C' }] },
    ],
  });
  assert.equal((second.content[0] as Anthropic.TextBlock).text, 'Tool said: Sunny, 21 C');
});

test('countTokens: Anthropic counts, the answer comes back as it is', async () => {
  const params = { model: 'claude-haiku-4-5', system: 'You are terse', messages: [{ role: 'user' as const, content: 'one two three four' }] };
  const { data: count, response } = await client.messages.countTokens(params).withResponse();
  assert.equal(response.headers.get('x-wai-token-count'), 'upstream');
  assert.equal(response.headers.get('x-wai-provider'), 'anthropic');
  // The simulator counts words: 3 of system text, 4 of the message.
  assert.deepEqual(count, { input_tokens: 7 });
  const upstream = lastUpstream('/v1/messages/count_tokens');
  assert.equal(upstream.raw, JSON.stringify({ ...params, model: 'claude-haiku-4-5-20251001' }));
  const created = await client.messages.create({ ...params, max_tokens: 16 });
  assert.equal(created.usage.input_tokens, count.input_tokens, 'the count agrees with what a message reports');
});

test('countTokens when Anthropic is unreachable: the gateway\'s estimate, said so', async () => {
  sim.enqueue({ status: 500 });
  const { data: count, response } = await client.messages.countTokens({
    model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'x'.repeat(400) }],
  }).withResponse();
  assert.equal(response.headers.get('x-wai-token-count'), 'estimate');
  assert.deepEqual(count, { input_tokens: 100 }, 'four characters a token');
});

test('records: /v1/messages requests are logged as operation "messages", with tokens and cost, rejected ones too', async () => {
  const records: RequestRecord[] = [];
  gw.engine.addObserver({ requestFinished: (record) => records.push(record) });
  const params = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Count me in' }] };
  const whole = await client.messages.create(params);
  const streamedMessage = await client.messages.stream(params).finalMessage();
  await assert.rejects(client.messages.create({ ...params, max_tokens: 0 }));
  // Records go out after the answer (a stream's when the server has finished it): wait turns, not time.
  for (let turn = 0; records.length < 3 && turn < 10_000; turn++) await new Promise((resolve) => setImmediate(resolve));
  const [first, second, rejected] = records;
  assert.equal(records.length, 3);
  for (const [record, message, stream] of [[first!, whole, false], [second!, streamedMessage, true]] as const) {
    assert.equal(record.operation, 'messages');
    assert.equal(record.servedProvider, 'anthropic');
    assert.equal(record.stream, stream);
    assert.equal(record.tokensIn, message.usage.input_tokens);
    assert.equal(record.tokensOut, message.usage.output_tokens);
    assert.ok((record.costUsd ?? 0) > 0, 'priced from the catalog');
    assert.equal(record.error, null);
  }
  assert.equal(rejected!.operation, 'messages');
  assert.equal(rejected!.status, 400);
});
