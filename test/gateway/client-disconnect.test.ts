/**
 * A caller that goes away aborts the upstream call: a tiny upstream resolves a promise when its side of the
 * connection closes, which is only possible if the gateway gave up the upstream request.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { readUntil, sseBody, startTinyUpstream, within, type TinyUpstream } from './gw-helpers.js';

let upstream: TinyUpstream;
let gw: RunningGateway;

const BODY = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me a long story' }] };
const base = { id: 'chatcmpl-d1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };

before(async () => {
  upstream = await startTinyUpstream();
  gw = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-disconnect-test-key', OPENAI_BASE_URL: `${upstream.url}/v1` } });
});

after(async () => {
  await gw?.close();
  await upstream?.close();
});

beforeEach(() => {
  upstream.requests.length = 0;
});

async function waitForRequest(): Promise<void> {
  await within((async () => {
    while (upstream.requests.length === 0) await sleep(5);
  })(), 2000, 'the upstream to receive the request');
}

describe('client disconnect', () => {
  it('aborting a committed stream closes the upstream connection', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sseBody([
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: { content: 'Once upon a time' }, finish_reason: null }] },
      ], false));
      // The rest of the story never comes; only the connection closing ends this response.
    };
    const closed = upstream.nextClose();
    const controller = new AbortController();
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...BODY, stream: true }),
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    const seen = await readUntil(res.body!, 'Once upon a time');
    assert.ok(seen.includes('Once upon a time'), 'the first content reached the client');
    controller.abort();
    await within(closed, 3000, 'the upstream connection to close after the client went away');
    await sleep(100);
    assert.equal(upstream.requests.length, 1, 'the gateway did not call the upstream again');
  });

  it('aborting while the whole answer is awaited closes the upstream connection', async () => {
    upstream.handler = () => {
      // Never answers.
    };
    const closed = upstream.nextClose();
    const controller = new AbortController();
    const pending = fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BODY),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await waitForRequest();
    controller.abort();
    const outcome = await pending;
    assert.ok(outcome instanceof Error && outcome.name === 'AbortError');
    await within(closed, 3000, 'the upstream connection to close after the client went away');
    await sleep(100);
    assert.equal(upstream.requests.length, 1, 'no retry after the caller left');
  });

  it('aborting a stream before its first content closes the upstream connection', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': still thinking\n\n');
    };
    const closed = upstream.nextClose();
    const controller = new AbortController();
    const pending = fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...BODY, stream: true }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await waitForRequest();
    await sleep(50);
    controller.abort();
    await pending;
    await within(closed, 3000, 'the upstream connection to close after the client went away');
  });

  it('the gateway keeps serving after those disconnects', async () => {
    upstream.handler = (_req, res) => {
      const body = JSON.stringify({ id: 'c2', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'still here' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BODY) });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as any).choices[0].message.content, 'still here');
  });
});
