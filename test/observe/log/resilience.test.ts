/**
 * A database that is down, or one that accepts connections and never answers, changes no response: the same
 * requests through a gateway with the log off and one logging to that database get the same answers, and the
 * log counts what it could not write.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import type { RequestLogSettings } from '../../../src/config/config.js';
import { requestLogOf } from '../../../src/observe/log/attach.js';
import { startSilentServer, until } from './backends.js';

const PASSWORD = 's3cret-Pa55word';

/** What a caller sees of an answer, without the parts that differ by request (ids, timestamps, timings). */
interface Seen {
  status: number;
  headers: Record<string, string | null>;
  content: string | null;
  usage: unknown;
}

const HEADERS = ['x-wai-provider', 'x-wai-model', 'x-wai-level', 'x-wai-attempts', 'x-wai-cost', 'content-type'];

async function exercise(gw: RunningGateway, sim: Simulator): Promise<Seen[]> {
  const client = new OpenAI({ apiKey: 'caller', baseURL: `${gw.url}/v1`, maxRetries: 0 });
  const seen: Seen[] = [];
  const headersOf = (response: Response) => Object.fromEntries(HEADERS.map((h) => [h, response.headers.get(h)]));
  for (let i = 0; i < 3; i++) {
    const { data, response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `hello number ${i}` }] }).withResponse();
    seen.push({ status: response.status, headers: headersOf(response), content: data.choices[0]!.message.content, usage: data.usage });
  }
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'stream please' }], stream: true, stream_options: { include_usage: true } }).withResponse();
  let text = '';
  let usage: unknown;
  for await (const chunk of stream.data) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  seen.push({ status: stream.response.status, headers: headersOf(stream.response), content: text, usage });
  sim.setDefault('openai', { status: 500 });
  try {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'fail' }] });
    assert.fail('expected a 503');
  } catch (error) {
    assert.ok(error instanceof OpenAI.APIError);
    const body = error.error as { code?: string; attempts?: Array<{ provider: string; status: number }> };
    seen.push({ status: error.status ?? 0, headers: {}, content: body.code ?? null, usage: body.attempts?.map((a) => [a.provider, a.status]) });
  } finally {
    sim.setDefault('openai', null);
    gw.engine.health.reset('openai');
  }
  return seen;
}

async function pair(sim: Simulator, requestLog: Partial<RequestLogSettings>): Promise<{ off: RunningGateway; on: RunningGateway }> {
  const env = { OPENAI_API_KEY: 'sk-resilience', OPENAI_BASE_URL: sim.baseUrl('openai') };
  const off = await startTestGateway({ env, retries: { maxRetries: 0 } });
  const on = await startTestGateway({ env, retries: { maxRetries: 0 }, requestLog: { enabled: true, flushMs: 20, ...requestLog } });
  return { off, on };
}

const closed = new WeakSet<RunningGateway>();
/** Closes a gateway once (a test may close it early to flush its log). */
async function closeOnce(gw: RunningGateway): Promise<void> {
  if (closed.has(gw)) return;
  closed.add(gw);
  await gw.close();
}

async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

test('PostgreSQL down (nothing listens): the same answers as with the log off; failures and drops are counted, the password never shown', async () => {
  const sim = await startSimulator();
  const port = await closedPort();
  const { off, on } = await pair(sim, { databaseUrl: `postgres://wai:${PASSWORD}@127.0.0.1:${port}/wai`, maxBuffer: 3, batchSize: 2 });
  try {
    const log = requestLogOf(on.runtime)!;
    assert.equal(log.state, 'starting', 'attached, waiting for its database');
    const expected = await exercise(off, sim);
    const got = await exercise(on, sim);
    assert.deepEqual(got, expected);
    assert.equal(got.length, 5);

    await until(() => log.stats().failed >= 1, 'a failed write attempt');
    const stats = log.stats();
    assert.deepEqual([stats.store, stats.state, stats.written, stats.pending, stats.dropped], ['postgres', 'starting', 0, 3, 2]);
    assert.match(stats.lastError!, /ECONNREFUSED/);
    assert.equal(stats.location, `postgres://wai@127.0.0.1:${port}/wai`);
    assert.ok(!JSON.stringify(stats).includes(PASSWORD));

    await closeOnce(on);
    const after = log.stats();
    assert.deepEqual([after.state, after.written, after.pending, after.dropped], ['closed', 0, 0, 5], 'what could not be written at shutdown is counted');
  } finally {
    await closeOnce(off);
    await closeOnce(on);
    await sim.close();
  }
});

test('PostgreSQL that accepts and never answers: answers arrive while the log has written nothing; then failures are counted', async () => {
  const sim = await startSimulator();
  const { port, sockets, server: silent } = await startSilentServer();
  const { off, on } = await pair(sim, { databaseUrl: `postgres://wai:${PASSWORD}@127.0.0.1:${port}/wai` });
  try {
    const log = requestLogOf(on.runtime)!;
    const expected = await exercise(off, sim);
    const got = await exercise(on, sim);
    assert.deepEqual(got, expected);
    // Every answer came back while the database had not answered a single byte: no request waited on it.
    assert.ok(sockets.size >= 1, 'the log did reach the database');
    assert.deepEqual([log.stats().state, log.stats().written, log.stats().pending], ['starting', 0, 5]);

    // The database drops its connections: the attempt fails and is counted; the rows are kept.
    for (const socket of sockets) socket.destroy();
    await until(() => log.stats().failed >= 1, 'the failed attempt to be counted');
    assert.deepEqual([log.stats().written, log.stats().pending, log.stats().dropped], [0, 5, 0]);
    assert.ok(!JSON.stringify(log.stats()).includes(PASSWORD));

    silent.close();
    for (const socket of sockets) socket.destroy();
    await closeOnce(on);
    assert.deepEqual([log.stats().written, log.stats().pending, log.stats().dropped], [0, 0, 5]);
  } finally {
    for (const socket of sockets) socket.destroy();
    if (silent.listening) silent.close();
    await closeOnce(off);
    await closeOnce(on);
    await sim.close();
  }
});

test('a SQLite file that cannot be created turns the log off; the gateway starts and answers as without it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wai-log-bad-'));
  const notADirectory = join(dir, 'file');
  writeFileSync(notADirectory, 'not a directory');
  const sim = await startSimulator();
  const { off, on } = await pair(sim, { sqlitePath: join(notADirectory, 'wai.sqlite'), databaseUrl: undefined });
  try {
    const log = requestLogOf(on.runtime)!;
    assert.equal(log.state, 'disabled');
    assert.match(log.stats().lastError!, /ENOTDIR|EEXIST|not a directory|already exists/i);
    assert.equal(on.runtime.observers.includes(log), false, 'not observing');
    assert.deepEqual(await exercise(on, sim), await exercise(off, sim));
  } finally {
    await closeOnce(off);
    await closeOnce(on);
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
