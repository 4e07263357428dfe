/**
 * The batching, retry, bounds and retention of the request log, on a store the test controls and a manual clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestLog, type RequestLogOptions } from '../../../src/observe/log/request-log.js';
import { markFatal, type ProviderStat, type RecentFilter, type RequestLogStore, type UsageBucket } from '../../../src/observe/log/store.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { BACKENDS, openBackend, record, skipFor, until } from './backends.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Lets promise chains and setImmediate callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

class FakeStore implements RequestLogStore {
  readonly kind = 'postgres' as const;
  readonly location = 'postgres://wai@db.example/wai';
  readonly written: RequestRecord[][] = [];
  writeCalls = 0;
  migrateCalls = 0;
  readonly deletes: number[] = [];
  closed = false;
  /** Each write awaits this when set (a slow database). */
  gate: Promise<void> | undefined;
  /** The next writes fail with these. */
  writeFailures: Error[] = [];
  migrateFailures: Error[] = [];

  async migrate(): Promise<number> {
    this.migrateCalls++;
    const failure = this.migrateFailures.shift();
    if (failure) throw failure;
    return 2;
  }
  async writeBatch(records: readonly RequestRecord[]): Promise<void> {
    this.writeCalls++;
    if (this.gate) await this.gate;
    const failure = this.writeFailures.shift();
    if (failure) throw failure;
    this.written.push([...records]);
  }
  async recent(_limit: number, _filter?: RecentFilter): Promise<RequestRecord[]> {
    return this.written.flat().reverse();
  }
  async usageSeries(): Promise<UsageBucket[]> {
    return [];
  }
  async providerStats(): Promise<ProviderStat[]> {
    return [];
  }
  async deleteOlderThan(ms: number): Promise<number> {
    this.deletes.push(ms);
    return 0;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  get rows(): string[] {
    return this.written.flat().map((r) => r.requestId);
  }
}

function makeLog(store: FakeStore, clock: ManualClock, settings: Partial<RequestLogOptions['settings']> = {}, extra: Partial<RequestLogOptions> = {}): RequestLog {
  return new RequestLog({
    store,
    clock,
    settings: { retentionDays: 30, flushMs: 100, batchSize: 500, maxBuffer: 20_000, ...settings },
    ...extra,
  });
}

test('requestFinished only buffers: nothing reaches the store until the flush timer fires', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const log = makeLog(store, clock);
  await log.start();
  const records = [record(), record(), record()];
  for (const r of records) log.requestFinished(r);
  assert.equal(store.writeCalls, 0, 'no write on the request path');
  await settle();
  assert.equal(store.writeCalls, 0, 'nor later, before the timer');
  assert.equal(log.stats().pending, 3);

  clock.advance(100);
  await settle();
  assert.deepEqual(store.written, [records], 'one batch, in order');
  assert.deepEqual({ ...log.stats(), lastWriteAt: 0 }, {
    store: 'postgres', location: 'postgres://wai@db.example/wai', state: 'ready', schemaVersion: 2, written: 3, failed: 0, dropped: 0, pending: 0,
    lastError: null, lastErrorAt: null, lastWriteAt: 0, retention: { days: 30, lastRunAt: clock.now() - 100, deleted: 0, lastError: null },
  });
  await log.close();
});

test('a full batch is written at once, without waiting for the timer; larger backlogs go in batches of batchSize', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const log = makeLog(store, clock, { batchSize: 2, flushMs: 60_000 });
  await log.start();
  log.requestFinished(record());
  await settle();
  assert.equal(store.writeCalls, 0);
  log.requestFinished(record());
  await settle();
  assert.equal(store.written.length, 1);
  assert.equal(store.written[0]!.length, 2);
  for (let i = 0; i < 5; i++) log.requestFinished(record());
  await settle();
  await log.flush();
  assert.deepEqual(store.written.map((b) => b.length), [2, 2, 2, 1]);
  assert.equal(log.stats().written, 7);
  await log.close();
});

