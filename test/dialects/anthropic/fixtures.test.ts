/**
 * Real traffic: every recorded Anthropic fixture replays through the gateway (the simulator serves the fixture
 * bytes, `.chunks.txt` framed as Anthropic frames it) and comes out as a valid OpenAI object whose text, tool calls,
 * reasoning, finish reason and usage match values read from the fixture itself.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import OpenAI from 'openai';
import { startRig, type Rig } from './rig.js';
import { FIXTURES, GATEWAY_MODEL, collect, fixtureEvents, fixtureJson, replay } from './helpers.js';

let rig: Rig;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await rig.close();
});

/** Anthropic stop_reason -> OpenAI finish_reason, as the OpenAI API would say it. */
const FINISH: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls', refusal: 'content_filter' };
const MESSAGES: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'replay' }];
/** Hand-written fixtures that describe a broken stream. */
const MEANT_TO_FAIL = new Set(['spliced-message-start.chunks.txt']);

interface Expected {
  id: string;
  text: string;
  reasoning: string;
  tools: Array<{ id: string; name: string; arguments: string }>;
  finish: string;
  prompt: number;
  completion: number;
}

type Obj = Record<string, any>;
const n = (v: unknown) => (typeof v === 'number' ? v : 0);

function expectedFromJson(body: Obj): Expected {
  const blocks = body.content as Obj[];
  const u = body.usage as Obj;
  return {
    id: body.id,
    text: blocks.filter((b) => b.type === 'text').map((b) => b.text).join(''),
    reasoning: blocks.filter((b) => b.type === 'thinking').map((b) => b.thinking).join(''),
    tools: blocks.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id, name: b.name, arguments: JSON.stringify(b.input) })),
    finish: FINISH[body.stop_reason]!,
    prompt: n(u.input_tokens) + n(u.cache_creation_input_tokens) + n(u.cache_read_input_tokens),
    completion: n(u.output_tokens),
  };
}

function expectedFromEvents(events: Obj[]): Expected {
  const out: Expected = { id: '', text: '', reasoning: '', tools: [], finish: '', prompt: 0, completion: 0 };
  const usage: Obj = {};
  const toolAt = new Map<number, Expected['tools'][number]>();
  for (const e of events) {
    if (e.type === 'message_start') {
      out.id ||= e.message.id;
      Object.assign(usage, e.message.usage);
    } else if (e.type === 'content_block_start' && e.content_block.type === 'tool_use') {
      const tool = { id: e.content_block.id, name: e.content_block.name, arguments: '' };
      toolAt.set(e.index, tool);
      out.tools.push(tool);
    } else if (e.type === 'content_block_delta') {
      if (e.delta.type === 'text_delta') out.text += e.delta.text;
      if (e.delta.type === 'thinking_delta') out.reasoning += e.delta.thinking;
      if (e.delta.type === 'input_json_delta') toolAt.get(e.index)!.arguments += e.delta.partial_json;
    } else if (e.type === 'message_delta') {
      Object.assign(usage, e.usage);
      out.finish = FINISH[e.delta.stop_reason]!;
    }
  }
  // A call whose input streamed as nothing has no arguments: `{}`, as the whole response gives it.
  for (const tool of out.tools) if (tool.arguments === '') tool.arguments = '{}';
  out.prompt = n(usage.input_tokens) + n(usage.cache_creation_input_tokens) + n(usage.cache_read_input_tokens);
  out.completion = n(usage.output_tokens);
  return out;
}

const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') || f.endsWith('.chunks.txt')).sort();

describe('anthropic recorded fixtures through the gateway', () => {
  it('covers every fixture file', () => {
    assert.ok(files.length >= 12, `found ${files.length}`);
  });

  for (const file of files.filter((f) => f.endsWith('.json'))) {
    it(`${file}: whole response`, async () => {
      const want = expectedFromJson(fixtureJson(file));
      rig.sim.enqueue(replay(file));
      const r = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES });
      const choice = r.choices[0]!;
      const message = choice.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
      assert.equal(r.object, 'chat.completion');
      assert.equal(r.id, want.id);
      assert.equal(message.content ?? '', want.text);
      assert.equal(message.reasoning_content ?? '', want.reasoning);
      assert.deepEqual((message.tool_calls ?? []).map((c) => (c.type === 'function' ? { id: c.id, name: c.function.name, arguments: c.function.arguments } : c)), want.tools);
      assert.equal(choice.finish_reason, want.finish);
      assert.deepEqual([r.usage?.prompt_tokens, r.usage?.completion_tokens, r.usage?.total_tokens], [want.prompt, want.completion, want.prompt + want.completion]);
      if (want.finish === 'content_filter') assert.equal(message.refusal, (fixtureJson(file).stop_details as Obj).explanation);
    });
  }

  for (const file of files.filter((f) => f.endsWith('.chunks.txt') && !MEANT_TO_FAIL.has(f))) {
    it(`${file}: streamed`, async () => {
      const want = expectedFromEvents(fixtureEvents(file));
      rig.sim.enqueue(replay(file));
      const stream = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
      const got = await collect(stream);
      assert.ok(got.chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === want.id));
      assert.equal(got.content, want.text);
      assert.equal(got.reasoning, want.reasoning);
      assert.deepEqual(got.toolCalls, want.tools);
      for (const call of got.toolCalls) assert.doesNotThrow(() => JSON.parse(call.arguments));
      assert.equal(got.finish, want.finish);
      assert.deepEqual([got.usage?.prompt_tokens, got.usage?.completion_tokens], [want.prompt, want.completion]);
    });
  }

  it('anthropic-json-tool.1.chunks.txt in JSON mode: the forced json tool\'s input is the message text', async () => {
    const events = fixtureEvents('anthropic-json-tool.1.chunks.txt');
    const json = events.filter((e) => (e.delta as Obj | undefined)?.type === 'input_json_delta').map((e) => (e.delta as Obj).partial_json).join('');
    rig.sim.enqueue(replay('anthropic-json-tool.1.chunks.txt'));
    // A model the catalog does not list: the catalog's Anthropic offerings claim no JSON mode.
    const stream = await rig.client.chat.completions.create({
      model: 'anthropic/claude-3-haiku-20240307', messages: MESSAGES, stream: true,
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: { type: 'object', properties: { elements: { type: 'array' } } } } },
    });
    const got = await collect(stream);
    assert.deepEqual(JSON.parse(got.content), JSON.parse(json));
    assert.equal(got.toolCalls.length, 0);
    assert.equal(got.finish, 'stop');
  });

  it('spliced-message-start.chunks.txt: a clean stream error after the committed start, and the gateway carries on', async () => {
    rig.sim.enqueue(replay('spliced-message-start.chunks.txt'));
    const stream = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, stream: true });
    let reasoning = '';
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
      })(),
      (e: unknown) => {
        assert.ok(e instanceof OpenAI.APIError);
        assert.match(e.message, /second message/);
        return true;
      },
    );
    assert.equal(reasoning, 'I will call the tool.');
    const next = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES });
    assert.ok(next.choices[0]!.message.content);
  });
});
