/**
 * Issue 13, item 5: an event after the first content that is not a chat chunk (`data: {not json`) must not reach
 * the caller followed by [DONE]; the stream ends with an error event and the attempt is recorded as failed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import { parseSse, postRaw, startTinyUpstream, within, type TinyUpstream } from '../gw-helpers.js';

let upstream: TinyUpstream;
let gw: RunningGateway;
const records: RequestRecord[] = [];

const BODY = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi' }], stream: true };
const base = { id: 'chatcmpl-h5', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
const chunk = (delta: object, finish: string | null = null) => JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });

function nextRecord(): Promise<RequestRecord> {
  const seen = records.length;
  return within(new Promise((resolve) => {
    const poll = () => (records.length > seen ? resolve(records[seen]!) : setTimeout(poll, 5));
    poll();
  }), 5000, 'the request record');
}

before(async () => {
  upstream = await startTinyUpstream();
  gw = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-h5-test-key-0123', OPENAI_BASE_URL: `${upstream.url}/v1` }, timeouts: { firstByteMs: 2000, attemptMs: 4000, idleMs: 2000 } });
  gw.runtime.engine.addObserver({ requestFinished: (r) => { records.push(r); } });
});

after(async () => {
  await gw?.close();
  await upstream?.close();
});

describe('invalid stream events after the first content', () => {
  for (const [name, bad] of [['an unterminated object', '{not json'], ['a bare word', 'garbage'], ['an array', '[1,2]']] as const) {
    it(`${name} ends the stream with an error event and a failed attempt`, async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`data: ${chunk({ role: 'assistant', content: 'Hi' })}\n\ndata: ${bad}\n\ndata: ${chunk({}, 'stop')}\n\ndata: [DONE]\n\n`);
      };
      const recorded = nextRecord();
      const raw = await postRaw(`${gw.url}/v1/chat/completions`, BODY);
      assert.equal(raw.status, 200);
      const sse = parseSse(raw.text);
      assert.equal(sse.done, false, 'no [DONE] after a broken event');
      assert.deepEqual(sse.junk, [], 'the broken event is not passed on');
      const last = sse.data.at(-1);
      assert.equal(last?.error?.code, 'malformed_response', `an error event closes the stream: ${raw.text}`);
      const record = await recorded;
      assert.equal(record.error, 'stream_broken');
      const attempt = record.attempts.at(-1)!;
      assert.equal(attempt.ok, false, 'the attempt is recorded as failed');
      assert.equal(attempt.code, 'malformed_response');
      assert.equal(attempt.errorClass, 'transient');
    });
  }

  it('valid chunks still pass through as they came', async () => {
    const odd = `{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":null}]}`;
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${chunk({ role: 'assistant', content: 'Hi' })}\n\ndata: ${odd}\n\ndata: ${chunk({}, 'stop')}\n\ndata: [DONE]\n\n`);
    };
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, BODY);
    assert.ok(raw.text.includes(`data: ${odd}\n\n`), 'the chunk is forwarded byte for byte');
    assert.equal(parseSse(raw.text).done, true);
  });
});
