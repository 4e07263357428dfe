/**
 * Issue 13, item 6: rows the request log gives up are counted and visible. /admin/status and /metrics show its
 * written, dropped and pending rows; the log lines, added up, report every dropped row (not just the first).
 * Tried against a PostgreSQL stand-in that accepts connections and never answers, and against the real one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway } from '../../helpers/gateway.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { requestLogOf } from '../../../src/observe/log/attach.js';
import { postRaw, startTinyUpstream, type TinyUpstream } from '../gw-helpers.js';
import { openBackend, PG_URL, startSilentServer, until, type Backend, type SilentServer } from '../../observe/log/backends.js';

const answer = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });
const CHAT = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

/** The value of a metric without labels in a Prometheus text exposition. */
function metric(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

async function rows(gw: RunningGateway) {
  const status = await fetch(`${gw.url}/admin/status`).then((r) => r.json()) as { requestLog: { written: number; dropped: number; pending: number; store: string } | null };
  const text = await fetch(`${gw.url}/metrics`).then((r) => r.text());
  return {
    status: status.requestLog,
    metrics: {
      written: metric(text, 'wai_request_log_written_total'),
      dropped: metric(text, 'wai_request_log_dropped_total'),
      pending: metric(text, 'wai_request_log_pending'),
    },
  };
}

let upstream: TinyUpstream;
before(async () => {
  upstream = await startTinyUpstream((_req, res) => { res.end(answer); });
});
after(() => upstream?.close());

describe('a PostgreSQL that accepts and never replies', () => {
  let silent: SilentServer;
  let gw: RunningGateway;
  const lines: string[] = [];
  const clock = new ManualClock();

  before(async () => {
    silent = await startSilentServer();
    const port = silent.port;
    gw = await startTestGateway({
      env: { OPENAI_API_KEY: 'sk-h6-test-key-0123', OPENAI_BASE_URL: `${upstream.url}/v1` },
      clock,
      logLines: lines,
      requestLog: { enabled: true, databaseUrl: `postgres://wai@127.0.0.1:${port}/wai`, maxBuffer: 20, batchSize: 10 },
    });
  });

  after(async () => {
    silent?.close();
    await gw?.close();
  });

  it('counts dropped and pending rows in /admin/status and /metrics, and reports every drop in the log', async () => {
    for (let i = 0; i < 100; i++) assert.equal((await postRaw(`${gw.url}/v1/chat/completions`, CHAT)).status, 200);
    const log = requestLogOf(gw.runtime)!;
    await until(() => log.stats().dropped + log.stats().pending === 100, 'every record to reach the log');
    const seen = await rows(gw);
    assert.deepEqual(seen.status && { store: seen.status.store, written: seen.status.written, dropped: seen.status.dropped, pending: seen.status.pending }, { store: 'postgres', written: 0, dropped: 80, pending: 20 });
    assert.deepEqual(seen.metrics, { written: 0, dropped: 80, pending: 20 });

    const reported = () => lines.map((l) => JSON.parse(l)).filter((l) => l.msg?.startsWith('request log: requests dropped')).reduce((sum, l) => sum + l.dropped, 0);
    assert.ok(reported() >= 1, 'the first drop is reported at once');
    // The drops that followed within the quiet period are reported when it ends: the lines add up to the count.
    clock.advance(60_000);
    assert.equal(reported(), log.stats().dropped);
  });
});

describe('the real PostgreSQL', { skip: PG_URL ? false : 'DATABASE_URL is not set' }, () => {
  let backend: Backend;
  let gw: RunningGateway;
  before(async () => {
    backend = await openBackend('postgres');
    gw = await startTestGateway({
      env: { OPENAI_API_KEY: 'sk-h6-test-key-0123', OPENAI_BASE_URL: `${upstream.url}/v1` },
      requestLog: { enabled: true, flushMs: 20, ...backend.settings },
    });
  });
  after(async () => {
    await gw?.close();
    await backend?.cleanup();
  });

  it('shows written rows, none dropped or pending once flushed', async () => {
    const log = requestLogOf(gw.runtime)!;
    await until(() => log.state === 'ready', 'the schema');
    for (let i = 0; i < 12; i++) assert.equal((await postRaw(`${gw.url}/v1/chat/completions`, CHAT)).status, 200);
    await until(() => log.stats().written === 12, 'the rows to be written');
    const seen = await rows(gw);
    assert.equal(seen.status?.store, 'postgres');
    assert.deepEqual([seen.status?.written, seen.status?.dropped, seen.status?.pending], [12, 0, 0]);
    assert.deepEqual(seen.metrics, { written: 12, dropped: 0, pending: 0 });
    const counted = await backend.sql('SELECT count(*)::int AS n FROM wai_requests');
    assert.equal(Number(counted[0]?.n), 12, 'the rows are in the database');
  });
});