test('a kicked flush writes full batches only: rows that arrive while it writes wait for the next full batch or the timer', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const log = makeLog(store, clock, { batchSize: 3, flushMs: 1_000 });
  await log.start();
  const gate = deferred();
  store.gate = gate.promise;
  for (let i = 0; i < 3; i++) log.requestFinished(record());
  await settle();
  assert.equal(store.writeCalls, 1, 'the full batch is being written');
  log.requestFinished(record());
  log.requestFinished(record());
  store.gate = undefined;
  gate.resolve();
  await settle();
  assert.deepEqual(store.written.map((b) => b.length), [3], 'no small batch of the two that came meanwhile');
  assert.equal(log.stats().pending, 2);
  log.requestFinished(record());
  await settle();
  assert.deepEqual(store.written.map((b) => b.length), [3, 3], 'the next full batch goes at once');
  log.requestFinished(record());
  await settle();
  clock.advance(1_000);
  await settle();
  assert.deepEqual(store.written.map((b) => b.length), [3, 3, 1], 'the rest with the timer');
  await log.close();
});

test('a timer flush writes the rows pending when it fired; rows that arrive while it writes wait for the next tick', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const log = makeLog(store, clock, { batchSize: 500, flushMs: 1_000 });
  await log.start();
  const gate = deferred();
  store.gate = gate.promise;
  log.requestFinished(record());
  log.requestFinished(record());
  clock.advance(1_000);
  await settle();
  assert.equal(store.writeCalls, 1);
  log.requestFinished(record());
  store.gate = undefined;
  gate.resolve();
  await settle();
  assert.deepEqual(store.written.map((b) => b.length), [2], 'the one that came meanwhile is not written alone at once');
  log.requestFinished(record());
  const flushed = log.flush();
  log.requestFinished(record());
  await flushed;
  assert.deepEqual(store.written.map((b) => b.length), [2, 3], 'flush() writes what is pending, in one batch');
  clock.advance(1_000);
  await settle();
  assert.deepEqual(store.written.map((b) => b.length), [2, 3], 'nothing left for the next tick');
  await log.close();
});

test('one flush at a time: while a write is slow, later ticks do not start another', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const log = makeLog(store, clock, { flushMs: 100 });
  await log.start();
  const gate = deferred();
  store.gate = gate.promise;
  log.requestFinished(record());
  clock.advance(100);
  await settle();
  assert.equal(store.writeCalls, 1);
  log.requestFinished(record());
  log.requestFinished(record());
  for (let i = 0; i < 5; i++) {
    clock.advance(100);
    await settle();
  }
  assert.equal(store.writeCalls, 1, 'still the first write');
  assert.equal(log.stats().pending, 3);
  store.gate = undefined;
  gate.resolve();
  await settle();
  clock.advance(100);
  await settle();
  assert.deepEqual(store.written.map((b) => b.length), [1, 2]);
  await log.close();
});

test('a failed batch is kept and retried with backoff; the rows are written once the database is back', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const log = makeLog(store, clock, { flushMs: 100 });
  await log.start();
  store.writeFailures = [new Error('connection reset'), new Error('connection reset')];
  const records = [record(), record(), record()];
  for (const r of records) log.requestFinished(r);

  clock.advance(100);
  await settle();
  assert.equal(store.writeCalls, 1);
  assert.deepEqual([log.stats().failed, log.stats().pending, log.stats().lastError], [1, 3, 'connection reset']);
  clock.advance(100); // backoff 100 ms: retried at the next tick
  await settle();
  assert.equal(store.writeCalls, 2);
  assert.equal(log.stats().failed, 2);
  clock.advance(100); // backoff now 200 ms: this tick waits
  await settle();
  assert.equal(store.writeCalls, 2, 'backing off');
  clock.advance(100);
  await settle();
  assert.equal(store.writeCalls, 3);
  assert.deepEqual(store.written, [records], 'the same rows, in order, once');
  assert.deepEqual([log.stats().written, log.stats().failed, log.stats().pending, log.stats().dropped], [3, 2, 0, 0]);
  await log.close();
});

