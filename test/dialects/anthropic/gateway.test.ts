/**
 * Through the gateway with the official `openai` client: `anthropic/<model>` is served by the Anthropic dialect
 * against the simulator. Checks the answers and what the simulator received on the wire.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { startRig, type Rig } from './rig.js';
import { GATEWAY_MODEL, MODEL, collect, words } from './helpers.js';

let rig: Rig;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await rig.close();
});

const SYSTEM = 'You are terse';
const USER = 'What is the weather in Paris today';
const TEXT = `Hello from anthropic (${MODEL}): ${USER}`;
const MESSAGES: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM }, { role: 'user', content: USER }];
const PARAMS = { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] };
const TOOLS: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: PARAMS } }];
const lastWire = () => rig.sim.requests().at(-1)!;
const wireBody = () => lastWire().body as Record<string, unknown>;

describe('anthropic through the gateway: answers', () => {
  it('a text answer, with usage and the x-wai headers', async () => {
    const { data, response } = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES }).withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.choices[0]!.message.content, TEXT);
    assert.equal(data.choices[0]!.finish_reason, 'stop');
    assert.equal(data.model, MODEL);
    assert.match(data.id, /^msg_01/);
    assert.deepEqual(
      [data.usage?.prompt_tokens, data.usage?.completion_tokens, data.usage?.total_tokens],
      [words(SYSTEM) + words(USER), words(TEXT), words(SYSTEM) + words(USER) + words(TEXT)],
    );
    assert.equal(response.headers.get('x-wai-provider'), 'anthropic');
    assert.equal(response.headers.get('x-wai-level'), '1');
    assert.equal(response.headers.get('x-wai-attempts'), '1');
    assert.equal(response.headers.get('x-wai-model'), MODEL);
  });

  it('the wire request: path, headers, top-level system, default max_tokens, no OpenAI-only fields', async () => {
    await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, seed: 3, frequency_penalty: 0.2 });
    const wire = lastWire();
    assert.equal(wire.path, '/v1/messages');
    assert.equal(wire.headers['x-api-key'], '***');
    assert.equal(wire.headers['anthropic-version'], '2023-06-01');
    assert.deepEqual(wire.body, { model: MODEL, messages: [{ role: 'user', content: USER }], max_tokens: 4096, system: SYSTEM });
  });

  it('sampling and limits: max_tokens, stop sequences, temperature, top_p and user reach the wire', async () => {
    const r = await rig.client.chat.completions.create({
      model: GATEWAY_MODEL, messages: MESSAGES, max_tokens: 300, stop: ['Paris', 'END'], temperature: 0.3, top_p: 0.8, user: 'user-17',
    });
    assert.deepEqual(
      [wireBody().max_tokens, wireBody().stop_sequences, wireBody().temperature, wireBody().top_p, wireBody().metadata],
      [300, ['Paris', 'END'], 0.3, 0.8, { user_id: 'user-17' }],
    );
    // The simulator stops at the sequence, as Anthropic does (stop_reason stop_sequence -> finish_reason stop).
    assert.equal(r.choices[0]!.message.content, TEXT.slice(0, TEXT.indexOf('Paris')));
    assert.equal(r.choices[0]!.finish_reason, 'stop');
    const cut = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, max_completion_tokens: 2 });
    assert.equal(wireBody().max_tokens, 2);
    assert.equal(cut.choices[0]!.finish_reason, 'length');
  });

  it('a streamed answer joins to the same text; usage comes with include_usage', async () => {
    const stream = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
    const got = await collect(stream);
    assert.equal(got.content, TEXT);
    assert.equal(got.finish, 'stop');
    assert.equal(got.chunks[0]!.choices[0]!.delta.role, 'assistant');
    assert.ok(got.chunks.length > 4, 'the text arrives in several deltas');
    assert.deepEqual(got.chunks.at(-1)!.choices, []);
    assert.deepEqual([got.usage?.prompt_tokens, got.usage?.completion_tokens], [words(SYSTEM) + words(USER), words(TEXT)]);
    assert.equal(wireBody().stream, true);
    const plain = await collect(await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, stream: true }));
    assert.equal(plain.usage, undefined);
    assert.ok(plain.chunks.every((c) => c.choices.length === 1));
  });

  it('a tool-call round trip: call, tool result, final answer', async () => {
    const first = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: 'auto' });
    assert.deepEqual(wireBody().tools, [{ name: 'get_weather', description: 'Weather for a city', input_schema: PARAMS }]);
    assert.deepEqual(wireBody().tool_choice, { type: 'auto' });
    const call = first.choices[0]!.message.tool_calls?.[0];
    assert.equal(first.choices[0]!.finish_reason, 'tool_calls');
    assert.equal(first.choices[0]!.message.content, null);
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { input: USER });
    assert.match(call.id, /^toolu_/);

    const history: OpenAI.ChatCompletionMessageParam[] = [...MESSAGES, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '18C and sunny' }];
    const second = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: history, tools: TOOLS });
    assert.equal(second.choices[0]!.message.content, 'Tool said: 18C and sunny');
    const sent = wireBody().messages as Array<{ role: string; content: unknown }>;
    assert.deepEqual(sent.slice(1), [
      { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'get_weather', input: { input: USER } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18C and sunny' }] },
    ]);
  });

  it('a streamed tool call: id, type and name first, then argument pieces that join to JSON', async () => {
    const got = await collect(await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: 'required', stream: true }));
    assert.deepEqual(wireBody().tool_choice, { type: 'any' });
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.toolCalls.length, 1);
    assert.equal(got.toolCalls[0]!.name, 'get_weather');
    assert.deepEqual(JSON.parse(got.toolCalls[0]!.arguments), { input: USER });
    const pieces = got.chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    assert.equal(pieces[0]!.type, 'function');
    assert.ok(pieces[0]!.id);
    assert.ok(pieces.length >= 3);
    assert.ok(pieces.slice(1).every((p) => p.index === 0 && p.id === undefined));
  });

  it('an image input: data URL as base64 source, https URL as url source', async () => {
    const r = await rig.client.chat.completions.create({
      model: GATEWAY_MODEL,
      messages: [{ role: 'user', content: [
        { type: 'text', text: 'Two pictures' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
      ] }],
    });
    assert.equal(r.choices[0]!.message.content, `Hello from anthropic (${MODEL}): Two pictures (saw 2 image(s))`);
    const content = (wireBody().messages as Array<{ content: Array<Record<string, unknown>> }>)[0]!.content;
    assert.deepEqual(content.slice(1).map((b) => b.source), [
      { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUg==' },
      { type: 'url', url: 'https://example.com/cat.jpg' },
    ]);
  });

  it('JSON mode: a forced tool on the wire, the JSON as message content', async () => {
    // A model the catalog does not list: the catalog's Anthropic offerings claim no JSON mode (see the report).
    const model = 'anthropic/claude-3-haiku-20240307';
    const r = await rig.client.chat.completions.create({ model, messages: MESSAGES, response_format: { type: 'json_object' } });
    assert.deepEqual(wireBody().tool_choice, { type: 'tool', name: 'json' });
    assert.equal(r.choices[0]!.finish_reason, 'stop');
    assert.equal(r.choices[0]!.message.tool_calls, undefined);
    assert.deepEqual(JSON.parse(r.choices[0]!.message.content!), { input: USER });
    const streamed = await collect(await rig.client.chat.completions.create({ model, messages: MESSAGES, response_format: { type: 'json_object' }, stream: true }));
    assert.equal(streamed.content, r.choices[0]!.message.content);
    assert.equal(streamed.finish, 'stop');
  });

  it('merges consecutive turns on the wire (two user messages become one turn)', async () => {
    await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: [{ role: 'user', content: 'first' }, { role: 'user', content: 'second' }] });
    assert.deepEqual(wireBody().messages, [{ role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }] }]);
  });

  it('reasoning: Anthropic thinking comes back as reasoning_content, whole and streamed', async () => {
    const body = { model: GATEWAY_MODEL, messages: MESSAGES, max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 } } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const whole = await rig.client.chat.completions.create(body);
    const message = whole.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    assert.equal(message.reasoning_content, `Thinking about: ${USER}`);
    assert.equal(message.content, TEXT);
    const streamed = await collect(await rig.client.chat.completions.create({ ...body, stream: true }));
    assert.equal(streamed.reasoning, message.reasoning_content);
    assert.equal(streamed.content, TEXT);
  });
});
