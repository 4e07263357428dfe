/**
 * The per-request key check: a key is found by its hash once, then remembered by its first characters and
 * compared whole (in constant time); only keys of the store are remembered, a reload forgets them all, and the
 * memory is bounded, keeping the keys in use.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { generateKey, hashKey, sameSecret, type ClientKey } from '../../src/teams/client-key.js';
import { KeyRegistry } from '../../src/teams/key-registry.js';
import type { KeyStore } from '../../src/teams/key-store.js';
import { PresentedKeys } from '../../src/teams/presented-keys.js';
import { ManualClock } from '../helpers/manual-clock.js';

const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);

function record(secret: string, over: Partial<ClientKey> = {}): ClientKey {
  return {
    id: `key_${hashKey(secret).slice(0, 16)}`, name: 'k', hash: hashKey(secret), models: null, rpm: null, tpm: null, budgetUsd: null,
    budgetPeriod: 'month', expiresAt: null, createdAt: T0, updatedAt: T0, revokedAt: null, ...over,
  };
}

/** A registry over a store that holds `keys` (change them and reload). */
async function registryOf(keys: ClientKey[]): Promise<{ registry: KeyRegistry; keys: ClientKey[] }> {
  let mark = 0;
  const store = { changeMark: async () => String(++mark), listKeys: async () => [...keys] } as unknown as KeyStore;
  const registry = new KeyRegistry(store, new ManualClock(T0), pino({ level: 'silent' }));
  await registry.reload();
  return { registry, keys };
}

/** The same key with one character of its secret part changed at `index`. */
function changedAt(secret: string, index: number): string {
  return secret.slice(0, index) + (secret[index] === 'A' ? 'B' : 'A') + secret.slice(index + 1);
}

describe('client key lookup', () => {
  it('a key is found by its hash, then remembered: the same record without hashing again', async () => {
    const secret = generateKey();
    const { registry, keys } = await registryOf([record(secret)]);
    assert.equal(registry.remembered(secret), undefined, 'not before it was found');
    assert.equal(registry.lookup(secret), keys[0]);
    assert.equal(registry.remembered(secret), keys[0]);
    // A copy of the string, as the next request's header is.
    assert.equal(registry.remembered(secret.split('').join('')), keys[0]);
  });

  it('a key that shares a remembered key\'s first characters, or all but one, is not taken for it', async () => {
    const secret = generateKey();
    const { registry } = await registryOf([record(secret)]);
    registry.lookup(secret);
    for (const index of [16, 30, secret.length - 1]) {
      const other = changedAt(secret, index);
      assert.equal(registry.remembered(other), undefined, `changed at ${index}`);
      assert.equal(registry.lookup(other), undefined, `changed at ${index}`);
    }
    assert.equal(registry.remembered(secret.slice(0, -1)), undefined, 'shorter');
    assert.equal(registry.remembered(`${secret}A`), undefined, 'longer');
  });

  it('only keys of the store are remembered: made-up keys are neither found nor kept', async () => {
    const secret = generateKey();
    const { registry } = await registryOf([record(secret)]);
    for (let i = 0; i < 100; i++) {
      const madeUp = generateKey();
      assert.equal(registry.lookup(madeUp), undefined);
      assert.equal(registry.remembered(madeUp), undefined);
    }
  });

  it('a reload forgets every remembered key: a key revoked since is seen with its new record at once', async () => {
    const secret = generateKey();
    const { registry, keys } = await registryOf([record(secret)]);
    registry.lookup(secret);
    keys[0] = record(secret, { revokedAt: T0 + 1 });
    await registry.reload();
    assert.equal(registry.remembered(secret), undefined);
    assert.equal(registry.lookup(secret)?.revokedAt, T0 + 1);
    keys.length = 0;
    await registry.reload();
    assert.equal(registry.remembered(secret), undefined);
    assert.equal(registry.lookup(secret), undefined, 'a key deleted from the store is gone');
  });
});

describe('presented keys kept in memory', () => {
  it('hold at most their limit, and keep the keys in use while others come and go', () => {
    const presented = new PresentedKeys(4);
    const secrets = Array.from({ length: 5 }, () => generateKey());
    const records = secrets.map((s) => record(s));
    presented.set(secrets[0]!, records[0]!);
    presented.set(secrets[1]!, records[1]!);
    presented.set(secrets[2]!, records[2]!);
    // In use again: kept when the next key pushes out the oldest.
    assert.equal(presented.get(secrets[0]!), records[0]);
    presented.set(secrets[3]!, records[3]!);
    assert.equal(presented.get(secrets[1]!), undefined, 'the least recently used is forgotten');
    assert.equal(presented.get(secrets[0]!), records[0]);
    for (let i = 0; i < 50; i++) {
      const s = generateKey();
      presented.set(s, record(s));
      assert.ok(presented.size <= 4, `size ${presented.size}`);
    }
  });

  it('strings too short to be a key are never kept', () => {
    const presented = new PresentedKeys(4);
    presented.set('wai-short', record('wai-short'));
    assert.equal(presented.size, 0);
    assert.equal(presented.get('wai-short'), undefined);
  });
});

describe('secret comparison', () => {
  it('equal only when every character is, from where the caller says they may differ', () => {
    const secret = generateKey();
    assert.equal(sameSecret(secret, secret.split('').join('')), true);
    assert.equal(sameSecret(secret, changedAt(secret, 5)), false);
    assert.equal(sameSecret(secret, changedAt(secret, secret.length - 1), 16), false);
    assert.equal(sameSecret(secret, secret.slice(0, -1)), false);
    assert.equal(sameSecret(secret, changedAt(secret, 5), 16), true, 'characters before `from` are not compared');
  });
});
