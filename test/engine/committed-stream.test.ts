/**
 * A committed stream read chunk by chunk from an upstream body fed by hand: the order, the drain, the end reported
 * once; pushed to a receiver (`forward`) in the upstream's own turn, with its pauses bounded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openCommittedStream, type ChatStream, type StreamItem } from '../../src/engine/committed-stream.js';
import { continueOnBreak } from '../../src/engine/continue-stream.js';
import { StreamBodyHandler } from '../../src/engine/stream-body-handler.js';
import { AttemptSignal } from '../../src/engine/attempt-signal.js';
import { DIALECTS } from '../../src/dialects/index.js';
import { Secret } from '../../src/internal/secret.js';
import { systemClock } from '../../src/internal/clock.js';
import type { Transport } from '../../src/dialects/types.js';
import type { RouteTarget } from '../../src/routing/route.js';
import { fakeAttemptContext } from '../helpers/dialect-harness.js';

const frame = (delta: object, finish: string | null = null) =>
  Buffer.from(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);

/**
 * An upstream whose body the test writes, as undici's original handler interface feeds it: `paused` is set when the
 * handler refuses a chunk (onData returned false) and cleared when it calls the resume function given with the
 * headers; `aborted` tells whether the gateway gave the response up.
 */
function handFedUpstream() {
  let handler: StreamBodyHandler | undefined;
  const state = { aborted: false };
  const controller = { paused: false };
  const transport: Transport = {
    send: (_request, signal) => new Promise((resolve, reject) => {
      handler = new StreamBodyHandler(signal, resolve, reject);
      handler.onConnect(() => { state.aborted = true; });
      handler.onHeaders(200, [], () => { controller.paused = false; });
    }),
  };
  const data = (bytes: Buffer) => {
    if (!handler!.onData(bytes)) controller.paused = true;
  };
  return { transport, state, controller, data, end: () => handler!.onComplete() };
}

