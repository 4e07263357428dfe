/**
 * A request whose model name carries a NUL is refused (400) and still logged; on PostgreSQL, whose text cannot
 * hold a NUL, that row used to fail its batch on every retry and hold up every request logged after it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../../simulators/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { requestLogOf } from '../../../src/observe/log/attach.js';
import { BACKENDS, openBackend, skipFor } from './backends.js';

for (const kind of BACKENDS) {
  test(`${kind}: a refused model name with a NUL is logged (as U+FFFD) and the requests after it are too`, { skip: skipFor(kind), timeout: 60_000 }, async () => {
    const backend = await openBackend(kind);
    const sim = await startSimulator();
    const gw = await startTestGateway({
      env: { OPENAI_API_KEY: 'sk-nul-test', OPENAI_BASE_URL: sim.baseUrl('openai') },
      requestLog: { enabled: true, flushMs: 20, ...backend.settings },
    });
    let closed = false;
    try {
      const post = (model: string) => fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
      });
      const refused = await post('gpt-4o-mini\u0000');
      assert.equal(refused.status, 400);
      await refused.arrayBuffer();
      const served = await post('gpt-4o-mini');
      assert.equal(served.status, 200);
      await served.arrayBuffer();
      const log = requestLogOf(gw.runtime)!;
      await gw.close();
      closed = true;
      const stats = log.stats();
      assert.deepEqual([stats.written, stats.failed, stats.dropped], [2, 0, 0]);
      const rows = await backend.open().recent(10);
      assert.deepEqual(rows.map((r) => [r.requestedModel, r.status]), [['gpt-4o-mini', 200], ['gpt-4o-mini\ufffd', 400]]);
    } finally {
      if (!closed) await gw.close();
      await sim.close();
      await backend.cleanup();
    }
  });
}
