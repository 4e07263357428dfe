/**
 * How the gateway reads an upstream event stream: odd but valid SSE framing from a tiny loopback upstream must
 * reach the caller as the same chunks, and a stream that ended properly must not be reported as cut short.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type OpenAI from 'openai';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { collect, gwClient, parseSse, postRaw, startTinyUpstream, type TinyUpstream } from './gw-helpers.js';

let upstream: TinyUpstream;
let gw: RunningGateway;
let client: OpenAI;

const BODY = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Say hi' }], stream: true as const };
const base = { id: 'chatcmpl-f1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
const chunk = (delta: object, finish: string | null = null) => JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
const ROLE = chunk({ role: 'assistant', content: '' });
const STOP = chunk({}, 'stop');

/** Serves these pieces as separate writes, a few milliseconds apart. */
function serveWrites(pieces: string[]): void {
  upstream.handler = async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const piece of pieces) {
      res.write(piece);
      await sleep(5);
    }
    res.end();
  };
}

before(async () => {
  upstream = await startTinyUpstream();
  gw = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-framing-test-key', OPENAI_BASE_URL: `${upstream.url}/v1` }, timeouts: { firstByteMs: 1000, attemptMs: 2000, idleMs: 1000 } });
  client = gwClient(gw.url);
});

after(async () => {
  await gw?.close();
  await upstream?.close();
});

describe('upstream SSE framing', () => {
  it('CRLF line endings', async () => {
    serveWrites([[ROLE, chunk({ content: 'Hi' }), chunk({ content: ' there' }), STOP].map((c) => `data: ${c}\r\n\r\n`).join('') + 'data: [DONE]\r\n\r\n']);
    const got = await collect(await client.chat.completions.create(BODY));
    assert.equal(got.content, 'Hi there');
    assert.equal(got.finish, 'stop');
  });

  it('events split across writes mid-line, mid-JSON and inside a multi-byte character', async () => {
    const text = `data: ${ROLE}\n\ndata: ${chunk({ content: 'Grüße 🌍' })}\n\ndata: ${STOP}\n\ndata: [DONE]\n\n`;
    const bytes = Buffer.from(text, 'utf8');
    const emoji = bytes.indexOf(Buffer.from('🌍', 'utf8'));
    const cuts = [3, 40, emoji + 2, emoji + 3, bytes.length - 4];
    const pieces: Buffer[] = [];
    let start = 0;
    for (const cut of cuts) {
      pieces.push(bytes.subarray(start, cut));
      start = cut;
    }
    pieces.push(bytes.subarray(start));
    upstream.handler = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of pieces) {
        res.write(piece);
        await sleep(5);
      }
      res.end();
    };
    const got = await collect(await client.chat.completions.create(BODY));
    assert.equal(got.content, 'Grüße 🌍');
  });

  it('`data:` without a space, comments and an `event:` line between events', async () => {
    serveWrites([`: hello\n\ndata:${ROLE}\n\n`, `event: message\ndata:${chunk({ content: 'Hi' })}\n\n`, `: ping\n\ndata:${STOP}\n\ndata:[DONE]\n\n`]);
    const got = await collect(await client.chat.completions.create(BODY));
    assert.equal(got.content, 'Hi');
    assert.equal(got.finish, 'stop');
  });

  it('a stream that reaches its finish reason and ends without [DONE] is complete (no error event)', async () => {
    serveWrites([`data: ${ROLE}\n\n`, `data: ${chunk({ content: 'Hello' })}\n\n`, `data: ${chunk({ content: ' world' })}\n\n`, `data: ${STOP}\n\n`]);
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, BODY);
    assert.equal(raw.status, 200);
    const sse = parseSse(raw.text);
    const errors = sse.data.filter((d: any) => d.error);
    assert.deepEqual(errors, [], 'no error event');
    assert.equal(sse.done, true, 'the gateway ends the stream with its own [DONE]');
    assert.equal(sse.data.map((d: any) => d.choices?.[0]?.delta?.content ?? '').join(''), 'Hello world');
  });

  it('a last event without its closing blank line is still delivered', async () => {
    serveWrites([`data: ${ROLE}\n\n`, `data: ${chunk({ content: 'Hello' })}\n\n`, `data: ${STOP}\n\ndata: [DONE]\n`]);
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, BODY);
    assert.equal(raw.status, 200);
    const sse = parseSse(raw.text);
    assert.deepEqual(sse.data.filter((d: any) => d.error), [], 'no error event');
    assert.equal(sse.done, true);
  });

  it('a final finish chunk without its closing blank line and no [DONE] is still delivered', async () => {
    serveWrites([`data: ${ROLE}\n\n`, `data: ${chunk({ content: 'Hello' })}\n\n`, `data: ${STOP}\n`]);
    const got = await collect(await client.chat.completions.create(BODY));
    assert.equal(got.content, 'Hello');
    assert.equal(got.finish, 'stop');
  });

  it('a stream cut before its finish reason ends with an error event, not [DONE]', async () => {
    serveWrites([`data: ${ROLE}\n\n`, `data: ${chunk({ content: 'Hello' })}\n\n`]);
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, BODY);
    const sse = parseSse(raw.text);
    assert.equal(sse.done, false);
    const last = sse.data[sse.data.length - 1];
    assert.ok(last.error, 'an error event closes the stream');
    assert.equal(last.error.provider, 'openai');
  });
});
