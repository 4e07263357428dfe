/**
 * Issue 13, item 2: a client's own fault never counts against a provider. A body nested thousands deep is the
 * client's 400 before any provider is contacted; a request the gateway cannot build is the gateway's error, not
 * a provider failure; an attempt cut by the client's own short `wai.timeout_ms` opens no breaker.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway } from '../../helpers/gateway.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import type { RunningGateway } from '../../../src/gateway.js';
import type { ChatRequest } from '../../../src/types/chat.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../src/internal/json-depth.js';
import { postRaw, startTinyUpstream, within, type TinyUpstream } from '../gw-helpers.js';

const MODEL = 'gpt-4o-mini';
const answer = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: MODEL, choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });

function deep(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { x: value };
  return value;
}

/** No breaker is open or half-open and the provider has no failure on record. */
function assertUnblamed(gw: RunningGateway): void {
  assert.deepEqual(gw.runtime.engine.health.breakers(), []);
  assert.equal(gw.runtime.engine.health.stats('openai')?.failures ?? 0, 0);
}

describe('JSON nesting depth', () => {
  it('counts only brackets outside strings, escapes included', () => {
    assert.equal(nestsDeeperThan(Buffer.from('{"a":"[[[[[[[[[["}'), 2), false);
    assert.equal(nestsDeeperThan(Buffer.from('{"a":"\\"[[[[[[\\\\"}'), 2), false);
    assert.equal(nestsDeeperThan(Buffer.from('{"a":"\\\\","b":[[[1]]]}'), 3), true);
    assert.equal(nestsDeeperThan(Buffer.from('[[1],[2],[3],{"a":[4]}]'), 3), false);
    assert.equal(nestsDeeperThan(Buffer.from(JSON.stringify(deep(MAX_JSON_DEPTH))), MAX_JSON_DEPTH), false);
    assert.equal(nestsDeeperThan(Buffer.from(JSON.stringify(deep(MAX_JSON_DEPTH + 1))), MAX_JSON_DEPTH), true);
  });
});

describe('a client fault opens no breaker', () => {
  let upstream: TinyUpstream;
  let gw: RunningGateway;
  const clock = new ManualClock();

  before(async () => {
    upstream = await startTinyUpstream();
    gw = await startTestGateway({
      env: { OPENAI_API_KEY: 'sk-h2-test-key-0123', OPENAI_BASE_URL: `${upstream.url}/v1` },
      clock,
      timeouts: { attemptMs: 5000, deadlineMs: 60_000 },
    });
  });

  beforeEach(() => {
    upstream.requests.length = 0;
    gw.runtime.engine.health.reset('openai');
  });

  after(async () => {
    await gw?.close();
    await upstream?.close();
  });

  it('a body nested 6,000 deep is a 400 and reaches no provider', async () => {
    upstream.handler = (_req, res) => { res.end(answer); };
    for (let i = 0; i < 3; i++) {
      // Written out by hand: JSON.stringify itself overflows the stack at this depth.
      const body = `{"model":"openai/${MODEL}","messages":[{"role":"user","content":"hi"}],"extra":${'{"x":'.repeat(6000)}1${'}'.repeat(6000)}}`;
      const raw = await postRaw(`${gw.url}/v1/chat/completions`, body);
      assert.equal(raw.status, 400, raw.text.slice(0, 200));
      assert.equal(raw.json.error.code, 'json_too_deep');
    }
    assert.equal(upstream.requests.length, 0);
    assertUnblamed(gw);
  });

  it('a request the gateway cannot build (SDK path, no parse) is the gateway\'s error, not the provider\'s', async () => {
    upstream.handler = (_req, res) => { res.end(answer); };
    const request = { model: `openai/${MODEL}`, messages: [{ role: 'user', content: 'hi' }], extra: deep(200_000) } as unknown as ChatRequest;
    for (let i = 0; i < 3; i++) {
      await assert.rejects(gw.runtime.engine.chat(request), (error: Error) => {
        assert.equal((error as { errorClass?: unknown }).errorClass, undefined, `not a provider failure: ${error.message}`);
        return true;
      });
    }
    assert.equal(upstream.requests.length, 0);
    assertUnblamed(gw);
  });

  /** Sends a request to an upstream that never answers, moves the clock by `advanceMs` once it arrived. */
  async function timedOut(body: object, advanceMs: number) {
    upstream.handler = () => undefined;
    const seen = upstream.requests.length;
    const pending = postRaw(`${gw.url}/v1/chat/completions`, body);
    await within((async () => { while (upstream.requests.length === seen) await new Promise((r) => setTimeout(r, 2)); })(), 5000, 'the upstream request');
    clock.advance(advanceMs);
    // Retries (of what is the provider's fault) wait on the clock too: keep it moving until the answer is in.
    let settled = false;
    const ticking = setInterval(() => { if (!settled) clock.advance(advanceMs); }, 20);
    try {
      return await within(pending, 5000, 'the answer');
    } finally {
      settled = true;
      clearInterval(ticking);
    }
  }

  it('three requests cut by their own wai.timeout_ms of 1 ms open no breaker', async () => {
    for (let i = 0; i < 3; i++) {
      const raw = await timedOut({ model: `openai/${MODEL}`, messages: [{ role: 'user', content: 'hi' }], wai: { timeout_ms: 1 } }, 1);
      assert.equal(raw.status, 504, raw.text.slice(0, 300));
      assert.equal(raw.json.error.code, 'client_timeout');
    }
    assert.equal(upstream.requests.length, 3, 'one attempt each: the client\'s own limit is not retried');
    assertUnblamed(gw);
  });

  it('the same with a short wai.deadline_ms', async () => {
    const raw = await timedOut({ model: `openai/${MODEL}`, messages: [{ role: 'user', content: 'hi' }], wai: { deadline_ms: 1 } }, 1);
    assert.equal(raw.status, 504);
    assert.equal(raw.json.error.code, 'client_timeout');
    assertUnblamed(gw);
  });

  it('a provider slower than the gateway\'s own attempt timeout is still blamed', async () => {
    const raw = await timedOut({ model: `openai/${MODEL}`, messages: [{ role: 'user', content: 'hi' }], wai: { timeout_ms: 10_000 } }, 5000);
    assert.equal(raw.json.error.code, 'attempt_timeout');
    assert.ok((gw.runtime.engine.health.stats('openai')?.failures ?? 0) >= 1, 'counted against the provider');
  });
});
