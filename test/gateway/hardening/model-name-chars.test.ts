/**
 * Issue 13, item 4: a model name with CR/LF, NUL or characters outside printable ASCII is refused at validation
 * (nothing is sent upstream or billed); served headers are written safely whatever they hold; a committed stream
 * that is never read (its response could not start) still cancels its upstream and writes its record.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateHeaderValue } from 'node:http';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import type { ChatRequest } from '../../../src/types/chat.js';
import { servedHeaders } from '../../../src/server/send.js';
import { postRaw, startTinyUpstream, within, type TinyUpstream } from '../gw-helpers.js';

let upstream: TinyUpstream;
let gw: RunningGateway;
const records: RequestRecord[] = [];
const answer = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });

before(async () => {
  upstream = await startTinyUpstream((_req, res) => { res.end(answer); });
  gw = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-h4-test-key-0123', OPENAI_BASE_URL: `${upstream.url}/v1` } });
  gw.runtime.engine.addObserver({ requestFinished: (r) => { records.push(r); } });
});

after(async () => {
  await gw?.close();
  await upstream?.close();
});

const BAD_NAMES: Array<[string, string]> = [
  ['CR/LF', 'openai/gpt-4o-mini\r\nx-injected: 1'],
  ['NUL', 'openai/gpt-4o-mini\u0000'],
  ['a character outside Latin-1', 'openai/gpt-\u2603'],
  ['CJK', 'openai/\u6a21\u578b'],
  ['a tab', 'openai/gpt\t4o'],
];

describe('model names that cannot travel in a header', () => {
  for (const [what, model] of BAD_NAMES) {
    for (const stream of [false, true]) {
      it(`${what} (${stream ? 'stream' : 'whole'}) is a 400 naming the field; nothing goes upstream`, async () => {
        const before = upstream.requests.length;
        const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model, messages: [{ role: 'user', content: 'hi' }], stream });
        assert.equal(raw.status, 400, raw.text.slice(0, 200));
        assert.equal(raw.json.error.param, 'model');
        assert.match(raw.json.error.message, /printable ASCII/);
        assert.equal(upstream.requests.length, before);
      });
    }
  }

  it('the same on /v1/messages (Anthropic format) and /v1/responses: every route refuses it before the upstream', async () => {
    const before = upstream.requests.length;
    const messages = await postRaw(`${gw.url}/v1/messages`, { model: 'openai/gpt\r\n4', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(messages.status, 400, messages.text.slice(0, 200));
    assert.equal(messages.json.type, 'error');
    assert.match(messages.json.error.message, /model/);
    const responses = await postRaw(`${gw.url}/v1/responses`, { model: 'openai/gpt\u0000', input: 'hi' });
    assert.equal(responses.status, 400, responses.text.slice(0, 200));
    assert.equal(responses.json.error.param, 'model');
    assert.equal(upstream.requests.length, before);
  });

  it('the same in the `models` fallback list', async () => {
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: 'openai/gpt-4o-mini', models: ['openai/gpt\r\n4'], messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(raw.status, 400);
    assert.equal(raw.json.error.param, 'models[0]');
  });

  it('ordinary names with slashes, colons, dots and spaces-free punctuation still pass', async () => {
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: 'openai/wai-test:free@v1.2_x', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(raw.status, 200, raw.text.slice(0, 200));
  });

  it('served headers are always writable, whatever the names hold', () => {
    const headers = servedHeaders({ requestId: 'r', provider: 'p\r\n', model: 'a\u0000b\u2603', level: 1, attempts: [] });
    for (const [name, value] of Object.entries(headers)) assert.doesNotThrow(() => validateHeaderValue(name, value), `${name}: ${JSON.stringify(value)}`);
    assert.equal(headers['x-wai-model'], 'a%00b%E2%98%83');
  });
});

describe('a committed stream given up before it is read', () => {
  it('cancels its upstream and writes its record', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] })}\n\n`);
      // ...and then nothing: only a cancel ends this stream.
    };
    const closed = upstream.nextClose();
    const seen = records.length;
    const result = await gw.runtime.engine.chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true } as ChatRequest);
    assert.equal(result.stream, true);
    if (!result.stream) return;
    await result.chunks.cancel();
    await within(closed, 5000, 'the upstream connection to close');
    await within((async () => { while (records.length === seen) await new Promise((r) => setTimeout(r, 5)); })(), 5000, 'the record');
    assert.equal(records.at(-1)!.servedProvider, 'openai');
  });
});
