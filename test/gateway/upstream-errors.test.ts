/**
 * Upstream failures as the caller sees them: the upstream status and message passed on in OpenAI's error format
 * with the provider named, a hang as a 504, a reset and a malformed body as 502s. Each test starts its own gateway
 * with only the provider under test keyed (so health from one test does not leak into the next, and a failure has
 * no other provider to fall back to).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import type { Timeouts } from '../../src/config/config.js';
import { assertOpenAIError, gwClient, parseSse, postRaw, simEnv, sseBody, startTinyUpstream } from './gw-helpers.js';

let sim: Simulator;
const running: RunningGateway[] = [];

before(async () => {
  sim = await startSimulator();
});

after(async () => {
  await Promise.all(running.map((g) => g.close()));
  await sim?.close();
});

beforeEach(() => sim.reset());

async function gateway(ids: string[] = ['openai'], timeouts?: Partial<Timeouts>): Promise<RunningGateway> {
  const gw = await startTestGateway({ env: simEnv(sim, ids), ...(timeouts ? { timeouts } : {}) });
  running.push(gw);
  return gw;
}

const BODY = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there' }] };
const chat = (gw: RunningGateway, body: object = BODY) => postRaw(`${gw.url}/v1/chat/completions`, body);
const FAST = { firstByteMs: 200, attemptMs: 500, idleMs: 300 } as const;

describe('upstream HTTP errors are passed on with the upstream status, message and provider', () => {
  it('401: the upstream message, error.provider and an AuthenticationError in the client', async () => {
    const gw = await gateway();
    sim.setDefault('openai', { status: 401 });
    const raw = await chat(gw);
    assert.equal(raw.status, 401);
    const error = assertOpenAIError(raw.json);
    assert.equal(error.provider, 'openai');
    assert.match(error.message, /Incorrect API key provided/);
    assert.ok(raw.headers.get('x-wai-request-id'), 'errors carry the request id too');
    // A rejected key takes the provider out of service in that gateway: the client check gets its own.
    await assert.rejects(gwClient((await gateway()).url).chat.completions.create(BODY as any), (err: unknown) => err instanceof OpenAI.AuthenticationError && err.status === 401);
  });

  it('429: status, message, provider, and the retry-after header passed on', async () => {
    const gw = await gateway();
    sim.setDefault('openai', { status: 429, headers: { 'retry-after': '7' } });
    const raw = await chat(gw);
    assert.equal(raw.status, 429);
    assert.equal(raw.headers.get('retry-after'), '7');
    const error = assertOpenAIError(raw.json);
    assert.equal(error.provider, 'openai');
    assert.match(error.message, /Rate limit reached/);
    await assert.rejects(gwClient((await gateway()).url).chat.completions.create(BODY as any), (err: unknown) => err instanceof OpenAI.RateLimitError);
  });

  it('500: status 500, the upstream message and the provider', async () => {
    const gw = await gateway();
    sim.setDefault('openai', { status: 500 });
    const raw = await chat(gw);
    assert.equal(raw.status, 500);
    const error = assertOpenAIError(raw.json);
    assert.equal(error.provider, 'openai');
    assert.match(error.message, /The server had an error while processing your request/);
  });

  it('404 model not found: status 404 with the upstream message and the provider', async () => {
    const gw = await gateway();
    const raw = await chat(gw, { ...BODY, model: 'openai/gpt-does-not-exist' });
    assert.equal(raw.status, 404);
    const error = assertOpenAIError(raw.json);
    assert.equal(error.provider, 'openai');
    assert.match(error.message, /gpt-does-not-exist/);
    assert.equal(error.code, 'model_not_found');
  });

  it('a provider-specific body (Mistral 422 detail list) becomes a readable message', async () => {
    const gw = await gateway(['mistral']);
    sim.setDefault('mistral', { status: 422, body: JSON.stringify({ detail: [{ type: 'extra_forbidden', loc: ['body', 'foo'], msg: 'Extra inputs are not permitted', input: 1 }] }) });
    const raw = await chat(gw, { ...BODY, model: 'mistral/mistral-large-latest' });
    assert.equal(raw.status, 422);
    const error = assertOpenAIError(raw.json);
    assert.equal(error.provider, 'mistral');
    assert.match(error.message, /Extra inputs are not permitted/);
  });

  it('a streamed request that fails upstream answers the error as JSON, not as a stream', async () => {
    const gw = await gateway();
    sim.setDefault('openai', { status: 401 });
    const raw = await chat(gw, { ...BODY, stream: true });
    assert.equal(raw.status, 401);
    assert.match(raw.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(assertOpenAIError(raw.json).provider, 'openai');
  });
});

describe('network failures', () => {
  it('a hang answers 504 within the small timeouts (whole answer)', async () => {
    const gw = await gateway(['openai'], FAST);
    sim.setDefault('openai', { hang: true });
    const started = Date.now();
    const raw = await chat(gw);
    assert.equal(raw.status, 504);
    assert.ok(Date.now() - started < 5000, `answered in ${Date.now() - started} ms`);
    const error = assertOpenAIError(raw.json);
    assert.equal(error.provider, 'openai');
  });

  it('a hang answers 504 (stream)', async () => {
    const gw = await gateway(['openai'], FAST);
    sim.setDefault('openai', { hang: true });
    const raw = await chat(gw, { ...BODY, stream: true });
    assert.equal(raw.status, 504);
    assertOpenAIError(raw.json);
  });

  it('a reset answers 502', async () => {
    const gw = await gateway(['openai'], FAST);
    sim.setDefault('openai', { reset: true });
    const raw = await chat(gw);
    assert.equal(raw.status, 502);
    const error = assertOpenAIError(raw.json);
    assert.equal(error.provider, 'openai');
    assert.equal(error.code, 'connection_reset');
  });

  it('a malformed upstream body answers 502', async () => {
    const gw = await gateway(['openai'], FAST);
    sim.setDefault('openai', { malformed: true });
    const raw = await chat(gw);
    assert.equal(raw.status, 502);
    const error = assertOpenAIError(raw.json);
    assert.equal(error.provider, 'openai');
    assert.equal(error.code, 'malformed_response');
  });

  it('a truncated upstream body answers 502', async () => {
    const gw = await gateway(['openai'], FAST);
    sim.setDefault('openai', { truncate: true });
    const raw = await chat(gw);
    assert.equal(raw.status, 502);
    assert.equal(assertOpenAIError(raw.json).provider, 'openai');
  });

  it('a malformed event before any content answers 502 (nothing was sent yet)', async () => {
    const gw = await gateway(['openai'], FAST);
    sim.setDefault('openai', { malformed: true });
    const raw = await chat(gw, { ...BODY, stream: true });
    assert.equal(raw.status, 502);
    assert.equal(assertOpenAIError(raw.json).code, 'malformed_response');
  });

  it('a connection cut after content ends the stream with an error event and no [DONE]', async () => {
    const gw = await gateway(['openai'], FAST);
    sim.setDefault('openai', { cutAfterChunks: 3 });
    const raw = await chat(gw, { ...BODY, stream: true });
    assert.equal(raw.status, 200);
    const sse = parseSse(raw.text);
    assert.equal(sse.done, false);
    const last = sse.data[sse.data.length - 1];
    assertOpenAIError(last);
    assert.equal(last.error.provider, 'openai');
  });

  it('an upstream that goes silent mid-stream ends it with an error event (idle timeout)', async () => {
    const upstream = await startTinyUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const base = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
      res.write(sseBody([{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] }], false));
      // ...and nothing more, with the connection left open.
    });
    try {
      const gw = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-idle-test-key', OPENAI_BASE_URL: `${upstream.url}/v1` }, timeouts: FAST });
      running.push(gw);
      const started = Date.now();
      const raw = await chat(gw, { ...BODY, stream: true });
      assert.ok(Date.now() - started < 5000, `ended in ${Date.now() - started} ms`);
      assert.equal(raw.status, 200);
      const sse = parseSse(raw.text);
      assert.equal(sse.data[0].choices[0].delta.content, 'Hel');
      assert.equal(sse.done, false);
      const last = sse.data[sse.data.length - 1];
      assertOpenAIError(last);
      assert.equal(last.error.provider, 'openai');
    } finally {
      await upstream.close();
    }
  });
});
