/** The SDK's `wai.responses.create`: the same engine in-process, pass-through to OpenAI and translated to Anthropic. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { createWai, GatewayError, type Wai } from '../../../src/index.js';
import { simEnv } from '../../gateway/gw-helpers.js';

let sim: Simulator;
let anthropic: AnthropicSimulator;
let wai: Wai;
before(async () => {
  sim = await startSimulator();
  anthropic = await startAnthropicSimulator();
  wai = createWai({ env: { ...simEnv(sim, ['openai']), ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: anthropic.baseUrl } });
});
after(async () => {
  await wai.close();
  await sim.close();
  await anthropic.close();
});

const USER = 'Name three rivers';
const TOOL = { type: 'function' as const, name: 'lookup', parameters: { type: 'object', properties: { input: { type: 'string' } } } };

for (const [provider, model, upstream] of [['openai', 'openai/gpt-4o', 'gpt-4o'], ['anthropic', 'anthropic/claude-sonnet-4-5-20250929', 'claude-sonnet-4-5-20250929']] as const) {
  describe(`wai.responses.create served by ${provider}`, () => {
    it('a whole response with output_text and how it was served', async () => {
      const r = await wai.responses.create({ model, input: USER });
      assert.equal(r.output_text, `Hello from ${provider} (${upstream}): ${USER}`);
      assert.equal(r.wai.provider, provider);
      assert.equal(r.wai.level, 1);
    });

    it('a stream of parsed events ending in response.completed', async () => {
      const stream = await wai.responses.create({ model, input: USER, stream: true });
      const events = [];
      for await (const event of stream) events.push(event);
      assert.equal(events[0]!.type, 'response.created');
      assert.equal(events.at(-1)!.type, 'response.completed');
      const text = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');
      assert.equal(text, `Hello from ${provider} (${upstream}): ${USER}`);
      assert.equal(stream.wai.provider, provider);
    });

    it('a tool call, then its output through previous_response_id', async () => {
      const first = await wai.responses.create({ model, input: USER, tools: [TOOL] });
      const call = first.output.find((item) => item.type === 'function_call') as { call_id: string } | undefined;
      assert.ok(call);
      const second = await wai.responses.create({ model, previous_response_id: first.id, tools: [TOOL], input: [{ type: 'function_call_output', call_id: call.call_id, output: 'Rhine' }] });
      assert.equal(second.output_text, 'Tool said: Rhine');
    });
  });
}

describe('wai.responses.create: bad input', () => {
  it('is a GatewayError naming the field', async () => {
    await assert.rejects(wai.responses.create({ model: 'openai/gpt-4o', input: [{ role: 'robot', content: 'x' }] } as never), (e: unknown) =>
      GatewayError.is(e) && e.status === 400 && e.param === 'input[0].role');
  });
});
