/**
 * Issue 13: the bytes of whole answers the gateway reads are bounded per answer (the answer limit) and summed over
 * every request in flight (the answer budget), by the handler's own accounting: concurrent oversized answers cannot
 * add up to more than the budget, an answer whose declared length cannot fit fails before a byte of it is read,
 * and what an answer held is given back whether it was served or failed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { liveBytesMeter } from '../helpers/live-bytes.js';
import { HttpTransport } from '../../src/engine/transport.js';
import { AnswerBudget, AnswerBudgetFullError, ORDINARY_ANSWER_BYTES } from '../../src/engine/answer-budget.js';
import { ResponseTooLargeError } from '../../src/engine/whole-body-handler.js';
import { ClientCancel } from '../../src/internal/cancel.js';
import type { Transport, WireRequest, WireResponse } from '../../src/dialects/types.js';
import { buildEngine } from '../../src/engine/build-engine.js';
import { loadConfig } from '../../src/config/config.js';
import { GatewayError } from '../../src/errors/gateway-error.js';

const MiB = 1024 * 1024;
const routes = new Map<string, (res: ServerResponse) => void>();
let server: Server;
let origin: string;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => routes.get(req.url ?? '')!(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const call = (path: string): WireRequest => ({ method: 'POST', origin, path, headers: { 'content-type': 'application/json' }, body: '{}' });
const timeouts = { connectMs: 2000, firstByteMs: 5000, idleMs: 5000 };

async function withTransport(budgetBytes: number, run: (transport: HttpTransport) => Promise<void>): Promise<void> {
  const transport = new HttpTransport({ timeouts, answerBudgetBytes: budgetBytes });
  try {
    await run(transport);
  } finally {
    await transport.close();
  }
}

describe('AnswerBudget', () => {
  it('ordinary answers may fill the whole budget, bytes past an answer\'s first MiB only half of it; a refusal takes nothing', () => {
    const budget = new AnswerBudget(8 * MiB);
    assert.ok(budget.take(0, ORDINARY_ANSWER_BYTES));
    assert.ok(budget.take(0, 3 * MiB), 'a large answer while 1 MiB is held: 4 MiB in all, half the budget');
    assert.equal(budget.take(0, 2 * MiB), false, 'another large one would go past half');
    assert.equal(budget.held, 4 * MiB, 'the refusal took nothing');
    for (let i = 0; i < 4; i++) assert.ok(budget.take(0, ORDINARY_ANSWER_BYTES), `ordinary answer ${i} still fits`);
    assert.equal(budget.take(0, 1), false, 'the budget is full');
    budget.give(8 * MiB);
    assert.equal(budget.held, 0);
    assert.equal(budget.peak, 8 * MiB);
  });
});

describe('HttpTransport.sendWhole within the answer budget', () => {
  it('six concurrent answers over the limit: the bytes held at once never exceed the budget, and all is given back', async () => {
    const n = 6;
    const answerLimit = 3 * MiB;
    const budgetBytes = 8 * MiB;
    const waiting: ServerResponse[] = [];
    const piece = Buffer.alloc(64 * 1024, 'h');
    routes.set('/oversized', (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      waiting.push(res);
      if (waiting.length < n) return;
      // All six grow together, a piece each in turn, until 5 MiB each or the gateway hangs up.
      let sent = 0;
      const next = () => {
        while (sent < 5 * MiB) {
          const open = waiting.filter((r) => !r.destroyed);
          if (open.length === 0) return;
          sent += piece.length;
          const full = open.map((r) => r.write(piece)).some((ok) => !ok);
          if (full) return void setImmediate(next);
        }
        for (const r of waiting) r.end();
      };
      next();
    });
    await withTransport(budgetBytes, async (transport) => {
      const outcomes = await Promise.allSettled(Array.from({ length: n }, () => transport.sendWhole(call('/oversized'), new ClientCancel(), 1024, answerLimit)));
      const reasons = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).name : `served ${o.value.bytes.length}`));
      assert.ok(reasons.every((r) => r === 'ResponseTooLargeError' || r === 'AnswerBudgetFullError'), reasons.join(', '));
      assert.ok(reasons.includes('AnswerBudgetFullError'), `some answers had no room (${reasons.join(', ')})`);
      assert.ok(transport.answerBudget.peak <= budgetBytes, `held at most the budget at once: ${transport.answerBudget.peak} bytes`);
      assert.ok(transport.answerBudget.peak > 2 * MiB, 'the answers did grow together');
      assert.equal(transport.answerBudget.held, 0, 'every answer gave back what it held');
    });
  });

  it('an answer that declares a length over the limit fails before a byte of its body is read', async () => {
    routes.set('/declared-huge', (res) => {
      // Headers only: the body would come if the gateway waited for it (it would then fail on the idle timeout).
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * MiB) });
      res.flushHeaders();
    });
    await withTransport(8 * MiB, async (transport) => {
      await assert.rejects(transport.sendWhole(call('/declared-huge'), new ClientCancel(), 1024, 3 * MiB), ResponseTooLargeError);
      assert.equal(transport.answerBudget.peak, 0, 'nothing was taken for it');
    });
  });

  it('a declared length the budget cannot hold now fails at once; once the room is back, it is served', async () => {
    const held: ServerResponse[] = [];
    routes.set('/declared-held', (res) => {
      res.writeHead(200, { 'content-length': String(2.5 * MiB) });
      res.flushHeaders();
      held.push(res);
    });
    routes.set('/declared-small', (res) => {
      res.writeHead(200, { 'content-length': String(1.5 * MiB) });
      res.end(Buffer.alloc(1.5 * MiB, 's'));
    });
    await withTransport(6 * MiB, async (transport) => {
      const first = transport.sendWhole(call('/declared-held'), new ClientCancel(), 1024, 3 * MiB);
      while (transport.answerBudget.held === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(transport.answerBudget.held, 2.5 * MiB, 'the declared length is taken at once');
      // 2.5 + 1.5 MiB is past half the budget (3 MiB), where large answers stop.
      await assert.rejects(transport.sendWhole(call('/declared-small'), new ClientCancel(), 1024, 3 * MiB), AnswerBudgetFullError);
      held[0]!.end(Buffer.alloc(2.5 * MiB, 'h'));
      const served = await first;
      assert.equal(served.bytes.length, 2.5 * MiB);
      assert.equal(transport.answerBudget.held, 2.5 * MiB, 'a served answer keeps its room until whoever writes it out releases it');
      served.release!();
      served.release!();
      assert.equal(transport.answerBudget.held, 0, 'given back once, however often released');
      const small = await transport.sendWhole(call('/declared-small'), new ClientCancel(), 1024, 3 * MiB);
      assert.equal(small.bytes.length, 1.5 * MiB);
      small.release!();
      assert.equal(transport.answerBudget.held, 0);
    });
  });
});

describe('answers read through send (transports without sendWhole, Replicate\'s exchange)', () => {
  /** A transport with no sendWhole whose answers come in 256 KiB pieces, and the budget it shares. */
  class SendOnlyTransport implements Transport {
    answerBudget = new AnswerBudget(8 * MiB);
    async send(): Promise<WireResponse> {
      const content = 'w'.repeat(2 * MiB);
      const bytes = Buffer.from(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: {
          async *[Symbol.asyncIterator]() {
            for (let at = 0; at < bytes.length; at += 256 * 1024) yield bytes.subarray(at, at + 256 * 1024);
          },
          text: async () => bytes.toString(),
          arrayBuffer: async () => new ArrayBuffer(0),
        },
      };
    }
  }

  it('take from the transport\'s budget too: refused while others hold it, served once they give it back', async () => {
    const transport = new SendOnlyTransport();
    const engine = buildEngine({ config: loadConfig({ env: { OPENAI_API_KEY: 'sk-send-only-0123456789' } }), transport });
    try {
      const ask = () => engine.chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      // Other answers hold half of the budget: no room for this one past its first MiB.
      assert.ok(transport.answerBudget.take(0, 4 * MiB));
      await assert.rejects(ask(), (error: unknown) => error instanceof GatewayError && error.status === 503 && error.code === 'answer_budget_full');
      assert.equal(transport.answerBudget.held, 4 * MiB, 'the refused answer gave back what it had taken');
      transport.answerBudget.give(4 * MiB);
      const served = await ask();
      assert.equal(served.stream, false);
      assert.equal(transport.answerBudget.held, 0);
      // A fresh budget: its peak is this answer alone.
      transport.answerBudget = new AnswerBudget(8 * MiB);
      await ask();
      assert.ok(transport.answerBudget.peak > 2 * MiB, `the served answer was counted while it was read (${transport.answerBudget.peak})`);
      assert.equal(transport.answerBudget.held, 0);
    } finally {
      await engine.close();
    }
  });
});

