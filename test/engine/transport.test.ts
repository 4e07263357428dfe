import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpTransport } from '../../src/engine/transport.js';
import { HIGH_READ_AHEAD_BYTES } from '../../src/engine/stream-body-handler.js';
import { ClientCancel } from '../../src/internal/cancel.js';
import type { WireRequest } from '../../src/dialects/types.js';

/** A loopback server whose answer each test picks by path. */
const routes = new Map<string, (res: ServerResponse, body: string) => void>();
let server: Server;
let origin: string;
const transport = new HttpTransport({ timeouts: { connectMs: 1000, firstByteMs: 2000, idleMs: 2000 } });

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => routes.get(req.url ?? '')!(res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await transport.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const call = (path: string, body = '{"q":1}'): WireRequest => ({ method: 'POST', origin, path, headers: { 'content-type': 'application/json', 'x-test': 'yes' }, body });

describe('HttpTransport.sendWhole', () => {
  it('gathers a body sent in several chunks, with status and lower-cased headers; sends method, headers and body', async () => {
    routes.set('/chunks', (res, body) => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Seen': body });
      res.write('{"a":');
      setImmediate(() => res.end('"b"}'));
    });
    const response = await transport.sendWhole(call('/chunks'), new ClientCancel(), 16);
    assert.equal(response.status, 201);
    assert.equal(response.headers['content-type'], 'application/json');
    assert.equal(response.headers['x-seen'], '{"q":1}');
    // The error-body limit does not apply to a success.
    assert.equal(response.bytes.toString(), '{"a":"b"}');
  });

  it('keeps only the first errorBodyLimit bytes of an error body', async () => {
    routes.set('/error', (res) => {
      res.writeHead(500, { 'retry-after': '3' });
      res.write('x'.repeat(10));
      res.end('y'.repeat(10));
    });
    const response = await transport.sendWhole(call('/error'), new ClientCancel(), 15);
    assert.equal(response.status, 500);
    assert.equal(response.headers['retry-after'], '3');
    assert.equal(response.bytes.toString(), `${'x'.repeat(10)}yyyyy`);
  });

  it('fails an answer that goes past the limit even when its first chunks fill the limit exactly (not served cut short)', async () => {
    routes.set('/exact', (res) => {
      res.writeHead(200);
      res.write('x'.repeat(16));
      setTimeout(() => res.end('more'), 20);
    });
    await assert.rejects(transport.sendWhole(call('/exact'), new ClientCancel(), 1024, 16), { name: 'ResponseTooLargeError' });
  });

  it('skips 1xx informational responses', async () => {
    routes.set('/processing', (res) => {
      res.writeProcessing();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('done');
    });
    const response = await transport.sendWhole(call('/processing'), new ClientCancel(), 16);
    assert.equal(response.status, 200);
    assert.equal(response.bytes.toString(), 'done');
  });

  it('rejects at once when the signal was already aborted, and when it aborts mid-body', async () => {
    let reached = 0;
    routes.set('/slow', (res) => {
      reached++;
      res.writeHead(200);
      res.write('partial');
      // Never ends on its own.
    });
    const early = new ClientCancel();
    early.cancel(new Error('gone before'));
    await assert.rejects(transport.sendWhole(call('/slow'), early, 16), /gone before/);

    const late = new ClientCancel();
    const pending = transport.sendWhole(call('/slow'), late, 16);
    setTimeout(() => late.cancel(new Error('gone during')), 50);
    await assert.rejects(pending, /gone during/);
    assert.equal(reached, 1, 'the already-aborted call never reached the server');
  });

  it('rejects with undici\'s error when the connection is cut mid-body', async () => {
    routes.set('/reset', (res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('short');
      setImmediate(() => res.socket?.destroy());
    });
    await assert.rejects(transport.sendWhole(call('/reset'), new ClientCancel(), 16), (error: Error & { code?: string }) => {
      assert.ok(error.code?.startsWith('UND_ERR'), `undici error code, got ${error.code}: ${error.message}`);
      return true;
    });
  });
});