test('beyond maxBuffer the oldest waiting rows are dropped and counted; the newest are kept and written later', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const log = makeLog(store, clock, { flushMs: 100, maxBuffer: 5, batchSize: 3 });
  await log.start();
  store.writeFailures = [new Error('database down'), new Error('database down')];
  const records = Array.from({ length: 10 }, () => record());
  for (const r of records.slice(0, 4)) log.requestFinished(r);
  await settle(); // a full batch (3) goes out and fails; it is kept
  assert.deepEqual([log.stats().failed, log.stats().pending, log.stats().dropped], [1, 4, 0]);
  for (const r of records.slice(4, 8)) log.requestFinished(r);
  assert.deepEqual([log.stats().pending, log.stats().dropped], [5, 3], 'r0..r2 gave way');

  // Rows being written count towards the bound too: while r3..r5 are out, new arrivals push out r6 and r7.
  const gate = deferred();
  store.gate = gate.promise;
  clock.advance(100);
  await settle();
  assert.equal(store.writeCalls, 2);
  for (const r of records.slice(8)) log.requestFinished(r);
  assert.deepEqual([log.stats().pending, log.stats().dropped], [5, 5]);
  store.gate = undefined;
  gate.resolve(); // and that write fails too
  await settle();
  assert.deepEqual([log.stats().failed, log.stats().pending, log.stats().dropped], [2, 5, 5]);

  await log.flush();
  assert.deepEqual(store.rows, [3, 4, 5, 8, 9].map((i) => records[i]!.requestId));
  const stats = log.stats();
  assert.equal(stats.written + stats.dropped + stats.pending, records.length, 'every request is accounted for');
  await log.close();
});

test('a store call that hangs times out on the clock, counts as failed, and keeps the rows', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const log = makeLog(store, clock, { flushMs: 100 }, { callTimeoutMs: 1_000 });
  await log.start();
  const gate = deferred();
  store.gate = gate.promise;
  log.requestFinished(record());
  clock.advance(100);
  await settle();
  assert.equal(log.stats().failed, 0);
  clock.advance(1_000);
  await settle();
  assert.equal(log.stats().failed, 1);
  assert.match(log.stats().lastError!, /did not finish within 1000 ms/);
  assert.equal(log.stats().pending, 1);
  store.gate = undefined;
  gate.resolve();
  await log.flush();
  assert.equal(log.stats().written, 1);
  await log.close();
});

test('stats and logs never show the database password', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const lines: unknown[] = [];
  const logger = { info: (...a: unknown[]) => lines.push(a), warn: (...a: unknown[]) => lines.push(a), error: (...a: unknown[]) => lines.push(a) };
  const log = makeLog(store, clock, {}, { secrets: ['hunter2-pw'], log: logger as never });
  store.migrateFailures = [new Error('password authentication failed: hunter2-pw')];
  await log.start();
  log.requestFinished(record());
  const text = JSON.stringify(log.stats()) + JSON.stringify(lines);
  assert.ok(!text.includes('hunter2-pw'), text);
  assert.match(log.stats().lastError!, /\[redacted\]/);
  assert.equal(log.stats().state, 'starting');
  await log.close();
});

test('a schema that cannot be reached yet is retried before writing; one that cannot be made turns the log off', async () => {
  const clock = new ManualClock();
  const retried = new FakeStore();
  retried.migrateFailures = [new Error('connect ECONNREFUSED 127.0.0.1:5432')];
  const log = makeLog(retried, clock);
  await log.start();
  assert.deepEqual([log.state, log.stats().failed], ['starting', 1]);
  log.requestFinished(record());
  clock.advance(100);
  await settle();
  assert.deepEqual([log.state, log.stats().written, retried.migrateCalls], ['ready', 1, 2]);
  await log.close();

  const refused = new FakeStore();
  refused.migrateFailures = [markFatal(new Error('permission denied for schema public'))];
  const off = makeLog(refused, clock);
  await off.start();
  assert.equal(off.state, 'disabled');
  off.requestFinished(record());
  clock.advance(100);
  await settle();
  assert.deepEqual([refused.writeCalls, off.stats().dropped, off.stats().lastError], [0, 1, 'permission denied for schema public']);
  await off.close();
  assert.equal(off.state, 'disabled', 'still says why after close');
});

