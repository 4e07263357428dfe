import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../simulators/index.js';
import { pino } from 'pino';
import { startGateway } from '../../src/gateway.js';
import { requestLogOf } from '../../src/observe/log/attach.js';
import { nextReload } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { openBackend, skipFor, type Backend } from '../observe/log/backends.js';

/** The config file's requestLog section for a backend (the file, or the PostgreSQL URL). */
function section(backend: Backend, extra = ''): string {
  const where = backend.settings.databaseUrl ? `databaseUrl: "${backend.settings.databaseUrl}"` : `sqlitePath: "${backend.settings.sqlitePath}"`;
  return `requestLog:\n  ${where}\n  flushMs: 20\n${extra}`;
}

async function rows(backend: Backend): Promise<number> {
  try {
    return Number((await backend.sql('SELECT count(*) AS n FROM wai_requests'))[0]!.n);
  } catch {
    return 0; // no table: the log never wrote there
  }
}

async function reload(gw: RunningGateway, file: string, text: string): Promise<void> {
  const outcome = nextReload(gw);
  writeFileSync(file, text);
  assert.deepEqual(await outcome, { applied: true });
  await gw.runtime.settled();
}

for (const to of ['sqlite', 'postgres'] as const) {
  test(`request log settings reload live: SQLite → ${to === 'sqlite' ? 'another SQLite file' : 'PostgreSQL'}, retention, then off`, { skip: skipFor(to), timeout: 60_000 }, async () => {
    const first = await openBackend('sqlite');
    const second = await openBackend(to);
    const sim = await startSimulator();
    const file = join(mkdtempSync(join(tmpdir(), 'wai-reload-log-')), 'wai.yaml');
    const head = `providers:\n  groq:\n    apiKey: gsk-reload-log\n    baseUrl: ${sim.baseUrl('groq')}\n`;
    writeFileSync(file, head + section(first));
    // Started directly: the test helper pins the request log off, and here the file alone must decide.
    const gw = await startGateway({ env: {}, logger: pino({ level: 'silent' }), configFile: file, overrides: { host: '127.0.0.1', port: 0, probes: { enabled: false } } });
    const chat = async (content: string) => {
      const response = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content }] }),
      });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
    };
    let closed = false;
    try {
      const before = requestLogOf(gw.runtime)!;
      assert.equal(before.stats().location, first.settings.sqlitePath);
      await chat('one');

      // A new store and retention: the next request is written there; the old log wrote what it held.
      await reload(gw, file, head + section(second, '  retentionDays: 7\n'));
      const after = requestLogOf(gw.runtime)!;
      assert.notEqual(after, before);
      assert.equal(after.stats().retention.days, 7);
      assert.equal(after.stats().store, to);
      assert.equal(before.stats().state, 'closed');
      assert.equal(before.stats().written, 1);
      assert.equal(await rows(first), 1);
      await chat('two');
      await chat('three');

      // Off: no log, and no observer left behind.
      await reload(gw, file, head + section(second, '  enabled: false\n'));
      assert.equal(requestLogOf(gw.runtime), undefined);
      assert.equal(after.stats().state, 'closed');
      assert.ok(!gw.runtime.observers.includes(after));
      await chat('four');

      await gw.close();
      closed = true;
      assert.equal(await rows(first), 1, 'the first store holds only the request made while it was in force');
      assert.equal(await rows(second), 2, 'the second holds the two made while it was');
    } finally {
      if (!closed) await gw.close();
      await sim.close();
      await first.cleanup();
      await second.cleanup();
    }
  });
}
