import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { liveBytesMeter } from '../helpers/live-bytes.js';
import { createSseDecoder, MAX_SSE_EVENT_BYTES } from '../../src/internal/sse.js';

const MiB = 1024 * 1024;

function decodeIn(pieces: Uint8Array[]): { data: string[]; errors: string[] } {
  const data: string[] = [];
  const errors: string[] = [];
  const decoder = createSseDecoder((event) => data.push(event.data), (error) => errors.push(error.message));
  // As the stream shell does: nothing more is pushed after an error.
  for (const piece of pieces) {
    if (errors.length) return { data, errors };
    decoder.push(piece);
  }
  decoder.end();
  return { data, errors };
}

/** `text` as UTF-8, cut every `size` bytes (multi-byte characters split too). */
function cut(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

describe('createSseDecoder', () => {
  const stream = 'data: {"a":"héllo 🦊"}\n\n: comment\r\n\r\ndata: one\ndata: two\r\n\r\n' + `data: ${'x'.repeat(200_000)}\n\n` + 'data: [DONE]\n\n';
  const expected = ['{"a":"héllo 🦊"}', 'one\ntwo', 'x'.repeat(200_000), '[DONE]'];

  it('gives the same events however the bytes are cut', () => {
    for (const size of [1, 2, 3, 7, 64, 65_536, 1_000_000]) {
      assert.deepEqual(decodeIn(cut(stream, size)), { data: expected, errors: [] }, `cut every ${size} bytes`);
    }
  });

  it('a last event without its blank line still counts', () => {
    assert.deepEqual(decodeIn(cut('data: a\n\ndata: last', 3)).data, ['a', 'last']);
  });

  it('an event well past the cap fails the stream, sent in small pieces too', () => {
    const { data, errors } = decodeIn(cut(`data: ${'y'.repeat(MAX_SSE_EVENT_BYTES + 200_000)}\n\n`, 4096));
    assert.equal(data.length, 0, 'no event delivered');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /max buffer size/);
  });

  it('a line sent in 2-byte chunks holds about its own size while it is unfinished', () => {
    const live = liveBytesMeter();
    const events: string[] = [];
    const decoder = createSseDecoder((event) => events.push(event.data), () => undefined);
    const piece = Buffer.from('ab');
    const size = 3 * MiB;
    const before = live();
    decoder.push(Buffer.from('data: '));
    for (let i = 0; i < size / piece.length; i++) decoder.push(piece);
    const held = live() - before;
    assert.ok(held < 4 * size, `${(held / MiB).toFixed(1)} MiB live for ${size / MiB} MiB of an unfinished line`);
    decoder.push(Buffer.from('\n\n'));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.length, size);
  });
});
