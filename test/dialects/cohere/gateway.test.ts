/**
 * Cohere through the gateway with the official `openai` client: answers, streams, tools, images, JSON mode,
 * and the wire request the simulator received for each.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startCohereSimulator, type CohereSimulator } from '../../../simulators/cohere/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';

let sim: CohereSimulator;
let gw: RunningGateway;
let client: OpenAI;
before(async () => {
  sim = await startCohereSimulator();
  gw = await startTestGateway({ env: { CO_API_KEY: 'test-key', COHERE_BASE_URL: sim.baseUrl } });
  client = new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 });
});
after(async () => {
  await gw.close();
  await sim.close();
});
beforeEach(() => sim.reset());

const UPSTREAM = 'command-a-03-2025';
const MODEL = `cohere/${UPSTREAM}`;
const SYSTEM = 'You are terse';
const USER = 'What is the weather in Paris today';
const MESSAGES: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM }, { role: 'user', content: USER }];
const TOOLS: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { input: { type: 'string' } } }, strict: true } },
  { type: 'function', function: { name: 'other_tool' } },
];
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const expectedText = (model = UPSTREAM) => `Hello from cohere (${model}): ${USER}`;
const wire = (i = 0) => sim.requests()[i]!.body as Record<string, any>;
type WithReasoning = { reasoning_content?: string };

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  let text = '';
  let reasoning = '';
  let finish: string | null = null;
  const calls = new Map<number, { id?: string; type?: string; name?: string; args: string; firstHasName: boolean }>();
  for await (const chunk of stream) {
    chunks.push(chunk);
    const choice = chunk.choices[0];
    if (!choice) continue;
    const d = choice.delta as typeof choice.delta & WithReasoning;
    text += d.content ?? '';
    reasoning += d.reasoning_content ?? '';
    if (choice.finish_reason) finish = choice.finish_reason;
    for (const tc of d.tool_calls ?? []) {
      const seen = calls.get(tc.index);
      const call = seen ?? { args: '', firstHasName: !!tc.function?.name && !!tc.id };
      call.id ??= tc.id;
      call.type ??= tc.type;
      call.name ??= tc.function?.name;
      call.args += tc.function?.arguments ?? '';
      calls.set(tc.index, call);
    }
  }
  return { chunks, text, reasoning, finish, calls };
}

describe('cohere through the gateway: text', () => {
  it('a whole answer, served headers, and the wire request', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: MODEL, messages: MESSAGES, max_completion_tokens: 64, temperature: 0.4, top_p: 0.9, stop: 'END', seed: 7, user: 'user-1', frequency_penalty: 0.1 })
      .withResponse();
    assert.equal(data.choices[0]!.message.content, expectedText());
    assert.equal(data.choices[0]!.finish_reason, 'stop');
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.model, UPSTREAM);
    assert.equal(data.usage?.prompt_tokens, words(SYSTEM) + words(USER));
    assert.equal(data.usage?.completion_tokens, words(expectedText()));
    assert.equal(data.usage?.total_tokens, words(SYSTEM) + words(USER) + words(expectedText()));
    assert.equal(response.headers.get('x-wai-provider'), 'cohere');
    assert.equal(response.headers.get('x-wai-model'), UPSTREAM);
    assert.equal(response.headers.get('x-wai-level'), '1');
    assert.equal(response.headers.get('x-wai-attempts'), '1');

    const [req] = sim.requests();
    assert.equal(req!.path, '/v2/chat');
    assert.equal(req!.method, 'POST');
    assert.deepEqual(wire(), {
      model: UPSTREAM,
      messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: USER }],
      max_tokens: 64,
      temperature: 0.4,
      p: 0.9,
      seed: 7,
      frequency_penalty: 0.1,
      stop_sequences: ['END'],
    });
  });

  it('OpenAI-range values are brought into Cohere ranges (temperature ≤ 1, 0.01 ≤ p ≤ 0.99, penalties 0–1)', async () => {
    await client.chat.completions.create({ model: MODEL, messages: MESSAGES, temperature: 1.7, top_p: 1, stop: ['a', 'b'], presence_penalty: -1, frequency_penalty: 1.5 });
    assert.equal(wire().temperature, 1);
    assert.equal(wire().p, 0.99);
    assert.equal(wire().presence_penalty, 0);
    assert.equal(wire().frequency_penalty, 1);
    assert.deepEqual(wire().stop_sequences, ['a', 'b']);
  });

  it('a streamed answer joins to the same text; usage only when asked for', async () => {
    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }));
    assert.equal(got.text, expectedText());
    assert.equal(got.finish, 'stop');
    assert.equal(got.chunks[0]!.choices[0]!.delta.role, 'assistant');
    assert.ok(got.chunks.length >= 5);
    assert.ok(got.chunks.every((c) => !c.usage), 'no usage chunk without include_usage');
    assert.equal(wire().stream, true);
    assert.equal(wire().stream_options, undefined);

    const withUsage = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }));
    assert.equal(withUsage.text, expectedText());
    const last = withUsage.chunks.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage?.prompt_tokens, words(SYSTEM) + words(USER));
    assert.equal(last.usage?.completion_tokens, words(expectedText()));
  });

  it('a reasoning model: thinking comes out as reasoning_content, whole and streamed', async () => {
    const model = 'command-a-reasoning-08-2025';
    const r = await client.chat.completions.create({ model: `cohere/${model}`, messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, expectedText(model));
    assert.equal((r.choices[0]!.message as WithReasoning).reasoning_content, `Thinking about: ${USER}`);
    const got = await collect(await client.chat.completions.create({ model: `cohere/${model}`, messages: MESSAGES, stream: true }));
    assert.equal(got.reasoning, `Thinking about: ${USER}`);
    assert.equal(got.text, expectedText(model));
  });

  it('JSON mode: json_schema goes up as json_object with the schema', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const r = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, response_format: { type: 'json_schema', json_schema: { name: 'a', schema } } });
    assert.deepEqual(JSON.parse(r.choices[0]!.message.content!), { answer: expectedText() });
    assert.deepEqual(wire().response_format, { type: 'json_object', json_schema: schema });
    await client.chat.completions.create({ model: MODEL, messages: MESSAGES, response_format: { type: 'json_object' } });
    assert.deepEqual(wire(1).response_format, { type: 'json_object' });
  });

  it('an image input reaches Cohere as an image_url part', async () => {
    const url = 'data:image/png;base64,iVBORw0KGgo=';
    const r = await client.chat.completions.create({
      model: 'cohere/command-a-vision-07-2025',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this' }, { type: 'image_url', image_url: { url, detail: 'low' } }] }],
    });
    assert.equal(r.choices[0]!.message.content, 'Hello from cohere (command-a-vision-07-2025): What is this (saw 1 image(s))');
    assert.deepEqual(wire().messages[0].content, [{ type: 'text', text: 'What is this' }, { type: 'image_url', image_url: { url, detail: 'low' } }]);
  });
});

describe('cohere through the gateway: tools', () => {
  it('a tool-call round trip: call, tool result, final answer', async () => {
    const first = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS });
    const choice = first.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    const call = choice.message.tool_calls![0]!;
    assert.equal(call.type, 'function');
    assert.equal(call.type === 'function' && call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.type === 'function' ? call.function.arguments : ''), { input: USER });
    const plan = (choice.message as WithReasoning).reasoning_content;
    assert.match(plan ?? '', /get_weather/, 'the tool plan comes back as reasoning');
    // Tool schemas: OpenAI's per-tool `strict` is not a Cohere field; a tool without parameters gets an empty schema.
    assert.deepEqual(wire().tools, [
      { type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { input: { type: 'string' } } } } },
      { type: 'function', function: { name: 'other_tool', parameters: { type: 'object', properties: {} } } },
    ]);
    assert.equal(wire().strict_tools, undefined);

    const second = await client.chat.completions.create({
      model: MODEL,
      tools: TOOLS,
      messages: [...MESSAGES, choice.message as OpenAI.ChatCompletionMessageParam, { role: 'tool', tool_call_id: call.id, content: 'sunny, 21C' }],
    });
    assert.equal(second.choices[0]!.message.content, 'Tool said: sunny, 21C');
    assert.equal(second.choices[0]!.finish_reason, 'stop');
    const sent = wire(1).messages;
    assert.deepEqual(sent[2], {
      role: 'assistant',
      tool_calls: [{ id: call.id, type: 'function', function: { name: 'get_weather', arguments: JSON.stringify({ input: USER }) } }],
      tool_plan: plan,
    });
    assert.deepEqual(sent[3], { role: 'tool', tool_call_id: call.id, content: 'sunny, 21C' });
  });

  it('a streamed tool call: index 0, id and name in the first fragment, arguments in pieces', async () => {
    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, stream: true }));
    assert.equal(got.finish, 'tool_calls');
    assert.deepEqual([...got.calls.keys()], [0]);
    const call = got.calls.get(0)!;
    assert.equal(call.firstHasName, true);
    assert.equal(call.type, 'function');
    assert.equal(call.name, 'get_weather');
    assert.match(call.id ?? '', /^get_weather_/);
    assert.deepEqual(JSON.parse(call.args), { input: USER });
    assert.match(got.reasoning, /get_weather/);
    const argPieces = got.chunks.filter((c) => c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments).length;
    assert.ok(argPieces >= 2, `arguments arrive in pieces (${argPieces})`);
  });

  it('tool_choice: required → REQUIRED, none → NONE, a named function → REQUIRED with only that tool', async () => {
    await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: 'required' });
    assert.equal(wire(0).tool_choice, 'REQUIRED');
    const none = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: 'none' });
    assert.equal(wire(1).tool_choice, 'NONE');
    assert.equal(none.choices[0]!.message.content, expectedText());
    const named = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: { type: 'function', function: { name: 'other_tool' } } });
    assert.equal(wire(2).tool_choice, 'REQUIRED');
    assert.deepEqual(wire(2).tools.map((t: any) => t.function.name), ['other_tool']);
    const c = named.choices[0]!.message.tool_calls![0]!;
    assert.equal(c.type === 'function' && c.function.name, 'other_tool');
    await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: 'auto' });
    assert.equal(wire(3).tool_choice, undefined);
  });

  it('strict tools: strict_tools is set when every tool asks for it', async () => {
    const strict = TOOLS.map((t) => (t.type === 'function' ? { ...t, function: { ...t.function, strict: true } } : t));
    await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: strict });
    assert.equal(wire().strict_tools, true);
    assert.ok(wire().tools.every((t: any) => !('strict' in t.function)));
  });
});