test('retention: requests older than retentionDays are deleted at start and then every hour', async () => {
  const store = new FakeStore();
  const clock = new ManualClock();
  const log = makeLog(store, clock, { retentionDays: 7, flushMs: 60_000 });
  const start = clock.now();
  await log.start();
  await settle();
  assert.deepEqual(store.deletes, [start - 7 * DAY]);
  clock.advance(HOUR - 1);
  await settle();
  assert.equal(store.deletes.length, 1);
  clock.advance(1);
  await settle();
  clock.advance(HOUR);
  await settle();
  assert.deepEqual(store.deletes, [start - 7 * DAY, start + HOUR - 7 * DAY, start + 2 * HOUR - 7 * DAY]);
  await log.close();
  clock.advance(HOUR);
  await settle();
  assert.equal(store.deletes.length, 3, 'no pass after close');
});

test('close writes what is pending; what it cannot write in time is counted as dropped', async () => {
  const clock = new ManualClock();
  const store = new FakeStore();
  const log = makeLog(store, clock, { flushMs: 60_000 });
  await log.start();
  log.requestFinished(record());
  log.requestFinished(record());
  await log.close();
  assert.deepEqual([store.rows.length, log.stats().written, log.stats().dropped, log.state, store.closed], [2, 2, 0, 'closed', true]);
  log.requestFinished(record());
  assert.equal(log.stats().dropped, 1, 'a request after close is counted, not lost silently');

  const slow = new FakeStore();
  const stuck = makeLog(slow, clock, { flushMs: 60_000 }, { closeTimeoutMs: 50 });
  await stuck.start();
  const gate = deferred();
  slow.gate = gate.promise;
  for (let i = 0; i < 3; i++) stuck.requestFinished(record());
  const began = performance.now();
  await stuck.close();
  assert.ok(performance.now() - began < 2_000, 'close did not wait for the stuck write');
  assert.deepEqual([stuck.stats().written, stuck.stats().dropped, stuck.stats().pending], [0, 3, 0]);
  // The write that was given up on completes later: the counts do not change.
  slow.gate = undefined;
  gate.resolve();
  await settle();
  assert.deepEqual([stuck.stats().written, stuck.stats().dropped], [0, 3]);
});

for (const kind of BACKENDS) {
  test(`${kind}: retention on the real store deletes rows older than retentionDays, by the log's clock`, { skip: skipFor(kind) }, async () => {
    const backend = await openBackend(kind);
    const clock = new ManualClock();
    const now = clock.now();
    const log = new RequestLog({ store: backend.open(), clock, settings: { retentionDays: 2, flushMs: 60_000, batchSize: 500, maxBuffer: 1000 } });
    try {
      const seed = backend.open();
      await seed.migrate();
      const tooOld = record({ at: now - 2 * DAY - 1 });
      const nearlyOld = record({ at: now - 2 * DAY + HOUR / 2 });
      const fresh = record({ at: now - HOUR });
      await seed.writeBatch([tooOld, nearlyOld, fresh]);
      await log.start();
      await until(() => log.stats().retention.lastRunAt !== null, 'the retention pass at start');
      assert.deepEqual((await seed.recent(10)).map((r) => r.requestId), [fresh.requestId, nearlyOld.requestId]);
      clock.advance(HOUR);
      await until(() => log.stats().retention.deleted === 2, 'the hourly pass');
      assert.deepEqual((await seed.recent(10)).map((r) => r.requestId), [fresh.requestId]);
    } finally {
      await log.close();
      await backend.cleanup();
    }
  });
}
