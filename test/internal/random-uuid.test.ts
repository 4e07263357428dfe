import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { randomUuid } from '../../src/internal/random-uuid.js';

/** Request ids come from randomUuid instead of crypto.randomUUID: the same form, as random. */
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('makes version 4 UUIDs of the form crypto.randomUUID makes, none twice, over many draws of the pool', () => {
    assert.match(randomUUID(), V4);
    const seen = new Set<string>();
    const variants = new Set<string>();
    const digits = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = randomUuid();
      assert.match(id, V4);
      assert.equal(id.length, 36);
      seen.add(id);
      variants.add(id[19]!);
      for (const c of id.replace(/-/g, '')) digits.add(c);
    }
    assert.equal(seen.size, 20_000);
    assert.deepEqual([...variants].sort(), ['8', '9', 'a', 'b']);
    assert.equal(digits.size, 16);
  });

  it('returns strings that stay as they were when the next id is made', () => {
    const first = randomUuid();
    const copy = `${first}`;
    randomUuid();
    assert.equal(first, copy);
  });
});
