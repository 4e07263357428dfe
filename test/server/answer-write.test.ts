import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { writeWholeAnswer } from '../../src/server/answer-write.js';

/**
 * writeWholeAnswer sends a whole answer's bytes as latin1 text, which Node writes together with the header block;
 * the general path is `res.end(bytes)`. Both must put the same bytes on the wire, whatever the bytes are.
 */
const answers = new Map<string, (res: ServerResponse) => void>();
let server: Server;
let port: number;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    res.sendDate = false;
    answers.get(req.url ?? '')!(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The raw bytes of one response, read until the server closes the connection. */
function rawResponse(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    const parts: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => parts.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(parts)));
    socket.on('error', reject);
  });
}

describe('writeWholeAnswer', () => {
  const bodies: Array<[string, Uint8Array]> = [
    ['every byte value', Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256))],
    ['invalid UTF-8', Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0xff, 0xfe])],
    ['UTF-8 text', Buffer.from('{"content":"héllo wörld ✓ 😀"}')],
    ['empty', Buffer.alloc(0)],
    ['past the size written as text', Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7) % 256))],
    ['a Uint8Array view', new Uint8Array(Buffer.from('xx{"a":1}yy').buffer.slice(0), 2, 7)],
  ];
  for (const [name, body] of bodies) {
    it(`puts the bytes res.end(bytes) would on the wire: ${name}`, async () => {
      const headers = ['content-type', 'application/json', 'content-length', String(body.byteLength), 'x-latin1', 'caf\u00e9'];
      answers.set('/general', (res) => {
        res.writeHead(200, headers);
        res.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
      });
      answers.set('/fast', (res) => {
        res.writeHead(200, headers);
        writeWholeAnswer(res, body, 1000);
      });
      const general = await rawResponse('/general');
      const fast = await rawResponse('/fast');
      assert.ok(general.includes(Buffer.from(body.buffer, body.byteOffset, body.byteLength)));
      assert.deepEqual(fast, general);
    });
  }
});
