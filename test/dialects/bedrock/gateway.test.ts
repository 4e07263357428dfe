/**
 * Through the gateway with the official `openai` client: Bedrock answers (text, stream, tool round trip,
 * image, JSON mode, usage) come back as OpenAI objects, and the simulator received the Converse request the
 * translation should produce.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { startBedrockSimulator, type BedrockSimulator } from '../../../simulators/bedrock/index.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { MODEL, collectOpenAIStream, startBedrockGateway } from './helpers.js';

let sim: BedrockSimulator;
let gw: RunningGateway;
let client: OpenAI;
before(async () => {
  sim = await startBedrockSimulator();
  ({ gw, client } = await startBedrockGateway(sim));
});
after(async () => {
  await gw.close();
  await sim.close();
});
beforeEach(() => sim.reset());

const USER = 'What is the weather in Paris today';
const GREETING = `Hello from bedrock (${MODEL}): ${USER}`;
const TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [{
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } },
}];
const lastWire = () => sim.requests().at(-1)!;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

describe('bedrock through the gateway (openai client)', () => {
  it('text answer with x-wai headers and usage; system, inference config and user land where Converse wants them', async () => {
    const res = await client.chat.completions.create({
      model: `bedrock/${MODEL}`,
      messages: [{ role: 'system', content: 'Be terse' }, { role: 'user', content: USER }],
      max_tokens: 64, temperature: 0.3, top_p: 0.9, stop: ['END'], user: 'user-42',
    }).withResponse();
    const r = res.data;
    assert.equal(r.choices[0]!.message.content, GREETING);
    assert.equal(r.choices[0]!.finish_reason, 'stop');
    assert.equal(r.model, MODEL);
    assert.equal(r.usage?.prompt_tokens, 9);
    assert.equal(r.usage?.completion_tokens, words(GREETING));
    assert.equal(res.response.headers.get('x-wai-provider'), 'bedrock');
    assert.equal(res.response.headers.get('x-wai-level'), '1');
    assert.equal(res.response.headers.get('x-wai-attempts'), '1');

    const wire = lastWire();
    assert.equal(wire.path, '/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse');
    assert.equal(wire.auth, 'bearer');
    assert.deepEqual(wire.body, {
      messages: [{ role: 'user', content: [{ text: USER }] }],
      system: [{ text: 'Be terse' }],
      inferenceConfig: { maxTokens: 64, temperature: 0.3, topP: 0.9, stopSequences: ['END'] },
      requestMetadata: { user: 'user-42' },
    });
  });

  it('streamed text joins to the whole answer; include_usage gives one usage chunk at the end', async () => {
    const stream = await client.chat.completions.create({
      model: `bedrock/${MODEL}`, messages: [{ role: 'user', content: USER }], stream: true, stream_options: { include_usage: true },
    });
    const got = await collectOpenAIStream(stream);
    assert.equal(got.text, GREETING);
    assert.equal(got.finish, 'stop');
    assert.equal(got.usageChunks, 1);
    assert.equal(got.usage?.prompt_tokens, words(USER));
    assert.equal(got.usage?.total_tokens, words(USER) + words(GREETING));
    assert.equal(lastWire().path, '/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream');

    const plain = await client.chat.completions.create({ model: `bedrock/${MODEL}`, messages: [{ role: 'user', content: USER }], stream: true });
    assert.equal((await collectOpenAIStream(plain)).usageChunks, 0);
  });

  it('tool round trip: call, tool result, final answer; tools and history translated to Converse', async () => {
    const first = await client.chat.completions.create({ model: `bedrock/${MODEL}`, messages: [{ role: 'user', content: USER }], tools: TOOLS, tool_choice: 'auto' });
    const call = first.choices[0]!.message.tool_calls![0]!;
    assert.equal(first.choices[0]!.finish_reason, 'tool_calls');
    assert.equal(call.type === 'function' && call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.type === 'function' ? call.function.arguments : ''), { input: USER });
    assert.deepEqual((lastWire().body as any).toolConfig, {
      tools: [{ toolSpec: { name: 'get_weather', description: 'Current weather', inputSchema: { json: TOOLS[0]!.type === 'function' ? TOOLS[0]!.function.parameters : {} } } }],
      toolChoice: { auto: {} },
    });

    const second = await client.chat.completions.create({
      model: `bedrock/${MODEL}`, tools: TOOLS,
      messages: [{ role: 'user', content: USER }, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21C' }],
    });
    assert.equal(second.choices[0]!.message.content, 'Tool said: Sunny, 21C');
    assert.equal(second.choices[0]!.finish_reason, 'stop');
    const history = (lastWire().body as any).messages;
    assert.deepEqual(history[1], { role: 'assistant', content: [{ toolUse: { toolUseId: call.id, name: 'get_weather', input: { input: USER } } }] });
    assert.deepEqual(history[2], { role: 'user', content: [{ toolResult: { toolUseId: call.id, content: [{ text: 'Sunny, 21C' }] } }] });
  });

  it('streamed tool call: id and name first, arguments in pieces, finish tool_calls', async () => {
    const stream = await client.chat.completions.create({ model: `bedrock/${MODEL}`, messages: [{ role: 'user', content: USER }], tools: TOOLS, tool_choice: 'required', stream: true });
    const got = await collectOpenAIStream(stream);
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.calls.length, 1);
    assert.match(got.calls[0]!.id!, /^tooluse_/);
    assert.equal(got.calls[0]!.name, 'get_weather');
    assert.deepEqual(JSON.parse(got.calls[0]!.args), { input: USER });
    assert.deepEqual((lastWire().body as any).toolConfig.toolChoice, { any: {} });
  });

  it('an image from a data: URL goes as bytes; an http URL is refused as invalid_request', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const r = await client.chat.completions.create({
      model: `bedrock/${MODEL}`,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }],
    });
    assert.equal(r.choices[0]!.message.content, `Hello from bedrock (${MODEL}): Describe (saw 1 image(s))`);
    assert.deepEqual((lastWire().body as any).messages[0].content[1], { image: { format: 'png', source: { bytes: png } } });

    const before = sim.requests().length;
    await assert.rejects(client.chat.completions.create({
      model: `bedrock/${MODEL}`,
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
    }), (e: any) => {
      // Refused before anything was sent: no upstream status, so the engine chooses (400 now, 502 in older engines).
      assert.ok(e.status === 400 || e.status === 502, String(e.status));
      assert.equal(e.error?.details?.error_class ?? e.error?.error_class, 'invalid_request');
      assert.match(e.message, /data: URL/);
      return true;
    });
    assert.equal(sim.requests().length, before, 'nothing was sent upstream');
  });

  // Model ids outside the catalog: the catalog's offerings do not list JSON as a Bedrock capability, so the
  // planner would skip catalogued ones before the dialect is asked.
  it('JSON mode: a forced tool for Claude (answer as JSON text, finish stop), a system instruction for Cohere', async () => {
    const claude = 'anthropic.claude-sim-json-v1:0';
    const greeting = `Hello from bedrock (${claude}): ${USER}`;
    const r = await client.chat.completions.create({ model: `bedrock/${claude}`, messages: [{ role: 'user', content: USER }], response_format: { type: 'json_object' } });
    assert.deepEqual(JSON.parse(r.choices[0]!.message.content!), { answer: greeting });
    assert.equal(r.choices[0]!.finish_reason, 'stop');
    assert.equal(r.choices[0]!.message.tool_calls, undefined);
    assert.deepEqual((lastWire().body as any).toolConfig.toolChoice, { tool: { name: 'json_response' } });

    const stream = await client.chat.completions.create({ model: `bedrock/${claude}`, messages: [{ role: 'user', content: USER }], response_format: { type: 'json_object' }, stream: true });
    const got = await collectOpenAIStream(stream);
    assert.deepEqual(JSON.parse(got.text), { answer: greeting });
    assert.equal(got.calls.length, 0);
    assert.equal(got.finish, 'stop');

    const cohere = 'cohere.command-sim-v1:0';
    const c = await client.chat.completions.create({ model: `bedrock/${cohere}`, messages: [{ role: 'user', content: USER }], response_format: { type: 'json_object' } });
    assert.deepEqual(JSON.parse(c.choices[0]!.message.content!), { answer: `Hello from bedrock (${cohere}): ${USER}` });
    const body = lastWire().body as any;
    assert.equal(body.toolConfig, undefined);
    assert.match(body.system[0].text, /JSON/);
  });

  it('reasoning content (DeepSeek R1) arrives as reasoning_content, whole and streamed', async () => {
    const model = 'us.deepseek.r1-v1:0';
    const r = await client.chat.completions.create({ model: `bedrock/${model}`, messages: [{ role: 'user', content: USER }] });
    const message = r.choices[0]!.message as typeof r.choices[0]['message'] & { reasoning_content?: string };
    assert.equal(message.reasoning_content, `Thinking about: ${USER}`);
    const got = await collectOpenAIStream(await client.chat.completions.create({ model: `bedrock/${model}`, messages: [{ role: 'user', content: USER }], stream: true }));
    assert.equal(got.reasoning, `Thinking about: ${USER}`);
    assert.equal(got.text, `Hello from bedrock (${model}): ${USER}`);
  });
});
