/**
 * Real traffic: every recorded Bedrock fixture replays through the gateway (whole bodies as-is, `.chunks.txt`
 * re-framed as binary AWS event-stream messages by the simulator) and comes out as valid OpenAI objects with
 * the fixture's own text, reasoning, tool calls and usage.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { startBedrockSimulator, type BedrockSimulator } from '../../../simulators/bedrock/index.js';
import { replayFrame } from '../../../simulators/bedrock/frames.js';
import type { RunningGateway } from '../../../src/gateway.js';
import {
  MODEL, OPENAI_FINISH, collectOpenAIStream, expectedFromEvents, expectedFromJson, fakeCtx, fixtureEvents, fixtureNames,
  readFixture, startBedrockGateway, translate,
} from './helpers.js';

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

const ask = { model: `bedrock/${MODEL}`, messages: [{ role: 'user' as const, content: 'How many r are in strawberry?' }] };

describe('recorded Bedrock Converse bodies through the gateway', () => {
  const names = fixtureNames('.json');
  it('finds the fixtures', () => assert.ok(names.length >= 3, names.join(',')));
  for (const name of names) {
    it(name, async () => {
      const body = JSON.parse(readFixture(name));
      const want = expectedFromJson(body);
      sim.replayNext({ json: readFixture(name) });
      const res = await client.chat.completions.create(ask).withResponse();
      const r = res.data;
      assert.equal(r.object, 'chat.completion');
      assert.equal(res.response.headers.get('x-wai-provider'), 'bedrock');
      const message = r.choices[0]!.message as typeof r.choices[0]['message'] & { reasoning_content?: string };
      assert.equal(message.content ?? '', want.text);
      assert.equal(message.reasoning_content ?? '', want.reasoning);
      assert.equal(r.choices[0]!.finish_reason, OPENAI_FINISH[want.stopReason!]);
      assert.deepEqual((message.tool_calls ?? []).map((c) => ({ id: c.id, name: c.type === 'function' ? c.function.name : '', args: c.type === 'function' ? JSON.parse(c.function.arguments) : null })), want.calls);
      assert.equal(r.usage?.prompt_tokens, want.usage!.inputTokens + want.usage!.cache);
      assert.equal(r.usage?.completion_tokens, want.usage!.outputTokens);
      assert.equal(r.usage?.total_tokens, want.usage!.totalTokens);
    });
  }
});

describe('recorded ConverseStream events through the gateway', () => {
  const names = fixtureNames('.chunks.txt');
  it('finds the fixtures', () => assert.ok(names.length >= 4, names.join(',')));
  for (const name of names) {
    it(name, async () => {
      const events = fixtureEvents(name);
      const want = expectedFromEvents(events);
      sim.replayNext({ events });
      const stream = await client.chat.completions.create({ ...ask, stream: true, stream_options: { include_usage: true } });
      const got = await collectOpenAIStream(stream);
      assert.equal(got.text, want.text);
      assert.equal(got.reasoning, want.reasoning);
      assert.equal(got.finish, OPENAI_FINISH[want.stopReason!]);
      assert.deepEqual(got.calls.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.args) })), want.calls);
      assert.equal(got.usageChunks, 1);
      assert.equal(got.usage?.prompt_tokens, want.usage!.inputTokens);
      assert.equal(got.usage?.completion_tokens, want.usage!.outputTokens);
      assert.equal(got.usage?.total_tokens, want.usage!.totalTokens);
    });
  }
});

describe('recorded streams through the translator, byte by byte', () => {
  for (const name of fixtureNames('.chunks.txt')) {
    it(`${name}: same answer whatever the TCP chunking; usage after the finish chunk`, () => {
      const events = fixtureEvents(name);
      const wire = Buffer.concat(events.map(replayFrame));
      const want = expectedFromEvents(events);
      for (const piece of [1, 7, 0]) {
        const got = translate(wire, fakeCtx({}, { stream: true, includeUsage: true }), piece);
        assert.equal(got.error, undefined);
        assert.equal(got.done, true);
        assert.equal(got.text, want.text);
        assert.equal(got.reasoning, want.reasoning);
        assert.deepEqual(got.calls.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.args) })), want.calls);
        // The usage-only chunk is the last one, even where metadata came before messageStop.
        const last = got.chunks[got.chunks.length - 1];
        assert.deepEqual(last.choices, []);
        assert.equal(last.usage.total_tokens, want.usage!.totalTokens);
        assert.equal(got.chunks[got.chunks.length - 2].choices[0].finish_reason, OPENAI_FINISH[want.stopReason!]);
      }
    });
  }

  it('a recording cut before messageStop ends in a clean truncated_stream error, not a crash', () => {
    const events = fixtureEvents('amazon-bedrock-text.chunks.txt').filter((e) => !e.messageStop && !e.metadata);
    const got = translate(Buffer.concat(events.map(replayFrame)), fakeCtx({}, { stream: true }));
    assert.equal(got.done, false);
    assert.equal(got.error?.code, 'truncated_stream');
    assert.equal(got.error?.errorClass, 'transient');
  });

  it('a frame with a broken CRC is a malformed_response error', () => {
    const wire = Buffer.concat(fixtureEvents('amazon-bedrock-text.chunks.txt').map(replayFrame));
    wire[wire.length - 1]! ^= 0xff;
    const got = translate(wire, fakeCtx({}, { stream: true }));
    assert.equal(got.error?.code, 'malformed_response');
    assert.equal(got.done, false);
  });
});
