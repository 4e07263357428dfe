/**
 * The client key tables (request log schema v5) on SQLite and PostgreSQL (skipped without DATABASE_URL): the
 * upgrade from v3 keeps the log's rows, keys and audit entries round-trip, and spend per key comes from the log.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, insertV3Request, openBackend, record, skipFor, type Backend } from '../observe/log/backends.js';
import { LATEST_VERSION } from '../../src/observe/log/migrations.js';
import { KeyStore } from '../../src/teams/key-store.js';
import { createKey, keysWithSpend, revokeKey, updateKey, type AdminContext } from '../../src/teams/key-admin.js';
import { hashKey } from '../../src/teams/client-key.js';

const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);

async function withBackend(kind: Backend['kind'], body: (backend: Backend, keys: KeyStore) => Promise<void>): Promise<void> {
  const backend = await openBackend(kind);
  const keys = KeyStore.open({ sqlitePath: backend.settings.sqlitePath ?? '', databaseUrl: backend.settings.databaseUrl });
  try {
    await body(backend, keys);
  } finally {
    await keys.close();
    await backend.cleanup();
  }
}

for (const kind of BACKENDS) {
  const skip = skipFor(kind);
  describe(`client key store on ${kind}`, () => {
    test(`${kind}: a v3 request log is upgraded to v5 (v4 adds stored responses), keeping its rows; new rows carry the key id`, { skip }, () => withBackend(kind, async (backend, keys) => {
      const log = backend.open();
      assert.equal(await log.migrate(3), 3);
      // A row as version 3 wrote it (this gateway's code writes version 5 rows).
      const old = record({ at: T0, attempts: [] });
      await insertV3Request(backend, kind, old);
      assert.equal(LATEST_VERSION, 5);
      assert.equal(await log.migrate(), 5);
      assert.deepEqual(await log.recent(10), [old], 'the v3 row reads back as it was, with no key id');
      const withKey = record({ at: T0 + 1, clientKeyId: 'key_0123456789abcdef' });
      await log.writeBatch([withKey]);
      assert.deepEqual((await log.recent(1))[0], withKey);
      assert.deepEqual(await keys.listKeys(), [], 'the key table exists and is empty');
    }));

    test(`${kind}: keys are stored as hashes; create, update, revoke are audited; spend per key comes from the log`, { skip }, () => withBackend(kind, async (backend, keys) => {
      const ctx: AdminContext = { store: keys, actor: 'test (unit)', now: T0 };
      const before = await keys.changeMark();
      const { key, secret } = await createKey(ctx, { name: 'team-a', models: ['openai/*'], rpm: 60, budgetUsd: 5, budgetPeriod: 'day' });
      assert.notEqual(await keys.changeMark(), before, 'a new key moves the change mark');
      const stored = await keys.listKeys();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.hash, hashKey(secret));
      const { hash: _hash, ...fields } = stored[0]!;
      const { status, ...view } = key;
      assert.equal(status, 'active');
      assert.deepEqual(fields, view);
      const rows = await backend.sql('SELECT * FROM wai_client_keys');
      assert.ok(!JSON.stringify(rows).includes(secret), 'the secret is stored nowhere');

      const mark = await keys.changeMark();
      const updated = await updateKey({ ...ctx, now: T0 + 1000 }, 'team-a', { rpm: 120, expiresAt: T0 + 86_400_000 });
      assert.equal(updated.rpm, 120);
      assert.notEqual(await keys.changeMark(), mark, 'an update moves the change mark');
      const revoked = await revokeKey({ ...ctx, now: T0 + 2000 }, key.id);
      assert.equal(revoked.status, 'revoked');
      assert.equal((await keys.listKeys())[0]!.revokedAt, T0 + 2000);

      const audit = await keys.auditLog(10);
      assert.deepEqual(audit.map((a) => [a.action, a.actor, a.target]), [['key.revoke', 'test (unit)', key.id], ['key.update', 'test (unit)', key.id], ['key.create', 'test (unit)', key.id]]);
      assert.deepEqual(audit[1]!.details, { rpm: 120, expiresAt: T0 + 86_400_000 });

      const log = backend.open();
      await log.migrate();
      await log.writeBatch([record({ at: T0, clientKeyId: key.id, costUsd: 0.25, tokensIn: 10, tokensOut: 20 }), record({ at: T0 + 5, clientKeyId: key.id, costUsd: 0.5 }), record({ at: T0 + 6 })]);
      const spend = await keysWithSpend(keys, T0 + 10);
      assert.deepEqual(spend[0]!.spend.day, { requests: 2, tokensIn: 22, tokensOut: 54, costUsd: 0.75 });
      assert.equal(spend[0]!.spend.total.requests, 2);
    }));
  });
}
