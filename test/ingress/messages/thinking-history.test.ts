/**
 * Reasoning from another provider comes back as `thinking` blocks with an empty signature; the Anthropic SDK keeps
 * them in the conversation and sends them back. When the next turn is served by Anthropic (another route, or a
 * fallback), Anthropic refuses unsigned thinking and, with thinking on, an open tool-use cycle whose assistant turn
 * does not start with thinking (the simulator applies both rules). The gateway removes the unsigned blocks, and
 * turns thinking off for the one request that finishes such a cycle. Blocks Anthropic signed go as they came.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { startSims, envFor, type Sims } from '../../routing/fallback/rig.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { anthropicClient, streamed, textOf, toolUseOf, WEATHER } from './helpers.js';

/** Claude through OpenRouter, asked to think: OpenRouter's answer carries `reasoning` text without a signature. */
const REASONER = 'claude-haiku-4-5';
const THINK = { type: 'enabled' as const, budget_tokens: 2048 };
const CLAUDE = 'claude-haiku-4-5';

let sims: Sims;
let anthropic: AnthropicSimulator;
let elsewhere: Anthropic;
let atAnthropic: Anthropic;
const gateways: RunningGateway[] = [];

before(async () => {
  sims = await startSims();
  anthropic = await startAnthropicSimulator();
  const first = await startTestGateway({ env: envFor(sims, ['openrouter']), retries: { maxRetries: 0 } });
  const second = await startTestGateway({ env: { ANTHROPIC_API_KEY: 'sk-ant-provider-key', ANTHROPIC_BASE_URL: anthropic.baseUrl }, retries: { maxRetries: 0 } });
  gateways.push(first, second);
  elsewhere = anthropicClient(first.url);
  atAnthropic = anthropicClient(second.url);
});
after(async () => {
  await Promise.all(gateways.map((gw) => gw.close()));
  await anthropic.close();
  await sims.close();
});
beforeEach(() => anthropic.reset());

function lastAtAnthropic(): Record<string, unknown> {
  const found = anthropic.requests().filter((r) => r.path === '/v1/messages').at(-1);
  assert.ok(found, 'Anthropic got the request');
  return JSON.parse(found.raw ?? '') as Record<string, unknown>;
}

function thinkingBlocks(body: Record<string, unknown>): Array<Record<string, unknown>> {
  return (body.messages as Array<{ content: unknown }>).flatMap((m) => (Array.isArray(m.content) ? m.content as Array<Record<string, unknown>> : []))
    .filter((b) => b.type === 'thinking');
}

test('another provider\'s reasoning is a thinking block with an empty signature, as the SDK types it', async () => {
  const message = await elsewhere.messages.create({ model: REASONER, max_tokens: 4096, thinking: THINK, messages: [{ role: 'user', content: 'Why is the sky blue' }] });
  const thinking = message.content.find((b): b is Anthropic.ThinkingBlock => b.type === 'thinking');
  assert.ok(thinking, `the reasoning came back as a thinking block: ${JSON.stringify(message)}`);
  assert.equal(thinking.signature, '');
});

test('a tool cycle begun elsewhere finishes at Anthropic with thinking on: unsigned thinking removed, thinking off for that request', async () => {
  const ask: Anthropic.MessageParam = { role: 'user', content: 'Weather in Oslo' };
  const first = await elsewhere.messages.create({ model: REASONER, max_tokens: 4096, thinking: THINK, tools: [WEATHER], messages: [ask] });
  assert.equal(first.content[0]?.type, 'thinking');
  const call = toolUseOf(first);
  // The conversation as the SDK's users keep it: the assistant's content as it came, then the tool's answer.
  const history: Anthropic.MessageParam[] = [
    ask,
    { role: 'assistant', content: first.content },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Sunny, 21 C' }] },
  ];
  const { data, response } = await atAnthropic.messages.create({
    model: CLAUDE, max_tokens: 4096, thinking: THINK, tools: [WEATHER], messages: history,
  }).withResponse();
  assert.equal(response.headers.get('x-wai-provider'), 'anthropic');
  assert.ok(textOf(data).length > 0);

  const sent = lastAtAnthropic();
  assert.deepEqual(thinkingBlocks(sent), [], 'no unsigned thinking reached Anthropic');
  assert.equal(sent.thinking, undefined, 'thinking off for the request that finishes the cycle');
  const assistant = (sent.messages as Array<{ role: string; content: Array<{ type: string }> }>)[1]!;
  assert.deepEqual(assistant.content.map((b) => b.type), ['tool_use'], 'the rest of the turn went as it was');
});

test('streamed elsewhere, next user turn at Anthropic: the unsigned block is removed and thinking stays on', async () => {
  const ask: Anthropic.MessageParam = { role: 'user', content: 'Why is the sky blue' };
  const { message: first } = await streamed(elsewhere, { model: REASONER, max_tokens: 4096, thinking: THINK, messages: [ask] });
  const unsigned = first.content.find((b): b is Anthropic.ThinkingBlock => b.type === 'thinking');
  assert.equal(unsigned?.signature, '', 'the stream\'s thinking block has no signature');
  const { message } = await streamed(atAnthropic, {
    model: CLAUDE, max_tokens: 4096, thinking: THINK,
    messages: [ask, { role: 'assistant', content: first.content }, { role: 'user', content: 'And at sunset?' }],
  });
  const signed = message.content.find((b): b is Anthropic.ThinkingBlock => b.type === 'thinking');
  assert.ok(signed && signed.signature.length > 0, 'Anthropic thought, and signed it');
  const sent = lastAtAnthropic();
  assert.deepEqual(thinkingBlocks(sent), []);
  assert.deepEqual(sent.thinking, { type: 'enabled', budget_tokens: 2048 });
});

test('thinking Anthropic signed goes back as it came: the body is the caller\'s bytes', async () => {
  const ask: Anthropic.MessageParam = { role: 'user', content: 'Weather in Oslo' };
  const params = { model: CLAUDE, max_tokens: 4096, thinking: { type: 'enabled' as const, budget_tokens: 2048 }, tools: [WEATHER] };
  const first = await atAnthropic.messages.create({ ...params, messages: [ask] });
  assert.equal(first.content[0]?.type, 'thinking');
  const call = toolUseOf(first);
  const messages: Anthropic.MessageParam[] = [ask, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Sunny' }] }];
  const body = JSON.stringify({ ...params, model: 'claude-haiku-4-5-20251001', messages });
  const response = await fetch(`${gateways[1]!.url}/v1/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'caller-key', 'anthropic-version': '2023-06-01' }, body,
  });
  assert.equal(response.status, 200, await response.clone().text());
  const found = anthropic.requests().filter((r) => r.path === '/v1/messages').at(-1)!;
  assert.equal(found.raw, body);
});
