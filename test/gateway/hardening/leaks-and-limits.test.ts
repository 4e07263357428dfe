/**
 * Issue 13, item 8 (continued): a key echoed back in base64 is redacted like the key itself; the SQLite request
 * log is created readable by its owner only; a committed stream has an overall time limit (on the injected clock).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redactor } from '../../../src/internal/redact.js';
import { SqliteDb } from '../../../src/observe/log/sqlite-db.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { parseSse, postRaw, startTinyUpstream, within, type TinyUpstream } from '../gw-helpers.js';

const KEY = 'sk-h8-secret-0123456789abcdefXYZ';

/** Every base64-looking run in the text, decoded (both alphabets). */
function decodedRuns(text: string): string[] {
  return (text.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []).flatMap((run) => {
    const out: string[] = [];
    for (let skip = 0; skip < 4; skip++) out.push(Buffer.from(run.slice(skip).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
    return out;
  });
}

describe('base64 forms of a key', () => {
  const redactor = new Redactor([KEY]);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const samples = [
    `echo: ${b64(KEY)}`,
    `Authorization: Basic ${b64(`user:${KEY}`)}`,
    `token ${b64(`Bearer ${KEY}`)} rejected`,
    `x${b64(`ab${KEY}cd`)}`,
    `urlsafe ${b64(`??>${KEY}`).replace(/\+/g, '-').replace(/\//g, '_')}`,
  ];
  for (const sample of samples) {
    it(`redacts ${sample.slice(0, 30)}…`, () => {
      assert.ok(decodedRuns(sample).some((d) => d.includes(KEY.slice(4, -4))), 'the sample does carry the key');
      const out = redactor.redact(sample);
      assert.match(out, /\[redacted\]/);
      for (const decoded of decodedRuns(out)) assert.ok(!decoded.includes(KEY.slice(4, -4)), `no key inside ${out}`);
    });
  }
  it('leaves other base64 alone', () => {
    const other = b64('nothing secret in here at all');
    assert.equal(redactor.redact(other), other);
  });
});

describe('the SQLite request log file', () => {
  it('is created readable and writable by its owner only', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wai-h8-')), 'data', 'wai.sqlite');
    const db = new SqliteDb(path);
    try {
      assert.equal(statSync(path).mode & 0o777, 0o600);
    } finally {
      db.close();
    }
  });
});

describe('a committed stream has an overall time limit', () => {
  let upstream: TinyUpstream;
  let gw: RunningGateway;
  const clock = new ManualClock();
  before(async () => {
    upstream = await startTinyUpstream();
    gw = await startTestGateway({ env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${upstream.url}/v1` }, clock, timeouts: { streamMs: 60_000 } });
  });
  after(async () => {
    await gw?.close();
    await upstream?.close();
  });

  it('past timeouts.streamMs the upstream is cancelled and the stream ends with an error event', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'drip' }, finish_reason: null }] })}\n\n`);
    };
    const closed = upstream.nextClose();
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }) });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    assert.match(text, /drip/);
    clock.advance(59_999);
    clock.advance(1);
    for (;;) {
      const next = await within(reader.read(), 5000, 'the end of the stream');
      if (next.done) break;
      text += new TextDecoder().decode(next.value);
    }
    await within(closed, 5000, 'the upstream to be cancelled');
    const sse = parseSse(text);
    assert.equal(sse.done, false);
    assert.equal(sse.data.at(-1)?.error?.code, 'stream_timeout', text);
  });

  it('a stream that ends in time is untouched', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
    };
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    assert.equal(parseSse(raw.text).done, true);
    assert.equal(clock.pendingTimers, 0, 'the limit timer is cleared when the stream ends');
  });
});
