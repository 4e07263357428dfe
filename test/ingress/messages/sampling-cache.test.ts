/**
 * What a translated /v1/messages request keeps of `top_k` and `cache_control`:
 * - top_k reaches providers whose API has it (Gemini's generationConfig.topK, OpenRouter, Together, Cohere's k)
 *   and is left out where the API would refuse it (OpenAI);
 * - cache_control on system, text and tool_result blocks and on tools reaches OpenRouter (which forwards it to
 *   Anthropic's models) on the parts made from them, and is removed for providers that do not take it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { startSims, envFor, type Sims } from '../../routing/fallback/rig.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { anthropicClient, textOf } from './helpers.js';
import { toChatRequest } from '../../../src/ingress/messages/to-chat-request.js';
import { toGeminiRequest } from '../../../src/dialects/gemini/request.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';

const MARK = { type: 'ephemeral' } as const;
const BASH: Anthropic.Tool = { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } }, cache_control: MARK };

/** A Claude Code-shaped request: cache marks on the system prompt, a tool, the last tool result and a user text. */
function cachedTurn(model: string): Anthropic.MessageCreateParamsNonStreaming {
  // top_k is in Anthropic's API reference; this SDK version's types leave it out.
  const topK = { top_k: 40 } as object;
  return {
    ...topK, model, max_tokens: 200,
    system: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Working directory: /repo', cache_control: MARK }],
    tools: [BASH],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'List the files', cache_control: MARK }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A', name: 'Bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: 'README.md src', cache_control: MARK }] },
    ],
  };
}

let sims: Sims;
const gateways: RunningGateway[] = [];
before(async () => { sims = await startSims(); });
after(async () => {
  await Promise.all(gateways.map((gw) => gw.close()));
  await sims.close();
});

async function sentThrough(provider: string, model: string): Promise<Record<string, unknown>> {
  const gw = await startTestGateway({ env: envFor(sims, [provider]), retries: { maxRetries: 0 } });
  gateways.push(gw);
  const { data, response } = await anthropicClient(gw.url).messages.create(cachedTurn(model)).withResponse();
  assert.equal(response.headers.get('x-wai-provider'), provider);
  assert.equal(textOf(data), 'Tool said: README.md src');
  return sims.openai.requests(provider).at(-1)!.body as Record<string, unknown>;
}

test('OpenRouter serving Claude: top_k and every cache mark arrive, each on the part made from its block', async () => {
  const sent = await sentThrough('openrouter', 'claude-sonnet-4-5');
  assert.equal(sent.top_k, 40);
  const messages = sent.messages as Array<{ role: string; content: unknown }>;
  assert.deepEqual(messages[0], { role: 'system', content: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Working directory: /repo', cache_control: MARK }] });
  assert.deepEqual(messages[1], { role: 'user', content: [{ type: 'text', text: 'List the files', cache_control: MARK }] });
  assert.deepEqual(messages[3], { role: 'tool', tool_call_id: 'toolu_01A', content: [{ type: 'text', text: 'README.md src', cache_control: MARK }] });
  assert.deepEqual((sent.tools as Array<Record<string, unknown>>)[0]!.cache_control, MARK);
});

test('OpenAI: neither top_k nor any cache mark is sent (its API refuses fields it does not know)', async () => {
  const sent = await sentThrough('openai', 'openai/gpt-4o-mini');
  assert.equal(sent.top_k, undefined);
  assert.equal(JSON.stringify(sent).includes('cache_control'), false);
  // The marked texts themselves still go.
  assert.match(JSON.stringify(sent.messages), /Working directory: \/repo/);
});

test('Gemini: top_k becomes generationConfig.topK', () => {
  const { request } = toChatRequest({ model: 'google/gemini-2.5-flash', max_tokens: 50, top_k: 12, messages: [{ role: 'user', content: 'hi' }] }, loadCatalog());
  assert.equal(toGeminiRequest(request, 'gemini-2.5-flash').generationConfig?.topK, 12);
});
