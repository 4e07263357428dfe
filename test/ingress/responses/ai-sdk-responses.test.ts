/**
 * The Vercel AI SDK's default OpenAI model (`openai('…')` calls /v1/responses) against the gateway: generateText,
 * streamText and a tool loop, over an OpenAI upstream (pass-through) and Anthropic and Gemini upstreams (translated).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { UPSTREAMS, startResponsesRig, type ResponsesRig } from './rig.js';

const USER = 'What is the weather in Paris today';

for (const upstream of UPSTREAMS) {
  const text = `Hello from ${upstream.provider} (${upstream.upstreamModel}): ${USER.slice(0, 40)}`;
  describe(`@ai-sdk/openai through the gateway, served by ${upstream.provider}`, () => {
    let rig: ResponsesRig;
    let model: ReturnType<ReturnType<typeof createOpenAI>>;
    before(async () => {
      rig = await startResponsesRig(upstream);
      model = createOpenAI({ baseURL: `${rig.gw.url}/v1`, apiKey: 'x' })(upstream.model);
    });
    after(async () => {
      await rig.close();
    });

    it('generateText', async () => {
      const result = await generateText({ model, prompt: USER });
      assert.equal(result.text, text);
      assert.equal(result.finishReason, 'stop');
      assert.equal(result.usage.outputTokens, text.split(' ').length);
      assert.equal(result.response.headers?.['x-wai-provider'], upstream.provider);
      assert.match(rig.upstreamRequests().at(-1)!.path, upstream.native ? /\/responses$/ : /messages|generateContent/);
    });

    it('streamText', async () => {
      const result = streamText({ model, prompt: USER });
      let streamed = '';
      for await (const delta of result.textStream) streamed += delta;
      assert.equal(streamed, text);
      assert.equal(await result.finishReason, 'stop');
      assert.equal((await result.usage).outputTokens, text.split(' ').length);
    });

    it('a later turn: earlier answers the SDK refers to by item_reference are resolved from the stored responses', async () => {
      const first = await generateText({ model, prompt: USER });
      const second = await generateText({ model, messages: [{ role: 'user', content: USER }, ...first.response.messages, { role: 'user', content: 'And tomorrow' }] });
      assert.equal(second.text, `Hello from ${upstream.provider} (${upstream.upstreamModel}): And tomorrow`);
      const sent = rig.upstreamRequests().at(-1)!.body;
      if (!upstream.native) {
        assert.ok(JSON.stringify(sent).includes(text), 'the first answer went upstream as text');
        assert.ok(!JSON.stringify(sent).includes('item_reference'));
      }
    });

    it('a tool loop: the call, its result sent back, and the final answer', async () => {
      const seen: string[] = [];
      const result = await generateText({
        model,
        prompt: USER,
        tools: {
          get_weather: tool({
            description: 'The weather in a city',
            inputSchema: z.object({ input: z.string() }),
            execute: async ({ input }) => {
              seen.push(input);
              return 'Sunny and 21 degrees';
            },
          }),
        },
        stopWhen: stepCountIs(3),
      });
      assert.deepEqual(seen, [USER]);
      assert.equal(result.steps.length, 2);
      assert.equal(result.text, 'Tool said: Sunny and 21 degrees');
    });

    it('streamText with a tool loop', async () => {
      const result = streamText({
        model,
        prompt: USER,
        tools: { get_weather: tool({ description: 'Weather', inputSchema: z.object({ input: z.string() }), execute: async () => 'Rain' }) },
        stopWhen: stepCountIs(3),
      });
      let streamed = '';
      for await (const delta of result.textStream) streamed += delta;
      assert.equal(streamed, 'Tool said: Rain');
      assert.equal((await result.steps).length, 2);
    });
  });
}
