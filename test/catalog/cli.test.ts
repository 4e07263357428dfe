/** `wai catalog` and `wai catalog sync`: each layer, its age, what a sync changed; a bad list refused, nothing written. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { catalogCommand } from '../../src/cli/catalog-command.js';
import { startSimulator } from '../../simulators/index.js';
import { OPENROUTER_FIXTURE } from '../helpers/openrouter-fixture.js';

function sink(): { out: Writable; text: () => string } {
  let text = '';
  return { out: new Writable({ write(chunk, _e, done) { text += String(chunk); done(); } }), text: () => text };
}

test('wai catalog shows the shipped layer and the last sync with its age and changes; sync refuses a bad list', async () => {
  const sim = await startSimulator();
  const dir = mkdtempSync(join(tmpdir(), 'wai-catalog-cli-'));
  const path = join(dir, 'sync.json');
  const saved = process.env.OPENROUTER_BASE_URL;
  process.env.OPENROUTER_BASE_URL = sim.baseUrl('openrouter');
  try {
    const before = sink();
    assert.equal(await catalogCommand(['--out', path], before.out), 0);
    assert.match(before.text(), /shipped catalog: facts as of 2026-12-06/);
    assert.match(before.text(), /last good sync: {2}none yet/);

    sim.setDefault('openrouter', { status: 200, body: '{"data": []}' });
    const refused = sink();
    assert.equal(await catalogCommand(['sync', '--out', path], refused.out), 1);
    assert.match(refused.text(), /catalog sync refused: the list has only 0 models/);
    assert.equal(existsSync(path), false, 'nothing written');
    sim.setDefault('openrouter', null);

    const listText = readFileSync(OPENROUTER_FIXTURE, 'utf8');
    sim.setModelList('openrouter', { body: listText, ids: new Set() });
    const synced = sink();
    assert.equal(await catalogCommand(['sync', '--out', path], synced.out, new Date('2026-05-01T12:00:00Z')), 0);
    assert.match(synced.text(), /catalog sync: 368 models listed; \d+ updated, \d+ added, 0 gone, 0 back \(60\/60 of our OpenRouter offerings listed, 3 entries rejected\)/);

    const after = sink();
    assert.equal(await catalogCommand(['--out', path, '--json'], after.out, new Date('2026-05-02T00:00:00Z')), 0);
    const layers = JSON.parse(after.text()) as { inUse: string; cache: { asOf: string; ageHours: number; listed: number; changes: { added: string[] } } };
    assert.equal(layers.inUse, 'cache');
    assert.equal(layers.cache.ageHours, 12);
    assert.equal(layers.cache.listed, 368);
    assert.ok(Array.isArray(layers.cache.changes.added));
  } finally {
    if (saved === undefined) delete process.env.OPENROUTER_BASE_URL;
    else process.env.OPENROUTER_BASE_URL = saved;
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
