/**
 * The official `openai` client against the running gateway, for every OpenAI-dialect provider through the
 * simulator: text, streams, tools (whole, streamed, round trip), stream usage, JSON mode and images, with
 * the x-wai-* headers on every answer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { GW_CASES, assertServedHeaders, collect, gwClient, modelFor, simEnv, simText, words, type GwCase } from './gw-helpers.js';

let sim: Simulator;
let gw: RunningGateway;
let client: OpenAI;

before(async () => {
  sim = await startSimulator();
  gw = await startTestGateway({ env: simEnv(sim) });
  client = gwClient(gw.url);
});

after(async () => {
  await gw?.close();
  await sim?.close();
});

const SYS = 'You are terse';
const USER = 'What is the weather in Paris today';
const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'system', content: SYS },
  { role: 'user', content: USER },
];
const PROMPT_WORDS = words(SYS) + words(USER);
const TOOLS: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { input: { type: 'string' } } } },
  },
];
const TOOL_ARGS = JSON.stringify({ input: USER });
const TOOL_RESULT = 'Sunny and 21 degrees';

const lastBody = (id: string): any => {
  const all = sim.requests(id);
  assert.ok(all.length > 0, `the simulator received a request for ${id}`);
  return all[all.length - 1]!.body;
};

for (const cs of GW_CASES) {
  const model = `${cs.id}/${cs.model}`;
  const text = simText(cs.id, cs.model, USER);
  const toolModel = `${cs.id}/${modelFor(cs, 'tools')}`;
  const jsonModel = modelFor(cs, 'json');
  const visionModel = modelFor(cs, 'vision');

  describe(`openai client through the gateway: ${cs.id}`, () => {
    it('non-stream text, usage and the x-wai-* headers', async () => {
      const { data, response } = await client.chat.completions.create({ model, messages: MESSAGES }).withResponse();
      assert.equal(data.object, 'chat.completion');
      assert.equal(data.choices[0]!.message.role, 'assistant');
      assert.equal(data.choices[0]!.message.content, text);
      assert.equal(data.choices[0]!.finish_reason, 'stop');
      assert.equal(data.model, cs.model);
      assert.equal(data.usage?.prompt_tokens, PROMPT_WORDS);
      assert.equal(data.usage?.completion_tokens, words(text));
      assert.equal(data.usage?.total_tokens, PROMPT_WORDS + words(text));
      assertServedHeaders(response.headers, cs.id, cs.model);
      assert.equal(lastBody(cs.id).model, cs.model, 'the provider prefix is not sent upstream');
    });

    it('stream: joined deltas equal the simulator text; headers on the stream', async () => {
      const { data: stream, response } = await client.chat.completions.create({ model, messages: MESSAGES, stream: true }).withResponse();
      assertServedHeaders(response.headers, cs.id, cs.model);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const got = await collect(stream);
      assert.equal(got.content, text);
      assert.equal(got.finish, 'stop');
      assert.ok(got.chunks.length >= 3, 'the text came in several chunks');
      for (const chunk of got.chunks) {
        assert.equal(chunk.object, 'chat.completion.chunk');
        for (const choice of chunk.choices) assert.equal(choice.message, undefined, 'no cumulative message in a chunk');
      }
    });

    it('tool call, whole', async () => {
      const { data: r, response } = await client.chat.completions.create({ model: toolModel, messages: MESSAGES, tools: TOOLS }).withResponse();
      assertServedHeaders(response.headers, cs.id, modelFor(cs, 'tools'));
      const choice = r.choices[0]!;
      assert.equal(choice.finish_reason, 'tool_calls');
      const calls = choice.message.tool_calls ?? [];
      assert.equal(calls.length, 1);
      const call = calls[0]!;
      assert.equal(call.type, 'function');
      assert.ok(typeof call.id === 'string' && call.id.length > 0, 'the call has an id');
      assert.ok(call.type === 'function');
      assert.equal(call.function.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.function.arguments), { input: USER });
      assert.equal(r.usage?.completion_tokens, words(TOOL_ARGS));
    });

    it('tool call, streamed', async () => {
      const stream = await client.chat.completions.create({ model: toolModel, messages: MESSAGES, tools: TOOLS, stream: true });
      const got = await collect(stream);
      assert.equal(got.finish, 'tool_calls');
      assert.equal(got.calls.size, 1);
      const call = got.calls.get(0)!;
      assert.ok(call.id, 'the streamed call has an id');
      assert.equal(call.name, 'get_weather');
      assert.equal(call.args, TOOL_ARGS);
    });

    it('tool call, streamed, assembles with the openai SDK stream helper (index and type on the deltas)', async () => {
      const runner = client.chat.completions.stream({ model: toolModel, messages: MESSAGES, tools: TOOLS });
      const final = await runner.finalChatCompletion();
      const call = final.choices[0]!.message.tool_calls?.[0];
      assert.ok(call, 'the final message has the tool call');
      assert.equal(call.type, 'function');
      assert.ok(call.type === 'function' && call.function.name === 'get_weather');
      assert.ok(call.type === 'function' && call.function.arguments === TOOL_ARGS);
    });

    it('tool round trip: the tool result comes back as the answer (whole and streamed)', async () => {
      const first = await client.chat.completions.create({ model: toolModel, messages: MESSAGES, tools: TOOLS });
      const call = first.choices[0]!.message.tool_calls![0]!;
      assert.ok(call.type === 'function');
      const history: OpenAI.Chat.ChatCompletionMessageParam[] = [
        ...MESSAGES,
        { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }] },
        { role: 'tool', tool_call_id: call.id, content: TOOL_RESULT },
      ];
      const second = await client.chat.completions.create({ model: toolModel, messages: history, tools: TOOLS });
      assert.equal(second.choices[0]!.message.content, `Tool said: ${TOOL_RESULT}`);
      assert.equal(second.choices[0]!.finish_reason, 'stop');
      const sent = lastBody(cs.id);
      assert.equal(sent.messages.length, 4);
      assert.equal(sent.messages[3].role, 'tool');
      assert.equal(sent.messages[3].tool_call_id, sent.messages[2].tool_calls[0].id, 'the tool answer names the call it answers');
      const streamed = await collect(await client.chat.completions.create({ model: toolModel, messages: history, tools: TOOLS, stream: true }));
      assert.equal(streamed.content, `Tool said: ${TOOL_RESULT}`);
    });

    it('stream_options.include_usage: the usage chunk arrives with the simulator numbers', async () => {
      const stream = await client.chat.completions.create({ model, messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
      const got = await collect(stream);
      assert.equal(got.content, text);
      assert.ok(got.usage, 'a chunk carried usage');
      assert.equal(got.usage.prompt_tokens, PROMPT_WORDS);
      assert.equal(got.usage.completion_tokens, words(text));
      assert.equal(got.usage.total_tokens, PROMPT_WORDS + words(text));
      if (cs.flagUsage) {
        const last = got.chunks[got.chunks.length - 1];
        assert.deepEqual(last.choices, [], 'the usage arrives in OpenAI\'s usage-only chunk');
      }
      for (const chunk of got.chunks) for (const choice of chunk.choices) assert.equal(choice.usage, undefined, 'usage is not left inside a choice');
    });

    it('no usage-only chunk when the caller did not ask', async () => {
      const got = await collect(await client.chat.completions.create({ model, messages: MESSAGES, stream: true }));
      assert.equal(got.content, text);
      for (const chunk of got.chunks) assert.ok(chunk.choices.length > 0, `no chunk with empty choices: ${JSON.stringify(chunk)}`);
      if (cs.flagUsage) assert.equal(got.usage, undefined, 'a provider that only reports usage when asked shows none');
      const sent = lastBody(cs.id);
      assert.equal(sent.stream, true);
      if (cs.streamUsage === 'request') {
        assert.equal(sent.stream_options?.include_usage, true, 'the gateway asks for usage on its own account');
      } else {
        assert.equal(sent.stream_options, undefined, 'stream_options is not sent to a provider that reports usage anyway');
      }
    });

    it('response_format json_object', async () => {
      const { data: r, response } = await client.chat.completions.create({ model: `${cs.id}/${jsonModel}`, messages: MESSAGES, response_format: { type: 'json_object' } }).withResponse();
      assertServedHeaders(response.headers, cs.id, jsonModel);
      const content = r.choices[0]!.message.content!;
      assert.deepEqual(JSON.parse(content), { answer: simText(cs.id, jsonModel, USER) });
      assert.deepEqual(lastBody(cs.id).response_format, { type: 'json_object' });
    });

    it('an image in a user message', async () => {
      const image = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
      const { data: r, response } = await client.chat.completions.create({
        model: `${cs.id}/${visionModel}`,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe this picture' }, { type: 'image_url', image_url: { url: image, detail: 'low' } }] }],
      }).withResponse();
      assertServedHeaders(response.headers, cs.id, visionModel);
      assert.equal(r.choices[0]!.message.content, `${simText(cs.id, visionModel, 'Describe this picture')} (saw 1 image(s))`);
      const sent = lastBody(cs.id);
      assert.deepEqual(sent.messages[0].content[1], { type: 'image_url', image_url: { url: image, detail: 'low' } }, 'the image part reaches the provider unchanged');
    });
  });
}

describe('the gateway serves every provider from one client', () => {
  it('covers the fifteen OpenAI-dialect providers', () => {
    const ids = GW_CASES.map((c: GwCase) => c.id).sort();
    assert.deepEqual(ids, ['ai21', 'aleph-alpha', 'deepseek', 'fireworks', 'groq', 'huggingface', 'mistral', 'moonshot', 'openai', 'openrouter', 'perplexity', 'sarvam', 'together', 'writer', 'xai']);
  });
});
