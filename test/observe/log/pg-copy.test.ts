/**
 * The binary COPY stream the PostgreSQL store sends (the round trip through a server is in store.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCopyBinary } from '../../../src/observe/log/pg-copy.js';

const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);

test('each value in its binary form: length, then big-endian bytes; null as length -1', () => {
  const data = encodeCopyBinary([[1_796_570_705_382, 7, 0.5, true, 'é', null]], ['bigint', 'integer', 'double precision', 'boolean', 'text', 'text']);
  const row = Buffer.concat([
    Buffer.from([0, 6]),
    Buffer.from([0, 0, 0, 8, 0x00, 0x00, 0x01, 0xa2, 0x4b, 0xf5, 0x6d, 0xe6]),
    Buffer.from([0, 0, 0, 4, 0, 0, 0, 7]),
    Buffer.from([0, 0, 0, 8, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0]),
    Buffer.from([0, 0, 0, 1, 1]),
    Buffer.from([0, 0, 0, 2, 0xc3, 0xa9]),
    Buffer.from([0xff, 0xff, 0xff, 0xff]),
  ]);
  assert.deepEqual(data, Buffer.concat([HEADER, row, TRAILER]));
});

test('a negative bigint keeps its sign across the two halves', () => {
  const data = encodeCopyBinary([[-2]], ['bigint']);
  assert.deepEqual(data.subarray(HEADER.length + 2 + 4, HEADER.length + 2 + 12), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]));
});

test('a value its column cannot hold is refused before anything is sent', () => {
  assert.throws(() => encodeCopyBinary([[1.5]], ['integer']), RangeError);
  assert.throws(() => encodeCopyBinary([[2 ** 31]], ['integer']), RangeError);
  assert.throws(() => encodeCopyBinary([['1']], ['bigint']), TypeError);
  assert.throws(() => encodeCopyBinary([[1]], ['boolean']), TypeError);
});