/** Starts the attempt; once its request is sent, `committed` is the stream still waiting for its first content. */
async function open(upstream: ReturnType<typeof handFedUpstream>, ends: ChatStream[]): Promise<{ committed: Promise<ChatStream> }> {
  const ctx = fakeAttemptContext('openai', 'gpt-4o', new Secret('sk-test', 'OPENAI_API_KEY'), { stream: true }, { stream: true });
  const attempt = new AttemptSignal(systemClock, undefined, 60_000, Date.now() + 60_000, true);
  const opening = openCommittedStream(DIALECTS.get('openai')!, ctx, upstream.transport, attempt, {
    redact: (text) => text, onLateFailure: () => undefined, onEnd: (stream) => ends.push(stream),
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { committed: opening };
}

const texts = (items: StreamItem[]) => items.map((item) => (item.type === 'chunk' ? JSON.parse(item.json).choices[0].delta.content ?? '' : 'error'));

describe('committed stream', () => {
  it('gives the held role chunk, then each chunk in order; after [DONE] the body is drained before the end is reported, once', async () => {
    const upstream = handFedUpstream();
    const ends: ChatStream[] = [];
    const { committed } = await open(upstream, ends);
    upstream.data(frame({ role: 'assistant', content: '' }));
    upstream.data(frame({ content: 'Hel' }));
    const stream = await committed;
    const read: StreamItem[] = [];
    const reading = (async () => { for await (const item of stream) read.push(item); })();
    // Two events in one read, then one split across two reads.
    upstream.data(Buffer.concat([frame({ content: 'lo' }), frame({ content: ',' })]));
    const split = frame({ content: ' world' });
    upstream.data(split.subarray(0, 20));
    await new Promise((resolve) => setImmediate(resolve));
    upstream.data(split.subarray(20));
    upstream.data(Buffer.concat([frame({}, 'stop'), Buffer.from('data: [DONE]\n\n')]));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(ends.length, 0, 'not ended while the body is still open');
    upstream.data(Buffer.from(': trailing comment\n\n'));
    upstream.end();
    await reading;
    assert.deepEqual(texts(read), ['', 'Hel', 'lo', ',', ' world', '']);
    assert.equal(stream.completed, true);
    assert.equal(ends.length, 1);
    assert.equal(upstream.state.aborted, false, 'a finished response is not aborted');
    await stream.cancel();
    assert.equal(ends.length, 1, 'the end is reported once');
  });

  it('a reader that leaves early gives the upstream up and reports the end once; a continued stream passes the same chunks', async () => {
    const upstream = handFedUpstream();
    const ends: ChatStream[] = [];
    const opened = await open(upstream, ends);
    upstream.data(frame({ role: 'assistant', content: 'A' }));
    const committed = await opened.committed;
    let continuedEnds = 0;
    const target = {} as RouteTarget;
    const stream = continueOnBreak(committed, target, { resume: async () => undefined, onContinued: () => undefined, onEnd: () => { continuedEnds++; } }, () => undefined);
    const read: StreamItem[] = [];
    upstream.data(frame({ content: 'B' }));
    for await (const item of stream) {
      read.push(item);
      if (read.length === 2) break;
    }
    assert.deepEqual(texts(read), ['A', 'B']);
    assert.equal(upstream.state.aborted, true);
    assert.equal(ends.length, 1);
    assert.equal(continuedEnds, 1);
    assert.equal(stream.completed, false);
    await stream.cancel();
    assert.equal(ends.length, 1);
    assert.equal(continuedEnds, 1);
  });

  it('a body that ends without [DONE] after content ends the stream with an error item', async () => {
    const upstream = handFedUpstream();
    const { committed } = await open(upstream, []);
    upstream.data(frame({ role: 'assistant', content: 'A' }));
    const stream = await committed;
    const read: StreamItem[] = [];
    const reading = (async () => { for await (const item of stream) read.push(item); })();
    upstream.data(frame({ content: 'B' }));
    upstream.end();
    await reading;
    assert.deepEqual(texts(read), ['A', 'B', 'error']);
    assert.equal(stream.completed, false);
  });

  it('forwards each chunk in the upstream read that brought it; a receiver that asks for a pause stops the flow, and the upstream is paused while 64 chunks wait', async () => {
    const upstream = handFedUpstream();
    const ends: ChatStream[] = [];
    const { committed } = await open(upstream, ends);
    upstream.data(frame({ role: 'assistant', content: '' }));
    upstream.data(frame({ content: 'A' }));
    const stream = await committed;
    const got: string[] = [];
    let accept = true;
    let ended = 0;
    stream.forward({
      chunk: (json) => { got.push(JSON.parse(json).choices[0].delta.content); return accept; },
      error: () => assert.fail('no error expected'),
      end: () => { ended++; },
    });
    assert.deepEqual(got, ['', 'A'], 'the held chunks at once');
    upstream.data(frame({ content: 'B' }));
    assert.deepEqual(got, ['', 'A', 'B'], 'no turn of the event loop between the upstream read and the receiver');
    accept = false;
    upstream.data(frame({ content: 'C' }));
    for (let i = 0; i < 70; i++) upstream.data(frame({ content: `${i}` }));
    assert.deepEqual(got, ['', 'A', 'B', 'C'], 'nothing more after the receiver asked for a pause');
    assert.equal(upstream.controller.paused, true, 'the upstream socket is paused');
    accept = true;
    stream.resume();
    assert.equal(got.length, 4 + 70);
    assert.deepEqual(got.slice(4, 7), ['0', '1', '2']);
    assert.equal(upstream.controller.paused, false, 'reading resumed once the chunks were taken');
    upstream.data(Buffer.concat([frame({}, 'stop'), Buffer.from('data: [DONE]\n\n')]));
    assert.equal(ended, 0, 'not ended while the body is open');
    upstream.end();
    assert.equal(ended, 1);
    assert.equal(ends.length, 1);
    assert.equal(stream.completed, true);
  });

  it('chunks that come before anyone reads wait, bounded: the upstream is paused, then read again once they are taken', async () => {
    const upstream = handFedUpstream();
    const { committed } = await open(upstream, []);
    upstream.data(frame({ role: 'assistant', content: 'A' }));
    const stream = await committed;
    for (let i = 0; i < 100; i++) upstream.data(frame({ content: `${i}` }));
    assert.equal(upstream.controller.paused, true);
    const read: StreamItem[] = [];
    const reading = (async () => { for await (const item of stream) read.push(item); })();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(upstream.controller.paused, false);
    upstream.data(Buffer.concat([frame({}, 'stop'), Buffer.from('data: [DONE]\n\n')]));
    upstream.end();
    await reading;
    assert.equal(read.length, 1 + 100 + 1);
    assert.deepEqual(texts(read).slice(0, 3), ['A', '0', '1']);
  });
});