describe('what a whole answer holds while it is read, against what the budget counts', () => {
  it('an answer sent in tiny chunks holds about its own bytes, not an object per chunk', async () => {
    // 4 MiB of answer in 8-byte chunked-encoding pieces (512k pieces), the end held back until measured: an upstream
    // (or a flood of SSE comments to a whole request) decides the framing, and each piece reaches the handler alone.
    const piece = 8;
    const total = 4 * MiB;
    const frame = Buffer.from(`${piece.toString(16)}\r\n${'p'.repeat(piece)}\r\n`);
    const body = Buffer.alloc(frame.length * (total / piece));
    for (let at = 0; at < body.length; at += frame.length) frame.copy(body, at);
    let finish: (() => void) | undefined;
    const raw = createNetServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
        socket.write(body);
        finish = () => socket.end('0\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const rawOrigin = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
    const live = liveBytesMeter();
    try {
      await withTransport(64 * MiB, async (transport) => {
        const before = live();
        const answer = transport.sendWhole({ ...call('/tiny'), origin: rawOrigin }, new ClientCancel(), 1024, 16 * MiB);
        // Settled below; should an assertion fail first, closing the transport fails it: not an unhandled rejection.
        answer.catch(() => undefined);
        while (transport.answerBudget.held < total) await new Promise((resolve) => setTimeout(resolve, 10));
        const held = live() - before;
        assert.ok(held < 4 * total, `${(held / MiB).toFixed(1)} MiB live for an answer the budget counts as ${total / MiB} MiB`);
        finish!();
        const served = await answer;
        assert.equal(served.bytes.length, total);
        assert.ok(served.bytes.every((b) => b === 0x70), 'the answer came through whole');
        served.release!();
        assert.equal(transport.answerBudget.held, 0);
      });
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });
});
