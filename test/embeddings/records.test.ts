/**
 * Embeddings requests are recorded like chat ones: a request-log row per request (operation `embeddings`, who
 * served it, at which level, each attempt, input tokens and the cost in `x-wai-cost`) on SQLite and PostgreSQL,
 * and the Prometheus series by operation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startTestGateway } from '../helpers/gateway.js';
import { requestLogOf } from '../../src/observe/log/attach.js';
import { BACKENDS, openBackend, skipFor } from '../observe/log/backends.js';
import { rigEnv, startEmbeddingsRig, usd } from './helpers.js';

for (const kind of BACKENDS) {
  test(`${kind}: embeddings rows, with the fallback's attempts, tokens and cost; metrics by operation`, { skip: skipFor(kind), timeout: 60_000 }, async () => {
    const backend = await openBackend(kind);
    const rig = await startEmbeddingsRig();
    const gw = await startTestGateway({ env: rigEnv(rig), retries: { maxRetries: 0 }, requestLog: { enabled: true, flushMs: 20, ...backend.settings } });
    let closed = false;
    try {
      const log = requestLogOf(gw.runtime)!;
      const client = new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-wai-client': 'rag-indexer' } });
      rig.cohere.enqueue({ status: 429 });
      const served = await client.embeddings.create({ model: 'embed-english-v3.0', input: ['one text', 'and another'], encoding_format: 'float' }).withResponse();
      const refused = await client.embeddings.create({ model: 'gpt-4o', input: 'x' }).then(() => undefined, (e: unknown) => e);
      assert.ok(refused instanceof OpenAI.BadRequestError);

      const metrics = await (await fetch(`${gw.url}/metrics`)).text();
      assert.match(metrics, /operation="embeddings"/);

      await gw.close();
      closed = true;
      assert.equal(log.stats().written, 2);
      const rows = await backend.open().recent(10);
      const row = rows.find((r) => r.requestId === served.response.headers.get('x-wai-request-id'))!;
      assert.ok(row, 'a row for the served request');
      assert.deepEqual(
        [row.operation, row.client, row.requestedModel, row.canonicalModel, row.servedProvider, row.servedModel, row.level, row.status, row.stream],
        ['embeddings', 'rag-indexer', 'embed-english-v3.0', 'embed-english-v3.0', 'bedrock', 'cohere.embed-english-v3', 4, 200, false],
      );
      assert.deepEqual(row.attempts.map((a) => [a.provider, a.model, a.ok, a.errorClass]), [
        ['cohere', 'embed-english-v3.0', false, 'rate_limited'],
        ['bedrock', 'cohere.embed-english-v3', true, undefined],
      ]);
      const tokens = served.data.usage.prompt_tokens;
      assert.deepEqual([row.tokensIn, row.tokensOut, row.costUsd], [tokens, 0, usd(tokens, 0.1)]);
      assert.equal(served.response.headers.get('x-wai-cost'), String(row.costUsd));
      const other = rows.find((r) => r !== row)!;
      assert.deepEqual([other.operation, other.requestedModel, other.status, other.servedProvider], ['embeddings', 'gpt-4o', 400, null]);
    } finally {
      if (!closed) await gw.close();
      await rig.close();
      await backend.cleanup();
    }
  });
}
