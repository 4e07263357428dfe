/**
 * Meta Llama simulator fidelity. npm has Meta's official client (`llama-api-client`), but it is not a dependency
 * here, so these tests speak raw fetch and check the shapes that client's types declare
 * (CreateChatCompletionResponse, CreateChatCompletionResponseStreamChunk, the SSE framing its Stream parses).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startMetaLlamaSimulator, type MetaLlamaSimulator } from '../../../simulators/meta-llama/index.js';
import { parseSse, words } from '../../simulators/sim-helpers.js';

let sim: MetaLlamaSimulator;
before(async () => {
  sim = await startMetaLlamaSimulator();
});
after(async () => {
  await sim.close();
});

const MODEL = 'Llama-3.3-70B-Instruct';
const USER = 'What is the weather in Paris today';
const TEXT = `Hello from meta (${MODEL}): ${USER}`;
const MESSAGES = [{ role: 'system', content: 'Be brief' }, { role: 'user', content: USER }];
const TOOLS = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { input: { type: 'string' } } } } }];

async function chat(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer LLM|good', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('meta-llama simulator (native wire)', () => {
  it('answers with completion_message, stop_reason and token metrics', async () => {
    const r = await chat({ model: MODEL, messages: MESSAGES });
    assert.equal(r.status, 200);
    const body = JSON.parse(r.text);
    assert.equal(typeof body.id, 'string');
    assert.deepEqual(body.completion_message, { role: 'assistant', content: { type: 'text', text: TEXT }, stop_reason: 'stop' });
    const metric = (name: string) => body.metrics.find((m: { metric: string }) => m.metric === name).value;
    assert.equal(metric('num_prompt_tokens'), 9);
    assert.equal(metric('num_completion_tokens'), words(TEXT));
    assert.equal(metric('num_total_tokens'), 9 + words(TEXT));
  });

  it('answers a tool call with tool_calls (id, function) and stop_reason tool_calls', async () => {
    const body = JSON.parse((await chat({ model: MODEL, messages: MESSAGES, tools: TOOLS })).text);
    assert.equal(body.completion_message.stop_reason, 'tool_calls');
    const [call] = body.completion_message.tool_calls;
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { input: USER });
    assert.equal(call.type, undefined, 'Llama tool calls have no type field');
  });

  it('streams event chunks (start, progress, complete, metrics) with no [DONE]', async () => {
    const r = await chat({ model: MODEL, messages: MESSAGES, stream: true }, { accept: 'text/event-stream' });
    assert.equal(r.headers.get('content-type'), 'text/event-stream');
    const sse = parseSse(r.text);
    assert.equal(sse.done, false);
    const types = sse.data.map((c) => c.event.event_type);
    assert.equal(types[0], 'start');
    assert.deepEqual(types.slice(-2), ['complete', 'metrics']);
    assert.equal(sse.data.filter((c) => c.event.event_type === 'progress').map((c) => c.event.delta.text).join(''), TEXT);
    assert.equal(sse.data.at(-2).event.stop_reason, 'stop');
  });

  it('streams a tool call as fragments: id and name first, then argument pieces', async () => {
    const sse = parseSse((await chat({ model: MODEL, messages: MESSAGES, tools: TOOLS, stream: true }, { accept: 'text/event-stream' })).text);
    const fragments = sse.data.filter((c) => c.event.delta?.type === 'tool_call').map((c) => c.event.delta);
    assert.ok(fragments.length >= 3);
    assert.ok(fragments[0].id);
    assert.equal(fragments[0].function.name, 'get_weather');
    assert.deepEqual(JSON.parse(fragments.map((f) => f.function.arguments ?? '').join('')), { input: USER });
  });

  it('refuses a stream without Accept: text/event-stream (as the real API does)', async () => {
    assert.equal((await chat({ model: MODEL, messages: MESSAGES, stream: true })).status, 400);
  });

  it('refuses fields outside the native schema', async () => {
    const r = await chat({ model: MODEL, messages: MESSAGES, stop: ['x'] });
    assert.equal(r.status, 400);
    assert.match(r.text, /stop/);
  });

  it('answers auth, model and rate-limit failures', async () => {
    assert.equal((await chat({ model: MODEL, messages: MESSAGES }, { authorization: 'Bearer bad' })).status, 401);
    assert.equal((await chat({ model: MODEL, messages: MESSAGES }, { authorization: '' })).status, 401);
    assert.equal((await chat({ model: 'does-not-exist', messages: MESSAGES })).status, 404);
    sim.enqueue('meta', { status: 429 });
    const limited = await chat({ model: MODEL, messages: MESSAGES });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '1');
  });

  it('sends an in-stream error event after N chunks', async () => {
    const r = await chat({ model: MODEL, messages: MESSAGES, stream: true }, { accept: 'text/event-stream', 'x-sim-fault': JSON.stringify({ streamError: { afterChunks: 2, message: 'overloaded' } }) });
    const sse = parseSse(r.text);
    assert.equal(sse.data.length, 3);
    assert.equal(sse.data[2].error.message, 'overloaded');
  });
});