describe('HttpTransport connections per origin', () => {
  /** Sends `n` requests the server holds until all that can be open at once have arrived; returns the most seen at once. */
  async function mostAtOnce(subject: HttpTransport, n: number, expected: number): Promise<number> {
    const held: ServerResponse[] = [];
    let most = 0;
    routes.set('/held', (res) => {
      held.push(res);
      most = Math.max(most, held.length);
      // Once as many as may be open are waiting, answer them all; the queued ones then get their turn.
      if (held.length === expected) for (const r of held.splice(0)) r.end('ok');
    });
    const answers = await Promise.all(Array.from({ length: n }, () => subject.sendWhole(call('/held'), new ClientCancel(), 16)));
    assert.ok(answers.every((a) => a.bytes.toString() === 'ok'));
    return most;
  }

  it('has no limit by default: 300 concurrent requests to one origin are all open at once', async () => {
    const unlimited = new HttpTransport({ timeouts: { connectMs: 1000, firstByteMs: 5000, idleMs: 5000 } });
    try {
      assert.equal(await mostAtOnce(unlimited, 300, 300), 300);
    } finally {
      await unlimited.close();
    }
  });

  it('keeps to connectionsPerOrigin when set, and to a new limit after reconfigure', async () => {
    const limited = new HttpTransport({ timeouts: { connectMs: 1000, firstByteMs: 5000, idleMs: 5000 }, connectionsPerOrigin: 2 });
    try {
      assert.equal(await mostAtOnce(limited, 6, 2), 2);
      limited.reconfigure({ timeouts: { connectMs: 1000, firstByteMs: 5000, idleMs: 5000 }, connectionsPerOrigin: 3 });
      assert.equal(await mostAtOnce(limited, 6, 3), 3);
    } finally {
      await limited.close();
    }
  });
});

describe('HttpTransport.send', () => {
  it('hands the body over chunk by chunk and pauses the upstream while the reader does not read (bounded)', async () => {
    const piece = Buffer.alloc(16 * 1024, 'x');
    const total = 32 * 1024 * 1024;
    let written = 0;
    routes.set('/flood', async (res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      while (written < total) {
        written += piece.length;
        if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
    const response = await transport.send(call('/flood'), new ClientCancel());
    assert.equal(response.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(written < total / 2, `the upstream was held back while nothing was read (${written} bytes written)`);
    let read = 0;
    for await (const chunk of response.body) read += chunk.byteLength;
    assert.equal(read, total);
  });

  it('a reader that stops early aborts the request; an abort mid-body rejects the reader', async () => {
    routes.set('/endless', (res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('tick\n'), 5);
      res.on('close', () => clearInterval(timer));
    });
    const early = await transport.send(call('/endless'), new ClientCancel());
    for await (const chunk of early.body) if (chunk.byteLength) break;

    const cancel = new ClientCancel();
    const late = await transport.send(call('/endless'), cancel);
    setTimeout(() => cancel.cancel(new Error('gone during')), 30);
    await assert.rejects(async () => { for await (const _ of late.body) { /* reading */ } }, /gone during/);
  });
});

describe('HttpTransport.send: read-ahead of a stream whose consumer waits', () => {
  it('stops reading the upstream at a bound in bytes, not only in chunks, and goes on once the consumer reads', async () => {
    // A fast upstream and a consumer that takes one chunk, then waits (as for a client that does not read).
    const piece = Buffer.alloc(64 * 1024, 'z');
    const total = 16 * 1024 * 1024;
    routes.set('/fast-stream', (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const next = () => {
        while (sent < total) {
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', next);
        }
        res.end();
      };
      next();
    });
    const response = await transport.send(call('/fast-stream'), new ClientCancel());
    const body = response.body as typeof response.body & { readAhead: { bytes: number; paused: boolean } };
    const chunks = body[Symbol.asyncIterator]();
    try {
      let read = ((await chunks.next()).value as Uint8Array).length;
      while (!body.readAhead.paused) await new Promise((resolve) => setTimeout(resolve, 5));
      // One socket read (64 KiB) may land after the pause is asked for.
      assert.ok(body.readAhead.bytes <= HIGH_READ_AHEAD_BYTES + 64 * 1024, `${body.readAhead.bytes} bytes read ahead of a waiting consumer`);
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) read += (next.value as Uint8Array).length;
      assert.equal(read, total, 'the whole stream once the consumer reads');
    } finally {
      // Should an assertion fail, the stream is abandoned (aborted), so the transport can close.
      await chunks.return?.();
    }
  });
});
