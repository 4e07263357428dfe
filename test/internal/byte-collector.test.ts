import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ByteCollector } from '../../src/internal/byte-collector.js';

/** `total` bytes counting up (mod 251), cut into chunks of the given sizes in turn. */
function chunksOf(total: number, sizes: number[]): { whole: Buffer; chunks: Buffer[] } {
  const whole = Buffer.alloc(total);
  for (let i = 0; i < total; i++) whole[i] = i % 251;
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < total; i++) {
    const size = sizes[i % sizes.length]!;
    chunks.push(whole.subarray(at, at + size));
    at += size;
  }
  return { whole, chunks };
}

describe('ByteCollector', () => {
  it('keeps a one-chunk body as it came (no copy)', () => {
    const chunk = Buffer.from('{"ok":true}');
    const body = new ByteCollector();
    body.push(chunk);
    assert.equal(body.bytes(), chunk);
    assert.equal(body.size, chunk.length);
  });

  it('gathers chunks of any size, tiny to larger than a block, into the same bytes, owning none of them', () => {
    for (const sizes of [[1], [7, 3, 1], [100_000, 1, 3_000_000], [16 * 1024], [5, 2 * 1024 * 1024]]) {
      const { whole, chunks } = chunksOf(3_500_000, sizes);
      const body = new ByteCollector();
      for (const chunk of chunks) body.push(chunk);
      const bytes = body.bytes();
      assert.equal(body.size, whole.length);
      assert.ok(bytes.equals(whole), `chunks of ${sizes.join('/')}`);
      assert.notEqual(bytes.buffer, whole.buffer, 'copied, not a view of what the sender passed');
    }
  });

  it('with a declared length, fills one block of exactly that length', () => {
    const { whole, chunks } = chunksOf(300_000, [13]);
    const body = new ByteCollector(whole.length);
    for (const chunk of chunks) body.push(chunk);
    const bytes = body.bytes();
    assert.ok(bytes.equals(whole));
    assert.equal(bytes.buffer.byteLength, whole.length, 'one block of the declared length, no concatenation');
  });

  it('an empty body is empty', () => {
    const body = new ByteCollector();
    body.push(Buffer.alloc(0));
    assert.equal(body.bytes().length, 0);
  });
});
