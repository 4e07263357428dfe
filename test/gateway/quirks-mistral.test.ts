/**
 * Mistral's quirks through the gateway: what the simulator received (Mistral's strict schema) and what the
 * OpenAI client got back.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { collect, gwClient, parseSse, postRaw, simEnv, simText } from './gw-helpers.js';

let sim: Simulator;
let gw: RunningGateway;
let client: OpenAI;

const MODEL = 'mistral-large-latest';
const M = `mistral/${MODEL}`;
const USER = 'What is the weather in Paris';
const TOOLS: OpenAI.Chat.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { input: { type: 'string' } } } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
];
const ALNUM9 = /^[a-zA-Z0-9]{9}$/;

before(async () => {
  sim = await startSimulator();
  gw = await startTestGateway({ env: simEnv(sim, ['mistral']) });
  client = gwClient(gw.url);
});

after(async () => {
  await gw?.close();
  await sim?.close();
});

beforeEach(() => sim.reset());

const received = (): any => {
  const all = sim.requests('mistral');
  assert.equal(all.length, 1, 'exactly one request reached Mistral');
  return all[0]!.body;
};

describe('Mistral quirks', () => {
  it('seed is sent as random_seed and max_completion_tokens as max_tokens; user is not sent', async () => {
    const r = await client.chat.completions.create({ model: M, messages: [{ role: 'user', content: USER }], seed: 42, max_completion_tokens: 50, user: 'user-7' });
    assert.equal(r.choices[0]!.message.content, simText('mistral', MODEL, USER));
    const body = received();
    assert.equal(body.random_seed, 42);
    assert.equal(body.max_tokens, 50);
    assert.equal('seed' in body, false);
    assert.equal('max_completion_tokens' in body, false);
    assert.equal('user' in body, false);
  });

  it("the caller's own max_tokens wins over max_completion_tokens", async () => {
    await client.chat.completions.create({ model: M, messages: [{ role: 'user', content: USER }], max_tokens: 10, max_completion_tokens: 99 });
    const body = received();
    assert.equal(body.max_tokens, 10);
    assert.equal('max_completion_tokens' in body, false);
  });

  it('stream_options is not sent, and the stream still ends with usage', async () => {
    const got = await collect(await client.chat.completions.create({ model: M, messages: [{ role: 'user', content: USER }], stream: true, stream_options: { include_usage: true } }));
    assert.equal(got.content, simText('mistral', MODEL, USER));
    const body = received();
    assert.equal(body.stream, true);
    assert.equal('stream_options' in body, false);
    assert.ok(got.usage, 'usage reached the client');
    assert.equal(got.usage.prompt_tokens, 6);
    assert.equal(got.usage.completion_tokens, simText('mistral', MODEL, USER).split(' ').length);
  });

  it("tool_choice 'required' is sent as 'any'", async () => {
    const r = await client.chat.completions.create({ model: M, messages: [{ role: 'user', content: USER }], tools: TOOLS, tool_choice: 'required' });
    assert.equal(received().tool_choice, 'any');
    assert.equal(r.choices[0]!.finish_reason, 'tool_calls');
    assert.equal(r.choices[0]!.message.tool_calls?.length, 1);
  });

  it('a named tool_choice object passes unchanged', async () => {
    const r = await client.chat.completions.create({ model: M, messages: [{ role: 'user', content: USER }], tools: TOOLS, tool_choice: { type: 'function', function: { name: 'get_time' } } });
    assert.deepEqual(received().tool_choice, { type: 'function', function: { name: 'get_time' } });
    const call = r.choices[0]!.message.tool_calls![0]!;
    assert.ok(call.type === 'function' && call.function.name === 'get_time');
  });

  it('tool-call ids in the history are rewritten to 9 alphanumerics, the same in the call and in the answer', async () => {
    const history: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: 'user', content: USER },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_Xy12_abcdefghijklmnop', type: 'function', function: { name: 'get_weather', arguments: '{"input":"Paris"}' } },
          { id: 'toolu_01ABCdefGHIjkl', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          { id: 'abcDEF123', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_Xy12_abcdefghijklmnop', content: 'Sunny' },
      { role: 'tool', tool_call_id: 'toolu_01ABCdefGHIjkl', content: 'Noon' },
      { role: 'tool', tool_call_id: 'abcDEF123', content: 'Still noon' },
    ];
    const r = await client.chat.completions.create({ model: M, messages: history, tools: TOOLS });
    assert.equal(r.choices[0]!.message.content, 'Tool said: Still noon', 'Mistral accepted the history');
    const body = received();
    const callIds: string[] = body.messages[1].tool_calls.map((c: any) => c.id);
    const answerIds: string[] = body.messages.slice(2).map((m: any) => m.tool_call_id);
    for (const id of [...callIds, ...answerIds]) assert.match(id, ALNUM9);
    assert.deepEqual(answerIds, callIds, 'each tool answer carries the id of its call');
    assert.equal(new Set(callIds).size, 3, 'distinct ids stay distinct');
    assert.equal(callIds[2], 'abcDEF123', 'an id Mistral already accepts is kept');

    // The mapping is stable: the same history sends the same ids on the next turn.
    sim.reset();
    await client.chat.completions.create({ model: M, messages: history, tools: TOOLS });
    assert.deepEqual(received().messages[1].tool_calls.map((c: any) => c.id), callIds);
  });

  it('the developer role is sent as system', async () => {
    const r = await client.chat.completions.create({ model: M, messages: [{ role: 'developer', content: 'Be brief' }, { role: 'user', content: USER }] });
    assert.equal(r.choices[0]!.message.content, simText('mistral', MODEL, USER));
    assert.deepEqual(received().messages[0], { role: 'system', content: 'Be brief' });
  });

  it('message fields Mistral rejects are dropped (name on a user turn, reasoning_content and refusal on an assistant turn)', async () => {
    const r = await client.chat.completions.create({
      model: M,
      messages: [
        { role: 'user', content: 'Hi', name: 'ann' },
        { role: 'assistant', content: 'Hello', refusal: null, reasoning_content: 'thinking' } as OpenAI.Chat.ChatCompletionMessageParam,
        { role: 'user', content: USER },
      ],
    });
    assert.equal(r.choices[0]!.message.content, simText('mistral', MODEL, USER));
    const body = received();
    assert.deepEqual(body.messages[0], { role: 'user', content: 'Hi' });
    assert.deepEqual(body.messages[1], { role: 'assistant', content: 'Hello' });
  });

  it("tool calls without `type` come back with type 'function' (whole answer, bytes and client)", async () => {
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: M, messages: [{ role: 'user', content: USER }], tools: TOOLS });
    assert.equal(raw.status, 200);
    assert.equal(raw.json.choices[0].message.tool_calls[0].type, 'function');
    assert.match(raw.json.choices[0].message.tool_calls[0].id, ALNUM9);
    const r = await client.chat.completions.create({ model: M, messages: [{ role: 'user', content: USER }], tools: TOOLS });
    assert.equal(r.choices[0]!.message.tool_calls![0]!.type, 'function');
  });

  it("a streamed tool call gets `index` and type 'function' (OpenAI clients assemble calls by index)", async () => {
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: M, messages: [{ role: 'user', content: USER }], tools: TOOLS, stream: true });
    assert.equal(raw.status, 200);
    const sse = parseSse(raw.text);
    const deltas = sse.data.flatMap((c: any) => c.choices.flatMap((ch: any) => ch.delta?.tool_calls ?? []));
    assert.equal(deltas.length, 1, 'Mistral sends the whole call in one delta');
    assert.equal(deltas[0].index, 0, 'the delta carries index 0');
    assert.equal(deltas[0].type, 'function', "the first fragment of a call says type 'function'");
  });
});
