/**
 * Real recorded Cohere responses (test/fixtures/recorded/cohere/) through the Cohere dialect, directly and
 * through the gateway (the simulator replays the recorded bytes). Expected values are read from each fixture.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { cohereDialect } from '../../../src/dialects/cohere/index.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import { startCohereSimulator, type CohereSimulator } from '../../../simulators/cohere/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import {
  MODEL, expectedFromBody, expectedFromEvents, expectedReasoning, fakeCtx, fixtureNames, frame, readEvents, readFixture, translate,
  type Collected, type Expected,
} from './helpers.js';

const JSON_FIXTURES = fixtureNames('.json');
const STREAM_FIXTURES = fixtureNames('.chunks.txt');

it('the recorded corpus is there', () => {
  assert.ok(JSON_FIXTURES.length >= 5, JSON_FIXTURES.join());
  assert.ok(STREAM_FIXTURES.length >= 4, STREAM_FIXTURES.join());
});

function assertStream(got: Collected, want: Expected, includeUsage: boolean) {
  assert.equal(got.error, undefined, got.error?.message);
  assert.equal(got.done, true);
  assert.equal(got.text, want.text);
  assert.equal(got.reasoning, expectedReasoning(want));
  assert.equal(got.finish, want.finishReason);
  assert.deepEqual(got.calls.map((c) => ({ id: c.id, name: c.name, args: c.args })), want.calls);
  assert.deepEqual(got.calls.map((c) => c.index), want.calls.map((_, i) => i), 'tool-call indexes count from 0');
  for (const call of got.calls) assert.doesNotThrow(() => JSON.parse(call.args), `arguments are JSON: ${call.args}`);
  assert.equal(got.usage?.prompt_tokens, want.promptTokens);
  assert.equal(got.usage?.completion_tokens, want.completionTokens);
  assert.equal(got.usage?.prompt_tokens_details?.cached_tokens, want.cachedTokens);
  assert.equal(got.chunks[0].choices[0].delta.role, 'assistant');
  assert.equal(got.flags[0], false, 'the role chunk does not commit the attempt');
  const last = got.chunks[got.chunks.length - 1];
  assert.equal(last.choices.length === 0, includeUsage, 'a usage-only chunk exactly when asked for');
  for (const chunk of got.chunks) assert.equal(chunk.object, 'chat.completion.chunk');
}

describe('recorded whole responses through the dialect', () => {
  for (const name of JSON_FIXTURES) {
    it(name, () => {
      const body = JSON.parse(readFixture(name));
      const want = expectedFromBody(body);
      const decoded = cohereDialect.chat!.decodeChatResponse(Buffer.from(readFixture(name)), fakeCtx());
      assert.ok(!ProviderError.is(decoded), ProviderError.is(decoded) ? decoded.message : '');
      const c = decoded.completion;
      assert.equal(c.object, 'chat.completion');
      assert.equal(c.id, body.id);
      assert.equal(c.model, MODEL);
      const choice = c.choices[0]!;
      assert.equal(choice.message.content, want.calls.length && !want.text ? null : want.text);
      assert.equal(choice.message.reasoning_content ?? '', expectedReasoning(want));
      assert.equal(choice.finish_reason, want.finishReason);
      assert.deepEqual((choice.message.tool_calls ?? []).map((t) => ({ id: t.id, name: t.function.name, args: t.function.arguments })), want.calls);
      for (const t of choice.message.tool_calls ?? []) assert.equal(t.type, 'function');
      assert.equal(c.usage?.prompt_tokens, want.promptTokens);
      assert.equal(c.usage?.completion_tokens, want.completionTokens);
      assert.equal(c.usage?.total_tokens, want.promptTokens + want.completionTokens);
      assert.equal(c.usage?.prompt_tokens_details?.cached_tokens, want.cachedTokens);
    });
  }

  it('cohere-null-args: the recorded "null" arguments become "{}"', () => {
    const decoded = cohereDialect.chat!.decodeChatResponse(Buffer.from(readFixture('cohere-null-args.json')), fakeCtx());
    assert.ok(!ProviderError.is(decoded));
    assert.equal(decoded.completion.choices[0]!.message.tool_calls![0]!.function.arguments, '{}');
  });
});

describe('recorded streams through the dialect', () => {
  for (const name of STREAM_FIXTURES) {
    const events = readEvents(name);
    const want = expectedFromEvents(events);
    it(`${name}: whole body at once`, () => assertStream(translate(frame(events)), want, false));
    it(`${name}: one byte at a time, with include_usage`, () => {
      assertStream(translate(frame(events), fakeCtx({}, { stream: true, includeUsage: true }), 1), want, true);
    });
    it(`${name}: cut before message-end is a truncated stream`, () => {
      const got = translate(frame(events.slice(0, -1)));
      assert.equal(got.done, false);
      assert.equal(got.error?.code, 'truncated_stream');
      assert.equal(got.error?.errorClass, 'transient');
    });
  }

  it('a second message-start with another id inside a stream is a clean error', () => {
    const events = readEvents('cohere-tool-call.chunks.txt');
    const spliced = [...events.slice(0, 30), { ...events[0], id: 'another-message' }, ...events.slice(30)];
    const got = translate(frame(spliced));
    assert.equal(got.done, false);
    assert.equal(got.error?.errorClass, 'transient');
    assert.equal(got.error?.code, 'malformed_response');
  });

  it('the same message-start twice is harmless', () => {
    const events = readEvents('cohere-text.chunks.txt');
    assertStream(translate(frame([events[0], ...events])), expectedFromEvents(events), false);
  });

  it('cohere-empty-tool-call: a tool with no arguments streams "{}" once', () => {
    const got = translate(frame(readEvents('cohere-empty-tool-call.chunks.txt')));
    assert.equal(got.calls.length, 1);
    assert.equal(got.calls[0]!.args, '{}');
    assert.equal(got.calls[0]!.name, 'currentTime');
  });
});

describe('recorded responses replayed through the gateway (openai client)', () => {
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
  const messages = [{ role: 'user' as const, content: 'replay' }];

  for (const name of JSON_FIXTURES) {
    it(`${name}: whole`, async () => {
      const want = expectedFromBody(JSON.parse(readFixture(name)));
      sim.enqueue({ body: readFixture(name) });
      const r = await client.chat.completions.create({ model: `cohere/${MODEL}`, messages });
      const m = r.choices[0]!.message as typeof r.choices[0]['message'] & { reasoning_content?: string };
      assert.equal(m.content ?? '', want.text);
      assert.equal(m.reasoning_content ?? '', expectedReasoning(want));
      assert.equal(r.choices[0]!.finish_reason, want.finishReason);
      assert.deepEqual((m.tool_calls ?? []).map((t) => t.type === 'function' && { id: t.id, name: t.function.name, args: t.function.arguments }), want.calls);
      assert.equal(r.usage?.prompt_tokens, want.promptTokens);
      assert.equal(r.usage?.completion_tokens, want.completionTokens);
    });
  }

  for (const name of STREAM_FIXTURES) {
    it(`${name}: streamed`, async () => {
      const events = readEvents(name);
      const want = expectedFromEvents(events);
      sim.enqueue({ events });
      const stream = await client.chat.completions.create({ model: `cohere/${MODEL}`, messages, stream: true, stream_options: { include_usage: true } });
      let text = '';
      let reasoning = '';
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | undefined;
      const calls = new Map<number, { id: string; name: string; args: string }>();
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices[0];
        if (!choice) continue;
        const d = choice.delta as typeof choice.delta & { reasoning_content?: string };
        text += d.content ?? '';
        reasoning += d.reasoning_content ?? '';
        if (choice.finish_reason) finish = choice.finish_reason;
        for (const tc of d.tool_calls ?? []) {
          const call = calls.get(tc.index) ?? { id: '', name: '', args: '' };
          call.id ||= tc.id ?? '';
          call.name ||= tc.function?.name ?? '';
          call.args += tc.function?.arguments ?? '';
          calls.set(tc.index, call);
        }
      }
      assert.equal(text, want.text);
      assert.equal(reasoning, expectedReasoning(want));
      assert.equal(finish, want.finishReason);
      assert.deepEqual([...calls.values()], want.calls);
      assert.equal(usage?.prompt_tokens, want.promptTokens);
      assert.equal(usage?.completion_tokens, want.completionTokens);
    });
  }
});
