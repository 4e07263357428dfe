/**
 * A /v1/messages caller that goes away aborts the upstream call, on the pass-through relay as on chat: a tiny
 * Anthropic upstream sees its connection close, and the request is logged as closed by the client.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import { readUntil, startTinyUpstream, within, type TinyUpstream } from '../../gateway/gw-helpers.js';

let upstream: TinyUpstream;
let gw: RunningGateway;

before(async () => {
  upstream = await startTinyUpstream();
  gw = await startTestGateway({ env: { ANTHROPIC_API_KEY: 'sk-ant-disconnect', ANTHROPIC_BASE_URL: upstream.url } });
});
after(async () => {
  await gw?.close();
  await upstream?.close();
});

const event = (payload: { type: string }) => `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;

test('aborting a relayed Anthropic stream closes the upstream connection; the record says client_closed', async () => {
  const records: RequestRecord[] = [];
  gw.engine.addObserver({ requestFinished: (record) => records.push(record) });
  upstream.handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(event({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'claude-haiku-4-5-20251001', usage: { input_tokens: 4, output_tokens: 1 } } } as never)
      + event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } as never)
      + event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Once upon a time' } } as never));
    // The rest never comes: only the connection closing ends this response.
  };
  const closed = upstream.nextClose();
  const controller = new AbortController();
  const response = await fetch(`${gw.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-haiku-4-5-20251001', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Tell me a long story' }] }),
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  const seen = await readUntil(response.body!, 'Once upon a time');
  assert.ok(seen.includes('Once upon a time'), 'the first content reached the client as Anthropic sent it');
  controller.abort();
  await within(closed, 3000, 'the upstream connection to close after the client went away');
  for (let turn = 0; records.length === 0 && turn < 10_000; turn++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(records[0]?.operation, 'messages');
  assert.equal(records[0]?.error, 'client_closed');
  assert.equal(upstream.requests.length, 1, 'the gateway did not call the upstream again');
});
