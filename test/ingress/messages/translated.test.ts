/**
 * /v1/messages served by providers that do not speak Anthropic's format: OpenAI, Gemini and OpenRouter
 * (simulators). The official @anthropic-ai/sdk reads the translated answers and event streams: text, tool use
 * with a second turn, token counts (the gateway's estimate, said so).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { startSims, envFor, type Sims } from '../../routing/fallback/rig.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { anthropicClient, assertEventProtocol, streamed, textOf, toolUseOf, WEATHER } from './helpers.js';

interface Upstream { provider: string; keyed: string[]; model: string; upstreamModel: string }

const UPSTREAMS: Upstream[] = [
  { provider: 'openai', keyed: ['openai'], model: 'openai/gpt-4o-mini', upstreamModel: 'gpt-4o-mini' },
  { provider: 'google', keyed: ['google'], model: 'google/gemini-2.5-flash-lite', upstreamModel: 'gemini-2.5-flash-lite' },
  // Only an OpenRouter key: a Claude model name reaches Claude through OpenRouter.
  { provider: 'openrouter', keyed: ['openrouter'], model: 'claude-haiku-4-5', upstreamModel: 'anthropic/claude-haiku-4.5' },
];

let sims: Sims;
const gateways: RunningGateway[] = [];
before(async () => { sims = await startSims(); });
after(async () => {
  await Promise.all(gateways.map((gw) => gw.close()));
  await sims.close();
});

async function clientFor(keyed: string[]): Promise<Anthropic> {
  const gw = await startTestGateway({ env: envFor(sims, keyed), retries: { maxRetries: 0 } });
  gateways.push(gw);
  return anthropicClient(gw.url);
}

for (const up of UPSTREAMS) {
  const hello = (text: string) => `Hello from ${up.provider} (${up.upstreamModel}): ${text}`;

  test(`${up.provider}: messages.create answers as an Anthropic message`, async () => {
    const client = await clientFor(up.keyed);
    const { data: message, response } = await client.messages.create({
      model: up.model, max_tokens: 100, system: [{ type: 'text', text: 'You are terse.' }],
      messages: [{ role: 'user', content: 'What is the capital of France' }],
    }).withResponse();
    assert.equal(response.headers.get('x-wai-provider'), up.provider);
    assert.equal(response.headers.get('x-wai-model'), up.upstreamModel);
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.match(message.id, /^msg_/);
    assert.equal(textOf(message), hello('What is the capital of France'));
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
  });

  test(`${up.provider}: messages.stream, text, in Anthropic's event order`, async () => {
    const client = await clientFor(up.keyed);
    const { events, message, headers } = await streamed(client, {
      model: up.model, max_tokens: 100, messages: [{ role: 'user', content: 'Tell me about Paris' }],
    });
    assert.equal(headers.get('x-wai-provider'), up.provider);
    assertEventProtocol(events);
    assert.ok(events.some((e) => e.type === 'content_block_delta' && e.delta.type === 'text_delta'));
    assert.equal(textOf(message), hello('Tell me about Paris'));
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.output_tokens > 0);
  });

  test(`${up.provider}: messages.stream, tool use, then the result in a second turn`, async () => {
    const client = await clientFor(up.keyed);
    const { events, message } = await streamed(client, {
      model: up.model, max_tokens: 200, tools: [WEATHER], messages: [{ role: 'user', content: 'Weather in Paris' }],
    });
    assertEventProtocol(events);
    assert.equal(message.stop_reason, 'tool_use');
    const use = toolUseOf(message);
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { input: 'Weather in Paris' }, 'the arguments arrived whole');
    assert.ok(use.id.length > 0);

    const second = await client.messages.create({
      model: up.model, max_tokens: 200, tools: [WEATHER],
      messages: [
        { role: 'user', content: 'Weather in Paris' },
        { role: 'assistant', content: message.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: [{ type: 'text', text: 'Sunny' }] }] },
      ],
    });
    assert.equal(textOf(second), 'Tool said: Sunny');
    assert.equal(second.stop_reason, 'end_turn');
  });

  test(`${up.provider}: countTokens is the gateway's estimate, said so`, async () => {
    const client = await clientFor(up.keyed);
    const { data, response } = await client.messages.countTokens({ model: up.model, messages: [{ role: 'user', content: 'y'.repeat(80) }] }).withResponse();
    assert.equal(response.headers.get('x-wai-token-count'), 'estimate');
    assert.deepEqual(data, { input_tokens: 20 });
  });
}

test('openai: system blocks, images, stop sequences and sampling reach OpenAI translated', async () => {
  const client = await clientFor(['openai']);
  sims.reset();
  const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  // temperature and top_p are API fields this SDK version no longer types; older clients and Claude Code send them.
  const message = await client.messages.create({
    model: 'openai/gpt-4o-mini', max_tokens: 50, temperature: 0.2, top_p: 0.9, stop_sequences: ['###'],
    system: [{ type: 'text', text: 'First rule.' }, { type: 'text', text: 'Second rule.' }],
    metadata: { user_id: 'user-7' },
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } }] }],
  } as Anthropic.MessageCreateParamsNonStreaming);
  assert.equal(textOf(message), 'Hello from openai (gpt-4o-mini): What is this (saw 1 image(s))');
  const sent = sims.openai.requests('openai').at(-1)!.body as Record<string, unknown>;
  assert.deepEqual(sent.messages, [
    { role: 'system', content: 'First rule.\n\nSecond rule.' },
    { role: 'user', content: [{ type: 'text', text: 'What is this' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${pixel}` } }] },
  ]);
  assert.deepEqual([sent.max_tokens, sent.temperature, sent.top_p, sent.stop, sent.user], [50, 0.2, 0.9, ['###'], 'user-7']);
});

test('openrouter only: "claude-sonnet-4-5" (a raw client, as Claude Code sends it) is served through OpenRouter', async () => {
  const gw = await startTestGateway({ env: envFor(sims, ['openrouter']) });
  gateways.push(gw);
  const response = await fetch(`${gw.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'caller-key', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi there' }] }),
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-wai-provider'), 'openrouter');
  assert.equal(response.headers.get('x-wai-model'), 'anthropic/claude-sonnet-4.5');
  const message = await response.json() as Anthropic.Message;
  assert.equal(textOf(message), 'Hello from openrouter (anthropic/claude-sonnet-4.5): Hi there');
});

test('google: thinking becomes Gemini\'s thinking budget, and its thoughts stream back as a thinking block', async () => {
  const client = await clientFor(['google']);
  const { events, message } = await streamed(client, {
    model: 'google/gemini-2.5-flash-lite', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2048 },
    messages: [{ role: 'user', content: 'Why is the sky blue' }],
  });
  assertEventProtocol(events);
  const thinking = message.content.find((b) => b.type === 'thinking') as Anthropic.ThinkingBlock | undefined;
  assert.equal(thinking?.thinking, 'Thinking about: Why is the sky blue');
  assert.equal(textOf(message), 'Hello from google (gemini-2.5-flash-lite): Why is the sky blue');
  assert.ok(events.some((e) => e.type === 'content_block_delta' && e.delta.type === 'thinking_delta'));
});

test('openai: output_config.format (structured output) becomes response_format', async () => {
  const client = await clientFor(['openai']);
  const message = await client.messages.create({
    model: 'openai/gpt-4o-mini', max_tokens: 100,
    output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false } } },
    messages: [{ role: 'user', content: 'Capital of Peru' }],
  });
  assert.deepEqual(JSON.parse(textOf(message)), { answer: 'Hello from openai (gpt-4o-mini): Capital of Peru' });
});

test('openrouter only: a Claude Code-shaped turn (cache marks kept, betas, thinking, input_text results) streams back cleanly', async () => {
  const gw = await startTestGateway({ env: envFor(sims, ['openrouter']) });
  gateways.push(gw);
  sims.reset();
  const body = {
    model: 'claude-sonnet-4-5', max_tokens: 32_000, stream: true, metadata: { user_id: 'user_abc_account_def_session_ghi' },
    thinking: { type: 'enabled', budget_tokens: 31_999 },
    system: [
      { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Working directory: /repo', cache_control: { type: 'ephemeral' } },
    ],
    tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] }, cache_control: { type: 'ephemeral' } }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'List the files' }] },
      { role: 'assistant', content: [
        { type: 'thinking', thinking: 'I should run ls.', signature: 'sig-from-anthropic' },
        { type: 'tool_use', id: 'toolu_01A', name: 'Bash', input: { command: 'ls' } },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'toolu_01A', content: [{ type: 'input_text', text: 'README.md src' }], cache_control: { type: 'ephemeral' } },
      ] },
    ],
  };
  const response = await fetch(`${gw.url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'x-api-key': 'caller-key', 'anthropic-version': '2023-06-01',
      'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
    },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-wai-provider'), 'openrouter');
  const text = await response.text();
  const events = text.split('\n\n').filter(Boolean).map((frame) => JSON.parse(frame.split('\n')[1]!.slice(6)) as Anthropic.MessageStreamEvent);
  assertEventProtocol(events);
  const said = events.map((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : '')).join('');
  assert.equal(said, 'Tool said: README.md src');

  const upstream = sims.openai.requests('openrouter').at(-1)!;
  assert.equal(upstream.headers['anthropic-beta'], undefined, 'betas go to Anthropic only');
  const sent = upstream.body as Record<string, unknown>;
  // OpenRouter forwards cache marks to Claude: the system block's and the tool result's stay on their parts.
  assert.deepEqual((sent.messages as unknown[])[0], { role: 'system', content: [
    { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
    { type: 'text', text: 'Working directory: /repo', cache_control: { type: 'ephemeral' } },
  ] });
  assert.equal(sent.thinking, undefined);
  assert.equal(sent.reasoning_effort, 'high');
  assert.equal(sent.model, 'anthropic/claude-sonnet-4.5');
  assert.deepEqual((sent.messages as unknown[]).slice(2), [
    { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_01A', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }] },
    { role: 'tool', tool_call_id: 'toolu_01A', content: [{ type: 'text', text: 'README.md src', cache_control: { type: 'ephemeral' } }] },
  ]);
});
