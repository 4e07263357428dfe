/**
 * Real recorded Gemini traffic (test/fixtures/recorded/google) replayed through the gateway: the simulator
 * serves the fixture bytes (`.json` as the body, `.chunks.txt` re-framed as `data:` events), the official
 * `openai` client reads the gateway's answer, and text, reasoning, tool calls, finish reason and usage are
 * compared with values read from the fixture itself.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startGeminiSimulator, type GeminiSimulator } from '../../../simulators/gemini/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { collect, expectedFrom, fakeCtx, fixtureChunks, fixtureNames, readFixture, runStream, toSse, type Expected } from './helpers.js';

let sim: GeminiSimulator;
let gw: RunningGateway;
let client: OpenAI;
before(async () => {
  sim = await startGeminiSimulator();
  gw = await startTestGateway({ env: { GEMINI_API_KEY: 'test-key', GOOGLE_BASE_URL: sim.baseUrl } });
  client = new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 });
});
after(async () => {
  await gw.close();
  await sim.close();
});
beforeEach(() => sim.reset());

const MODEL = 'google/gemini-2.5-flash';
const ASK: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'replay' }];
type Reasoning = { reasoning_content?: string };

function expectedFinish(expected: Expected): string {
  if (expected.finishReason === 'MAX_TOKENS') return 'length';
  return expected.calls.length > 0 ? 'tool_calls' : 'stop';
}

const answers = fixtureNames('.json').filter((name) => !readFixture(name).includes('"error"'));
const streams = fixtureNames('.chunks.txt');

describe('recorded whole responses through the gateway', () => {
  for (const name of answers) {
    it(name, async () => {
      const body = readFixture(name);
      const expected = expectedFrom([JSON.parse(body)]);
      sim.enqueue({ body });
      const r = await client.chat.completions.create({ model: MODEL, messages: ASK });
      const message = r.choices[0]!.message as typeof r.choices[0]['message'] & Reasoning;
      assert.equal(r.object, 'chat.completion');
      assert.equal(message.content, expected.text === '' && expected.calls.length ? null : expected.text);
      assert.equal(message.reasoning_content, expected.reasoning || undefined);
      assert.equal(r.choices[0]!.finish_reason, expectedFinish(expected));
      const toolCalls = (message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
      assert.deepEqual(toolCalls.map((c) => ({ name: c.function.name, args: JSON.parse(c.function.arguments) })), expected.calls);
      for (const call of toolCalls) {
        assert.equal(call.type, 'function');
        assert.match(call.id, /^call_/);
      }
      assert.equal(r.usage?.prompt_tokens, expected.usage!.prompt_tokens);
      assert.equal(r.usage?.completion_tokens, expected.usage!.completion_tokens);
      assert.equal(r.usage?.total_tokens, expected.usage!.total_tokens);
      assert.equal(r.usage?.completion_tokens_details?.reasoning_tokens, expected.usage!.reasoning_tokens);
      assert.equal(r.model, JSON.parse(body).modelVersion);
    });

    it(`${name} as a one-event stream`, async () => {
      const body = readFixture(name);
      const expected = expectedFrom([JSON.parse(body)]);
      sim.enqueue({ body: toSse([JSON.parse(body)]) });
      const got = await collect(await client.chat.completions.create({ model: MODEL, messages: ASK, stream: true }));
      assert.equal(got.text, expected.text);
      assert.equal(got.finish, expectedFinish(expected));
      assert.deepEqual([...got.calls.values()].map((c) => ({ name: c.name, args: JSON.parse(c.args) })), expected.calls);
    });
  }
});

describe('recorded streams through the gateway', () => {
  for (const name of streams) {
    it(name, async () => {
      const payloads = fixtureChunks(name);
      const expected = expectedFrom(payloads);
      sim.enqueue({ body: toSse(payloads) });
      const got = await collect(await client.chat.completions.create({ model: MODEL, messages: ASK, stream: true, stream_options: { include_usage: true } }));
      assert.equal(got.text, expected.text);
      assert.equal(got.reasoning, expected.reasoning);
      assert.equal(got.finish, expectedFinish(expected));
      const calls = [...got.calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
      assert.deepEqual(calls.map((c) => ({ name: c.name, args: JSON.parse(c.args) })), expected.calls);
      calls.forEach((c) => {
        assert.ok(c.nameInFirst, 'id, type and name arrive in the first fragment');
        assert.match(c.id!, /^call_/);
      });
      assert.equal(new Set(calls.map((c) => c.id)).size, calls.length, 'every call has its own id');
      assert.deepEqual([...got.calls.keys()].sort(), calls.map((_, i) => i), 'indexes count from 0');
      const usageChunk = got.chunks[got.chunks.length - 1];
      assert.deepEqual(usageChunk.choices, []);
      assert.equal(usageChunk.usage.prompt_tokens, expected.usage!.prompt_tokens);
      assert.equal(usageChunk.usage.completion_tokens, expected.usage!.completion_tokens);
      assert.equal(usageChunk.usage.total_tokens, expected.usage!.total_tokens);
      assert.equal(usageChunk.usage.completion_tokens_details.reasoning_tokens, expected.usage!.reasoning_tokens);
    });

    it(`${name} fed to the translator one byte at a time`, () => {
      const payloads = fixtureChunks(name);
      const expected = expectedFrom(payloads);
      const got = runStream(toSse(payloads), fakeCtx({}, { stream: true }), 1);
      assert.equal(got.error, undefined);
      assert.ok(got.done);
      assert.equal(got.text, expected.text);
      assert.deepEqual([...got.calls.values()].map((c) => ({ name: c.name, args: JSON.parse(c.args) })), expected.calls);
      assert.equal(got.usage?.total_tokens, expected.usage!.total_tokens);
    });

    it(`${name} cut before its finishReason is a clean truncated_stream error`, () => {
      const payloads = fixtureChunks(name);
      const got = runStream(toSse(payloads.slice(0, -1)), fakeCtx({}, { stream: true }));
      assert.equal(got.done, false);
      assert.equal(got.error?.code, 'truncated_stream');
      assert.equal(got.error?.errorClass, 'transient');
    });
  }
});

/** Failures change the gateway's health state (breakers), so each gets a gateway of its own. */
async function freshClient(): Promise<{ client: OpenAI; close: () => Promise<void> }> {
  const own = await startTestGateway({ env: { GEMINI_API_KEY: 'test-key', GOOGLE_BASE_URL: sim.baseUrl } });
  return { client: new OpenAI({ apiKey: 'x', baseURL: own.url + '/v1', maxRetries: 0 }), close: () => own.close() };
}

