/**
 * The two stores hold the same facts: every test runs on SQLite and on PostgreSQL (skipped without DATABASE_URL).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, record, skipFor, withBackend } from './backends.js';
import { LATEST_VERSION, SchemaTooNewError } from '../../../src/observe/log/migrations.js';
import { isFatal } from '../../../src/observe/log/store.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);

for (const kind of BACKENDS) {
  const skip = skipFor(kind);

  describe(`request log store on ${kind}`, () => {
    test(`${kind}: migrating twice is a no-op`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      assert.equal(await store.version(), 0);
      assert.equal(await store.migrate(), LATEST_VERSION);
      const first = await backend.sql('SELECT id, version, migrated_at FROM wai_schema');
      assert.equal(await store.migrate(), LATEST_VERSION);
      const second = await backend.sql('SELECT id, version, migrated_at FROM wai_schema');
      assert.equal(second.length, 1);
      assert.deepEqual(second, first, 'the second run changed nothing, not even the migration time');
      // A second gateway on the same database finds nothing to do either.
      assert.equal(await backend.open().migrate(), LATEST_VERSION);
    }));

    test(`${kind}: two gateways migrating a new database at the same moment both succeed`, { skip }, () => withBackend(kind, async (backend) => {
      const versions = await Promise.all([backend.open().migrate(), backend.open().migrate(), backend.open().migrate()]);
      assert.deepEqual(versions, [LATEST_VERSION, LATEST_VERSION, LATEST_VERSION]);
      assert.deepEqual((await backend.sql('SELECT version FROM wai_schema')).map((r) => Number(r.version)), [LATEST_VERSION]);
    }));

    test(`${kind}: a store at an older version is migrated, keeping its rows`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      assert.equal(await store.migrate(1), 1);
      assert.equal(await store.version(), 1);
      // A row as version 1 wrote it: attempts without their time.
      const truth = kind === 'sqlite' ? 1 : true;
      await backend.sql(
        `INSERT INTO wai_requests (request_id, at_ms, client, operation, requested_model, canonical_model, served_provider, served_model, level, attempt_count,
          total_ms, upstream_ms, overhead_ms, ttft_ms, tokens_in, tokens_out, cost_usd, stream, status, error)
         VALUES ('old-1', ?, 'c', 'chat', 'gpt-4o-mini', 'gpt-4o-mini', 'openai', 'gpt-4o-mini', 1, 1, 10, 8, 2, NULL, 5, 7, 0.0000049, ?, 200, NULL)`,
        [T0, kind === 'sqlite' ? 0 : false],
      );
      await backend.sql(`INSERT INTO wai_attempts (request_id, seq, provider, model, level, ok, duration_ms) VALUES ('old-1', 0, 'openai', 'gpt-4o-mini', 1, ?, 8)`, [truth]);

      assert.equal(await store.migrate(), LATEST_VERSION);
      assert.equal(await store.version(), LATEST_VERSION);
      const attempts = await backend.sql('SELECT at_ms FROM wai_attempts WHERE request_id = ?', ['old-1']);
      assert.deepEqual(attempts.map((a) => Number(a.at_ms)), [T0], 'the new column is filled from the request');

      const [old] = await store.recent(10);
      assert.equal(old?.requestId, 'old-1');
      assert.deepEqual(old?.attempts, [{ provider: 'openai', model: 'gpt-4o-mini', level: 1, ok: true, durationMs: 8 }]);
      assert.deepEqual((await store.providerStats(T0)).map((p) => [p.provider, p.attempts]), [['openai', 1]]);
      // And new rows go in.
      await store.writeBatch([record({ at: T0 + 1 })]);
      assert.equal((await store.recent(10)).length, 2);
    }));

    test(`${kind}: a version 2 store is rebuilt keyed by start time, keeping its rows; a batch written again still does not double`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      assert.equal(await store.migrate(2), 2);
      const kept = [record({ at: T0 }), record({ at: T0 + 1, attempts: [] })];
      // Written by this gateway's code would need version 3: the version 2 rows go in by hand, as version 2 wrote them.
      for (const r of kept) {
        await backend.sql(
          `INSERT INTO wai_requests (request_id, at_ms, client, operation, requested_model, canonical_model, served_provider, served_model, level, attempt_count,
            total_ms, upstream_ms, overhead_ms, ttft_ms, tokens_in, tokens_out, cost_usd, stream, status, error)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [r.requestId, r.at, r.client, r.operation, r.requestedModel, r.canonicalModel, r.servedProvider, r.servedModel, r.level, r.attempts.length,
            r.totalMs, r.upstreamMs, r.overheadMs, r.ttftMs, r.tokensIn, r.tokensOut, r.costUsd, kind === 'sqlite' ? Number(r.stream) : r.stream, r.status, r.error],
        );
        for (const [seq, a] of r.attempts.entries()) {
          await backend.sql(
            'INSERT INTO wai_attempts (request_id, seq, at_ms, provider, model, level, ok, error_class, status, code, message, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [r.requestId, seq, r.at, a.provider, a.model, a.level, kind === 'sqlite' ? Number(a.ok) : a.ok, a.errorClass ?? null, a.status ?? null, a.code ?? null, a.message ?? null, a.durationMs],
          );
        }
      }
      assert.equal(await store.migrate(), LATEST_VERSION);
      assert.deepEqual(await store.recent(10), [kept[1], kept[0]]);
      await store.writeBatch([kept[0]!, record({ at: T0 + 2 })]);
      assert.equal((await store.recent(10)).length, 3, 'the request written again is kept once');
      assert.equal(Number((await backend.sql('SELECT count(*) AS n FROM wai_attempts'))[0]!.n), 4);
      assert.deepEqual((await store.recent(10, { provider: 'openrouter', status: 'ok' })).map((r) => r.requestId).slice(1), [kept[1]!.requestId, kept[0]!.requestId]);
    }));

    test(`${kind}: texts that need quoting or escaping come back exactly`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      await store.migrate();
      const odd = ['NULL', '', ' spaced ', 'a,b', '{braces}', 'quote " and \\ backslash \\"', 'multi\nline\ttab', 'ünïcødé ✓ 𝄞', "it's"];
      const records = odd.map((text, i) => record({
        at: T0 + i, client: text, requestedModel: text || 'm', canonicalModel: text,
        attempts: [{ provider: 'p', model: text, level: 1, ok: false, errorClass: 'transient', code: text, message: text, durationMs: 0.1 + i }],
        costUsd: 1e-7 * (i + 1), ttftMs: i === 0 ? null : 1 / 3,
      }));
      await store.writeBatch(records);
      assert.deepEqual(await store.recent(100), records.slice().reverse());
    }));

    test(`${kind}: a NUL in a text (a rejected body's model, an upstream message) is stored as U+FFFD instead of failing the batch`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      await store.migrate();
      const odd = record({
        at: T0, client: 'user\u0000x', requestedModel: 'openai/gpt-4o-mini\u0000', status: 400, error: 'invalid_request',
        attempts: [{ provider: 'openai', model: 'gpt-4o-mini', level: 1, ok: false, errorClass: 'transient', code: '\u0000', message: 'bad\u0000body', durationMs: 1 }],
      });
      const next = record({ at: T0 + 1 });
      await store.writeBatch([odd, next]);
      const [back] = (await store.recent(10)).filter((r) => r.requestId === odd.requestId);
      assert.deepEqual(back, {
        ...odd, client: 'user\ufffdx', requestedModel: 'openai/gpt-4o-mini\ufffd',
        attempts: [{ ...odd.attempts[0]!, code: '\ufffd', message: 'bad\ufffdbody' }],
      });
      assert.equal((await store.recent(10)).length, 2, 'the rest of the batch is written too');
    }));

    test(`${kind}: a schema newer than the gateway is left alone, and the failure is fatal`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      await store.migrate();
      await backend.sql('UPDATE wai_schema SET version = ?', [LATEST_VERSION + 1]);
      await assert.rejects(backend.open().migrate(), (error: unknown) => {
        assert.ok(isFatal(error), 'fatal');
        assert.match(String((error as Error).message), /newer than this gateway/);
        return true;
      });
      assert.ok(new SchemaTooNewError(3, 2).fatal);
    }));

    test(`${kind}: records come back as they were written, newest first, with their attempts`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      await store.migrate();
      const served = record({ at: T0 });
      const streamed = record({
        at: T0 + 1_000, stream: true, ttftMs: 4.5, servedProvider: 'openai', servedModel: 'gpt-4o-mini', requestedModel: 'gpt-4o-mini',
        canonicalModel: 'gpt-4o-mini', level: 1, client: null,
        attempts: [{ provider: 'openai', model: 'gpt-4o-mini', level: 1, ok: true, durationMs: 2.125 }], costUsd: 0.0000123,
      });
      const failed = record({
        at: T0 + 2_000, servedProvider: null, servedModel: null, level: null, tokensIn: null, tokensOut: null, costUsd: null, status: 503, error: 'transient',
        attempts: [
          { provider: 'openai', model: 'gpt-4o-mini', level: 1, ok: false, errorClass: 'transient', status: 500, message: 'x'.repeat(5000), durationMs: 1 },
          { provider: 'openrouter', model: 'openai/gpt-4o-mini', level: 2, ok: false, errorClass: 'transient', status: 502, durationMs: 2 },
        ],
      });
      await store.writeBatch([served, streamed, failed]);
      // Written again (a retry after a reply that was lost): nothing doubles, nothing fails.
      await store.writeBatch([served, streamed]);
      // Part of it again, with a new one: the new one goes in, the others stay as they were.
      const extremes = record({ at: T0 + 500, tokensIn: 2_147_483_647, tokensOut: 0, costUsd: 1e-300, totalMs: 1 / 3, ttftMs: 0, level: 5 });
      await store.writeBatch([{ ...served, status: 500 }, extremes]);
      assert.deepEqual((await store.recent(10)).find((r) => r.requestId === extremes.requestId), extremes, 'the largest integer, tiny and repeating doubles, exact');
      await backend.sql('DELETE FROM wai_attempts WHERE request_id = ?', [extremes.requestId]);
      await backend.sql('DELETE FROM wai_requests WHERE request_id = ?', [extremes.requestId]);

      const all = await store.recent(10);
      assert.deepEqual(all.map((r) => r.requestId), [failed.requestId, streamed.requestId, served.requestId]);
      assert.deepEqual(all[2], served);
      assert.deepEqual(all[1], streamed);
      assert.equal(all[0]!.attempts[0]!.message!.length, 1000, 'long upstream messages are cut');
      assert.deepEqual({ ...all[0]!, attempts: [] }, { ...failed, attempts: [] });

      assert.deepEqual((await store.recent(2)).map((r) => r.requestId), [failed.requestId, streamed.requestId]);
      assert.deepEqual((await store.recent(10, { provider: 'openai' })).map((r) => r.requestId), [failed.requestId, streamed.requestId], 'served by it or attempted on it');
      assert.deepEqual((await store.recent(10, { provider: 'groq' })), []);
      assert.deepEqual((await store.recent(10, { status: 503 })).map((r) => r.requestId), [failed.requestId]);
      assert.deepEqual((await store.recent(10, { status: 'error' })).map((r) => r.requestId), [failed.requestId]);
      assert.deepEqual((await store.recent(10, { status: 'ok', provider: 'openrouter' })).map((r) => r.requestId), [served.requestId]);
      assert.equal((await backend.sql('SELECT count(*) AS n FROM wai_attempts')).map((r) => Number(r.n))[0], 5);
    }));

    test(`${kind}: usage series per bucket: requests, errors, fallbacks, tokens, cost`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      await store.migrate();
      await store.writeBatch([
        record({ at: T0 - MINUTE, tokensIn: 1000, tokensOut: 1000 }), // before the window
        record({ at: T0, level: 1, tokensIn: 10, tokensOut: 20, costUsd: 0.1 }),
        record({ at: T0 + 30_000, level: 2, tokensIn: 5, tokensOut: 6, costUsd: 0.2 }),
        record({ at: T0 + 59_999, level: null, status: 503, error: 'transient', tokensIn: null, tokensOut: null, costUsd: null }),
        record({ at: T0 + MINUTE, level: 3, tokensIn: 1, tokensOut: 2, costUsd: 0 }),
        record({ at: T0 + MINUTE + 1, level: 1, status: 200, error: 'stream_broken', stream: true, tokensIn: null, tokensOut: null, costUsd: null }),
        record({ at: T0 + MINUTE + 2, level: 1, status: 499, error: 'client_closed', tokensIn: null, tokensOut: null, costUsd: null }),
        record({ at: T0 + 3 * MINUTE, level: 1, status: 404, error: null, tokensIn: null, tokensOut: null, costUsd: null }),
      ]);
      assert.deepEqual(await store.usageSeries(T0, MINUTE), [
        { at: T0, requests: 3, errors: 1, fallbacks: 1, tokensIn: 15, tokensOut: 26, costUsd: 0.3 },
        { at: T0 + MINUTE, requests: 3, errors: 1, fallbacks: 1, tokensIn: 1, tokensOut: 2, costUsd: 0 },
        { at: T0 + 3 * MINUTE, requests: 1, errors: 1, fallbacks: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 },
      ]);
      assert.deepEqual((await store.usageSeries(T0, 10 * MINUTE)).map((b) => [b.at, b.requests]), [[T0, 7]]);
      assert.deepEqual(await store.usageSeries(T0 + 10 * MINUTE, MINUTE), []);
    }));

    test(`${kind}: provider statistics: attempts, successes, p50 and p95 of the successful ones`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      await store.migrate();
      const records = [];
      // groq: 20 successes of 1..20 ms and 5 failures; openai: one failure only.
      for (let i = 1; i <= 20; i++) records.push(record({ at: T0 + i, attempts: [{ provider: 'groq', model: 'm', level: 1, ok: true, durationMs: i }] }));
      for (let i = 0; i < 5; i++) {
        records.push(record({ at: T0 + 100 + i, attempts: [{ provider: 'groq', model: 'm', level: 1, ok: false, errorClass: 'transient', status: 500, durationMs: 1000 }] }));
      }
      records.push(record({ at: T0 + 200, attempts: [{ provider: 'openai', model: 'm', level: 1, ok: false, errorClass: 'transient', durationMs: 30_000 }] }));
      records.push(record({ at: T0 - 1, attempts: [{ provider: 'mistral', model: 'm', level: 1, ok: true, durationMs: 5 }] }));
      await store.writeBatch(records);
      assert.deepEqual(await store.providerStats(T0), [
        { provider: 'groq', attempts: 25, successes: 20, p50Ms: 10, p95Ms: 19 },
        { provider: 'openai', attempts: 1, successes: 0, p50Ms: null, p95Ms: null },
      ]);
    }));

    test(`${kind}: deleteOlderThan removes old requests and their attempts`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      await store.migrate();
      const old = [record({ at: T0 - 2 }), record({ at: T0 - 1 })];
      const kept = [record({ at: T0 }), record({ at: T0 + 1 })];
      await store.writeBatch([...old, ...kept]);
      assert.equal(await store.deleteOlderThan(T0), 2);
      assert.deepEqual((await store.recent(10)).map((r) => r.requestId), [kept[1]!.requestId, kept[0]!.requestId]);
      assert.equal(Number((await backend.sql('SELECT count(*) AS n FROM wai_attempts'))[0]!.n), 4, 'only the kept requests\' attempts remain');
      assert.equal(await store.deleteOlderThan(T0), 0);
    }));

    test(`${kind}: deleteOlderThan works through a backlog larger than one delete chunk`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      await store.migrate();
      const old = Array.from({ length: 5_003 }, (_, i) => record({ at: T0 - 10_000 + i, attempts: [{ provider: 'groq', model: 'm', level: 1, ok: true, durationMs: 1 }] }));
      await store.writeBatch(old);
      await store.writeBatch([record({ at: T0 })]);
      assert.equal(await store.deleteOlderThan(T0), 5_003);
      assert.equal(Number((await backend.sql('SELECT count(*) AS n FROM wai_requests'))[0]!.n), 1);
      assert.equal(Number((await backend.sql('SELECT count(*) AS n FROM wai_attempts'))[0]!.n), 2);
    }));
  });
}
