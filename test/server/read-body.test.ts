/**
 * A request body is held as the bytes it counts against the body limit, however finely the client cuts it: kept
 * as they came, 2 MiB sent in 4-byte chunked-encoding pieces were half a million Buffer objects (tens of MB of heap)
 * for one request.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { liveBytesMeter } from '../helpers/live-bytes.js';
import { readBody } from '../../src/server/read-body.js';

const MiB = 1024 * 1024;

describe('readBody', () => {
  it('a body sent in tiny chunks holds about its own bytes while it is read, and comes through whole', async () => {
    const live = liveBytesMeter();
    const piece = 4;
    const total = 2 * MiB;
    let received = 0;
    let body: Promise<Buffer> | undefined;
    const server = createServer((req, res) => {
      body = readBody(req, 4 * MiB);
      req.on('data', (chunk: Buffer) => { received += chunk.length; });
      body.then((bytes) => res.end(String(bytes.length)), () => res.end('refused'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    try {
      const frame = Buffer.from(`${piece.toString(16)}\r\n${'b'.repeat(piece)}\r\n`);
      const wire = Buffer.alloc(frame.length * (total / piece));
      for (let at = 0; at < wire.length; at += frame.length) frame.copy(wire, at);
      const before = live();
      socket.write('POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n');
      socket.write(wire);
      while (received < total) await new Promise((resolve) => setTimeout(resolve, 10));
      const held = live() - before - wire.length;
      assert.ok(held < 4 * total, `${(held / MiB).toFixed(1)} MiB live for a body of ${total / MiB} MiB`);
      socket.write('0\r\n\r\n');
      const bytes = await body!;
      assert.equal(bytes.length, total);
      assert.ok(bytes.every((b) => b === 0x62));
    } finally {
      socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