describe('recorded failures', () => {
  it('google-429-retry-info.json: rate_limited with Retry-After from RetryInfo', async (t) => {
    const { client, close } = await freshClient();
    t.after(close);
    const body = readFixture('google-429-retry-info.json');
    const delay = Number(/"retryDelay":\s*"([\d.]+)s"/.exec(body)![1]);
    sim.enqueue({ status: 429, body });
    const err = await client.chat.completions.create({ model: MODEL, messages: ASK }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.RateLimitError);
    const error = (err.error ?? {}) as Record<string, unknown>;
    assert.equal(error.provider, 'google');
    assert.equal(error.error_class, 'rate_limited');
    assert.equal(err.headers?.get('retry-after'), String(Math.ceil(delay)));
  });

  it('a text stream cut after its first chunk ends with an error event after the committed text', async (t) => {
    const { client, close } = await freshClient();
    t.after(close);
    const payloads = fixtureChunks('google-text.chunks.txt');
    sim.enqueue({ body: toSse(payloads.slice(0, 1)) });
    const stream = await client.chat.completions.create({ model: MODEL, messages: ASK, stream: true });
    let text = '';
    const err = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    assert.equal(text, payloads[0].candidates[0].content.parts[0].text);
    assert.ok(err instanceof Error, 'the client sees the failure');
    assert.match(String((err as Error).message), /ended the stream before it finished/);
  });

  it('a stream that ends before any content fails over cleanly, naming google and truncated_stream', async (t) => {
    const { client, close } = await freshClient();
    t.after(close);
    // Every attempt (the engine retries a transient failure on the same target) gets the empty stream.
    sim.setDefault({ body: '' });
    t.after(() => sim.setDefault(null));
    const err = await client.chat.completions.create({ model: MODEL, messages: ASK, stream: true }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.APIError);
    // One attempt would give 502; the engine retries a transient failure, and several failed attempts give 503.
    assert.ok(err.status === 502 || err.status === 503, `status ${err.status}`);
    const attempts = ((err.error as Record<string, unknown>).attempts ?? []) as Array<Record<string, unknown>>;
    assert.ok(attempts.length >= 1);
    for (const attempt of attempts) {
      assert.equal(attempt.provider, 'google');
      assert.equal(attempt.code, 'truncated_stream');
    }
  });
});
