/**
 * Issue 13, item 1 (the sum across requests), for answers on their way out: a whole answer keeps its room in the
 * answer budget until it is written to its caller, not only while it is read from the upstream. Otherwise clients
 * that do not read could each hold a large answer in the gateway, as many as they like, while the budget counted
 * none of them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { HttpTransport } from '../../../src/engine/transport.js';
import { startTinyUpstream, within, type TinyUpstream } from '../gw-helpers.js';

const MiB = 1024 * 1024;
/** Larger than what loopback's socket buffers take from a client that does not read, so most of it stays in the gateway. */
const ANSWER = 10 * MiB;
let upstream: TinyUpstream;
let gw: RunningGateway;

before(async () => {
  upstream = await startTinyUpstream((_req, res, body) => {
    const size = Number(/size=(\d+)/.exec(body)?.[1] ?? 10);
    const answer = Buffer.from(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'a'.repeat(size) }, finish_reason: 'stop' }] }));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(answer.length) });
    res.end(answer);
  });
  gw = await startTestGateway({
    // Large answers may hold half of the 48 MiB budget: two of these at once, not three.
    env: { OPENAI_API_KEY: 'sk-slow-reader-key-0123', OPENAI_BASE_URL: `${upstream.url}/v1`, WAI_ANSWER_LIMIT: String(24 * MiB), WAI_ANSWER_BUDGET: String(48 * MiB) },
    timeouts: { firstByteMs: 10_000, attemptMs: 30_000, idleMs: 10_000 },
    retries: { maxRetries: 0 },
  });
});

after(async () => {
  await gw?.close();
  await upstream?.close();
});

/** A chat request whose answer is not read: resolves with the response once its headers are in. */
function askWithoutReading(size: number, path = '/v1/chat/completions'): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  const body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: `size=${size}` }], ...(path === '/v1/messages' ? { max_tokens: 100 } : {}) });
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${gw.url}${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } });
    req.on('error', reject);
    // No 'data' listener: the response stays paused, and the gateway's write waits on the socket.
    req.on('response', (res) => resolve({ req, res }));
    req.end(body);
  });
}

/** Reads a response to its end; resolves with its length. */
function readAll(res: IncomingMessage): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    res.on('end', () => resolve(bytes));
    res.on('error', reject);
  });
}

function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    res.on('data', (chunk: Buffer) => parts.push(chunk));
    res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    res.on('error', reject);
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  await within((async () => { while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10)); })(), 20_000, what);
}

describe('answers written to clients that do not read', () => {
  it('keep their room in the answer budget until written: no more of them than it holds, and the room comes back when read or dropped', async () => {
    const budget = (gw.runtime.transport as HttpTransport).answerBudget;
    const first = await askWithoutReading(ANSWER);
    const second = await askWithoutReading(ANSWER);
    assert.equal(first.res.statusCode, 200);
    assert.equal(second.res.statusCode, 200);
    assert.ok(budget.held >= 2 * ANSWER, `the two unread answers are still counted (${(budget.held / MiB).toFixed(1)} MiB held)`);

    // A third would take the large answers past half of the budget while the first two wait in the gateway.
    const third = await askWithoutReading(ANSWER);
    assert.equal(third.res.statusCode, 503, 'refused for want of room, not held beside the others');
    assert.equal(JSON.parse(await readText(third.res)).error.code, 'answer_budget_full');
    assert.equal(upstream.requests.length, 3);

    // The first is read to its end: its room comes back, and another large answer is served.
    assert.ok((await readAll(first.res)) > ANSWER);
    await until(() => budget.held < 2 * ANSWER, 'the first answer\'s room given back once written');
    const fourth = await askWithoutReading(ANSWER);
    assert.equal(fourth.res.statusCode, 200);
    assert.ok((await readAll(fourth.res)) > ANSWER);

    // The second's client hangs up without reading: its room comes back too.
    second.req.destroy();
    await until(() => budget.held === 0, 'the dropped answer\'s room given back');
  });

  it('on /v1/messages too (the answer translated to Anthropic\'s format)', async () => {
    const budget = (gw.runtime.transport as HttpTransport).answerBudget;
    const first = await askWithoutReading(ANSWER, '/v1/messages');
    const second = await askWithoutReading(ANSWER, '/v1/messages');
    assert.equal(first.res.statusCode, 200);
    assert.equal(second.res.statusCode, 200);
    assert.ok(budget.held >= 2 * ANSWER, `the two unread answers are still counted (${(budget.held / MiB).toFixed(1)} MiB held)`);
    const third = await askWithoutReading(ANSWER, '/v1/messages');
    assert.equal(third.res.statusCode, 503, 'refused for want of room');
    assert.equal(JSON.parse(await readText(third.res)).type, 'error');
    assert.ok((await readAll(first.res)) > ANSWER);
    second.req.destroy();
    await until(() => budget.held === 0, 'both answers\' room given back');
  });
});
