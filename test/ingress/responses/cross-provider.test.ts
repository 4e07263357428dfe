/**
 * A conversation through previous_response_id that moves between providers: begun on Anthropic (translated) and
 * continued on OpenAI (its own Responses API), and the other way round. The gateway spells the earlier turns out
 * for a provider that did not serve them, without another provider's reasoning state or item ids.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { simEnv } from '../../gateway/gw-helpers.js';

let sim: Simulator;
let anthropic: AnthropicSimulator;
let gw: RunningGateway;
let client: OpenAI;
before(async () => {
  sim = await startSimulator();
  anthropic = await startAnthropicSimulator();
  gw = await startTestGateway({ env: { ...simEnv(sim, ['openai']), ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: anthropic.baseUrl } });
  client = new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0, logLevel: 'off' });
});
after(async () => {
  await gw.close();
  await sim.close();
  await anthropic.close();
});

const CLAUDE = 'anthropic/claude-sonnet-4-5-20250929';

describe('a conversation that changes provider', () => {
  it('begun on Anthropic, continued on OpenAI: the first turn is spelled out, without ids', async () => {
    const first = await client.responses.create({ model: CLAUDE, input: 'Name a river' });
    const second = await client.responses.create({ model: 'openai/gpt-4o', input: 'And a lake', previous_response_id: first.id });
    assert.equal(second.output_text, 'Hello from openai (gpt-4o): And a lake');
    const sent = sim.requests('openai').at(-1)!.body as { input: Array<Record<string, unknown>>; previous_response_id?: string };
    assert.equal(sent.previous_response_id, undefined);
    assert.deepEqual(sent.input, [
      { type: 'message', role: 'user', content: 'Name a river' },
      { type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: first.output_text, annotations: [], logprobs: [] }] },
      { role: 'user', content: 'And a lake' },
    ]);
  });

  it('begun on OpenAI with reasoning, continued on Anthropic: the earlier answer is a message, the reasoning stays behind', async () => {
    const first = await client.responses.create({ model: 'openai/o3', input: 'Name a river', reasoning: { effort: 'low' } });
    assert.ok(first.output.some((item) => item.type === 'reasoning'), 'the first answer had reasoning');
    const second = await client.responses.create({ model: CLAUDE, input: 'And a lake', previous_response_id: first.id });
    assert.equal(second.output_text, `Hello from anthropic (claude-sonnet-4-5-20250929): And a lake`);
    const sent = anthropic.requests().at(-1)!.body as { messages: Array<{ role: string; content: unknown }> };
    assert.deepEqual(sent.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.ok(JSON.stringify(sent.messages[1]).includes(first.output_text));
    assert.ok(!JSON.stringify(sent).includes('Thinking about'), 'no reasoning went to Anthropic');
  });
});
