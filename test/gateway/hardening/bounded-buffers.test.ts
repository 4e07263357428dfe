/**
 * Issue 13, item 1: what an upstream can make the gateway hold has a bound. A stream that floods non-content
 * chunks before its first content fails that attempt as the provider's fault; a successful whole answer over the
 * answer limit fails it too, and the upstream is not read to its end.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { MAX_HELD_FRAMES } from '../../../src/engine/committed-stream.js';
import { DEFAULT_ANSWER_LIMIT, loadConfig } from '../../../src/config/config.js';
import { drained } from '../../../src/server/request-io.js';
import { postRaw, startTinyUpstream, within, type TinyUpstream } from '../gw-helpers.js';

let upstream: TinyUpstream;
let gw: RunningGateway;
const ANSWER_LIMIT = 64 * 1024;

const base = { id: 'chatcmpl-h1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
const chunk = (delta: object, finish: string | null = null) => JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });

before(async () => {
  upstream = await startTinyUpstream();
  gw = await startTestGateway({
    env: { OPENAI_API_KEY: 'sk-h1-test-key-0123', OPENAI_BASE_URL: `${upstream.url}/v1`, WAI_ANSWER_LIMIT: String(ANSWER_LIMIT) },
    timeouts: { firstByteMs: 5000, attemptMs: 20_000, idleMs: 5000 },
    retries: { maxRetries: 0 },
  });
});

after(async () => {
  await gw?.close();
  await upstream?.close();
});

describe('bounded buffers', () => {
  it('a stream flooding non-content chunks before any content fails as malformed, not held', async () => {
    const role = `data: ${chunk({ role: 'assistant' })}\n\n`;
    const floodFrames = MAX_HELD_FRAMES * 200;
    let written = 0;
    upstream.handler = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Written with back-pressure; stops when the gateway goes away.
      while (written < floodFrames && !res.destroyed) {
        written++;
        if (!res.write(role)) await drained(res);
      }
      res.end(`data: ${chunk({ content: 'late' })}\n\ndata: ${chunk({}, 'stop')}\n\ndata: [DONE]\n\n`);
    };
    const raw = await within(postRaw(`${gw.url}/v1/chat/completions`, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }), 15_000, 'the answer');
    assert.equal(raw.status, 502, raw.text.slice(0, 300));
    assert.equal(raw.json?.error?.code, 'malformed_response');
    assert.match(raw.json.error.message, /without any content/);
    assert.ok(written < floodFrames, `the upstream was cancelled (${written} of ${floodFrames} frames written)`);
  });

  it('a whole answer over the answer limit fails as response_too_large', async () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    upstream.handler = (_req, res) => {
      const body = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: big }, finish_reason: 'stop' }] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    };
    const raw = await within(postRaw(`${gw.url}/v1/chat/completions`, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }), 15_000, 'the answer');
    assert.equal(raw.status, 502, raw.text.slice(0, 300));
    assert.equal(raw.json?.error?.code, 'response_too_large');
    assert.match(raw.json.error.message, /larger than/);
  });

  it('an answer under the limit is served', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'small' }, finish_reason: 'stop' }] }));
    };
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(raw.status, 200);
    assert.equal(raw.json.choices[0].message.content, 'small');
  });

  it('the answer limit has a default and is configurable', () => {
    assert.equal(loadConfig({ env: {} }).answerLimitBytes, DEFAULT_ANSWER_LIMIT);
    assert.equal(loadConfig({ env: { WAI_ANSWER_LIMIT: '1000' } }).answerLimitBytes, 1000);
  });
});
