/**
 * OpenRouter through the gateway: processing comments, and in-stream errors before and after the first content.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { assertOpenAIError, collect, gwClient, parseSse, postRaw, simEnv, simText } from './gw-helpers.js';

let sim: Simulator;
const running: RunningGateway[] = [];

/** A model OpenRouter serves with no `:free` sibling, so level 1 is exactly this id. */
const MODEL = 'openai/gpt-4o-mini';
const M = `openrouter/${MODEL}`;
const USER = 'Write one short line about rivers';
const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: USER }];

before(async () => {
  sim = await startSimulator();
});

after(async () => {
  await Promise.all(running.map((g) => g.close()));
  await sim?.close();
});

/**
 * A fresh gateway per test (a failure changes the provider's health), with only OpenRouter keyed so a failure has
 * nowhere else to go.
 */
async function fresh(): Promise<{ gw: RunningGateway; client: OpenAI }> {
  const gw = await startTestGateway({ env: simEnv(sim, ['openrouter']) });
  running.push(gw);
  return { gw, client: gwClient(gw.url) };
}

beforeEach(() => sim.reset());

describe('OpenRouter', () => {
  it('processing comments are ignored; the gateway sends only data events', async () => {
    const { gw, client } = await fresh();
    const got = await collect(await client.chat.completions.create({ model: M, messages: MESSAGES, stream: true }));
    assert.equal(got.content, simText('openrouter', MODEL, USER));
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: M, messages: MESSAGES, stream: true });
    const sse = parseSse(raw.text);
    assert.equal(sse.junk.length, 0);
    assert.ok(sse.done);
    assert.ok(!raw.text.includes('OPENROUTER PROCESSING'), 'the upstream comment is not forwarded');
    assert.equal(sim.requests('openrouter')[0]!.headers['x-title'], 'WAI gateway');
  });

  it('an in-stream error before any content fails the request cleanly, naming the provider', async () => {
    const { gw } = await fresh();
    // Every try fails the same way (the gateway may retry a transient failure).
    sim.setDefault('openrouter', { streamError: { afterChunks: 1, message: 'Upstream provider crashed' } });
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: M, messages: MESSAGES, stream: true });
    assert.ok(raw.status >= 500 && raw.status < 600, `a 5xx status, not a 200 stream (got ${raw.status})`);
    assert.match(raw.headers.get('content-type') ?? '', /application\/json/);
    const error = assertOpenAIError(raw.json);
    assert.equal(error.provider, 'openrouter');
    assert.match(error.message, /openrouter/i);
    assert.match(error.message, /Upstream provider crashed/);

    const second = await fresh();
    await assert.rejects(
      second.client.chat.completions.create({ model: M, messages: MESSAGES, stream: true }),
      (err: unknown) => err instanceof OpenAI.APIError && err.status === raw.status && /Upstream provider crashed/.test(err.message),
    );
  });

  it('an in-stream error after content ends the stream with an OpenAI-style error event and no [DONE]', async () => {
    const { gw } = await fresh();
    sim.setDefault('openrouter', { streamError: { afterChunks: 3, message: 'Provider disconnected mid-answer' } });
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: M, messages: MESSAGES, stream: true });
    assert.equal(raw.status, 200, 'the stream was committed');
    const sse = parseSse(raw.text);
    assert.equal(sse.done, false, 'no [DONE] after an error');
    const last = sse.data[sse.data.length - 1];
    assertOpenAIError(last);
    assert.match(last.error.message, /Provider disconnected mid-answer/);
    assert.match(last.error.message, /openrouter/i);
    assert.equal(last.error.provider, 'openrouter');
    const content = sse.data.slice(0, -1).map((c: any) => c.choices?.[0]?.delta?.content ?? '').join('');
    assert.ok(content.length > 0, 'content came before the error');
  });

  it('the openai client throws on that error event', async () => {
    const { client } = await fresh();
    sim.setDefault('openrouter', { streamError: { afterChunks: 3, message: 'Provider disconnected mid-answer' } });
    const stream = await client.chat.completions.create({ model: M, messages: MESSAGES, stream: true });
    let content = '';
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) content += chunk.choices[0]?.delta?.content ?? '';
      })(),
      (err: unknown) => err instanceof OpenAI.APIError && /Provider disconnected mid-answer/.test(err.message),
    );
    assert.ok(content.length > 0);
  });
});
