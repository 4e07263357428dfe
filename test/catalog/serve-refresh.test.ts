/**
 * `wai serve`'s catalog refresh never stands in a request's way: while OpenRouter's list hangs, requests are served on
 * the catalog in force, and /admin/status says which layer that is; once a list arrives, new requests use it.
 */
import { test } from 'node:test';
// (A list that arrives is put in force for later requests: catalog-sync.test.ts and one-openrouter-key.test.ts.)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import { OPENROUTER_FIXTURE } from '../helpers/openrouter-fixture.js';

test('requests are served while the start-up refresh hangs; /admin/status shows the layer in force and the refresh outcome', async () => {
  const sim = await startSimulator();
  const dir = mkdtempSync(join(tmpdir(), 'wai-serve-refresh-'));
  const listText = readFileSync(OPENROUTER_FIXTURE, 'utf8');
  sim.setModelList('openrouter', { body: listText, ids: new Set(JSON.parse(listText).data.map((m: { id: string }) => m.id)) });
  sim.enqueue('openrouter', { hang: true }); // the first call to OpenRouter is the list fetch: it never answers
  const gw = await startTestGateway({ env: { OPENROUTER_API_KEY: 'sk-or-v1-serve', OPENROUTER_BASE_URL: sim.baseUrl('openrouter') }, catalogCachePath: join(dir, 'sync.json'), retries: { maxRetries: 0 } });
  try {
    const chat = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'meta/llama-3.3-70b', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    assert.equal(chat.status, 200);
    assert.equal(chat.headers.get('x-wai-provider'), 'openrouter');
    const status = (await (await fetch(`${gw.url}/admin/status`)).json()) as { catalog: { inUse: string; live: { lastSuccessAt: string | null; url: string } } };
    assert.equal(status.catalog.inUse, 'shipped');
    assert.equal(status.catalog.live.lastSuccessAt, null);
    assert.equal(status.catalog.live.url, `${sim.baseUrl('openrouter')}/models`);

    // OpenRouter goes away with the list fetch still open: the refresh fails, the shipped catalog stays, and says so.
    await sim.close();
    assert.equal(await gw.runtime.catalogRefresher!.settled(), false);
    const after = (await (await fetch(`${gw.url}/admin/status`)).json()) as { catalog: { inUse: string; live: { lastError: string } } };
    assert.equal(after.catalog.inUse, 'shipped');
    assert.match(after.catalog.live.lastError, /could not be fetched .*the catalog is unchanged/);
  } finally {
    await sim.close();
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
