/**
 * The Anthropic simulator's token count (POST /v1/messages/count_tokens), read by the official SDK's
 * `messages.countTokens`: the count a message would report, the endpoint's own checks and errors.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../simulators/anthropic/index.js';
import { MODEL, words } from './anthropic-helpers.js';

let sim: AnthropicSimulator;
let client: Anthropic;
before(async () => {
  sim = await startAnthropicSimulator();
  client = new Anthropic({ apiKey: 'sk-ant-sim', baseURL: sim.baseUrl, maxRetries: 0, logLevel: 'off' });
});
after(async () => {
  await sim.close();
});

const SYSTEM = 'You are terse';
const USER = 'How many words are in this question';
const TOOLS: Anthropic.Tool[] = [{ name: 'lookup', input_schema: { type: 'object', properties: {} } }];

test('countTokens: the input count a message reports, system and tool results included', async () => {
  const messages: Anthropic.MessageParam[] = [
    { role: 'user', content: USER },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'seven words' }] },
  ];
  const { data, request_id } = await client.messages.countTokens({ model: MODEL, system: SYSTEM, tools: TOOLS, messages }).withResponse();
  assert.deepEqual(data, { input_tokens: words(SYSTEM) + words(USER) + words('seven words') });
  assert.match(request_id ?? '', /^req_/);
  const created = await client.messages.create({ model: MODEL, system: SYSTEM, tools: TOOLS, messages, max_tokens: 50 });
  assert.equal(created.usage.input_tokens, data.input_tokens);
});

test('countTokens refuses what a count does not take (max_tokens) and checks the messages like a create', async () => {
  await assert.rejects(
    client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: USER }], max_tokens: 5 } as Anthropic.MessageCountTokensParams),
    (error: unknown) => error instanceof Anthropic.BadRequestError && /max_tokens: Extra inputs are not permitted/.test(error.message),
  );
  await assert.rejects(
    client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: '' }] }),
    (error: unknown) => error instanceof Anthropic.BadRequestError,
  );
});

test('countTokens needs a key and knows the models', async () => {
  const keyless = new Anthropic({ apiKey: 'bad-key', baseURL: sim.baseUrl, maxRetries: 0, logLevel: 'off' });
  await assert.rejects(keyless.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: USER }] }), Anthropic.AuthenticationError);
  await assert.rejects(client.messages.countTokens({ model: 'claude-does-not-exist', messages: [{ role: 'user', content: USER }] }), Anthropic.NotFoundError);
});
