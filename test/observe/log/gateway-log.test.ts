/**
 * A gateway with the request log on, driven with the official openai client against the simulators: the rows
 * match what was served, and the costs are the catalog prices times the usage the client received.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSimulator } from '../../../simulators/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { requestLogOf } from '../../../src/observe/log/attach.js';
import { LATEST_VERSION } from '../../../src/observe/log/migrations.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import { BACKENDS, openBackend, skipFor } from './backends.js';

const catalog = loadCatalog();
/** DeepSeek V3 with only an OpenRouter key: the free variant first, then the paid one (different input and output prices). */
const FREE = 'meta-llama/llama-3.3-70b-instruct:free';
const PAID = 'meta-llama/llama-3.3-70b-instruct';

/** USD as the catalog prices it: per million tokens, rounded to the nano-dollar like the gateway. */
function priced(model: string, provider: string, upstreamId: string, usage: { prompt_tokens: number; completion_tokens: number }): number {
  const offering = catalog.find(model)!.offerings.find((o) => o.provider === provider && o.upstreamId === upstreamId);
  assert.ok(offering, `${provider} offers ${upstreamId}`);
  assert.ok(!offering.free && offering.inputPrice > 0, 'a paid offering');
  return Math.round(((usage.prompt_tokens * offering.inputPrice + usage.completion_tokens * offering.outputPrice) / 1_000_000) * 1e9) / 1e9;
}

for (const kind of BACKENDS) {
  test(`${kind}: one row per request and per attempt, matching what the simulators served`, { skip: skipFor(kind), timeout: 60_000 }, async () => {
    const backend = await openBackend(kind);
    const sim = await startSimulator();
    const gw = await startTestGateway({
      env: {
        OPENAI_API_KEY: 'sk-log-test', OPENAI_BASE_URL: sim.baseUrl('openai'),
        OPENROUTER_API_KEY: 'sk-or-log-test', OPENROUTER_BASE_URL: sim.baseUrl('openrouter'),
      },
      retries: { maxRetries: 0 },
      requestLog: { enabled: true, flushMs: 20, ...backend.settings },
    });
    let closed = false;
    try {
      const log = requestLogOf(gw.runtime);
      assert.ok(log, 'the log is attached');
      const client = new OpenAI({ apiKey: 'caller', baseURL: `${gw.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-wai-client': 'log-suite' } });
      const hello = [{ role: 'user' as const, content: 'Tell me about the request log please' }];

      // 1. Plain: OpenAI serves gpt-4o-mini directly.
      const plain = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello }).withResponse();
      const plainCost = priced('gpt-4o-mini', 'openai', 'gpt-4o-mini', plain.data.usage!);
      assert.equal(plain.response.headers.get('x-wai-cost'), String(plainCost));

      // 2. Fallback: OpenRouter's free variant answers 429, the paid one serves.
      sim.enqueue('openrouter', { status: 429, headers: { 'retry-after': '30' } });
      const fallback = await client.chat.completions.create({ model: 'llama-3.3-70b', messages: hello }).withResponse();
      assert.equal(fallback.response.headers.get('x-wai-model'), PAID);
      assert.equal(fallback.response.headers.get('x-wai-attempts'), '2');
      const fallbackCost = priced('llama-3.3-70b', 'openrouter', PAID, fallback.data.usage!);

      // 3. A stream with usage.
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, stream: true, stream_options: { include_usage: true } }).withResponse();
      let streamUsage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream.data) if (chunk.usage) streamUsage = chunk.usage;
      assert.ok(streamUsage);
      const streamCost = priced('gpt-4o-mini', 'openai', 'gpt-4o-mini', streamUsage);

      // 4. Every attempt fails: 503.
      sim.setDefault('openai', { status: 500 });
      sim.setDefault('openrouter', { status: 500 });
      let failedId = '';
      let failedAttempts: Array<Record<string, unknown>> = [];
      await assert.rejects(client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError);
        assert.equal(error.status, 503);
        failedId = error.headers?.get('x-wai-request-id') ?? '';
        failedAttempts = (error.error as { attempts: Array<Record<string, unknown>> }).attempts;
        return true;
      });
      sim.setDefault('openai', null);
      sim.setDefault('openrouter', null);
      // The failures above opened breakers; the next request must not be shaped by them.
      for (const id of ['openai', 'openrouter']) gw.engine.health.reset(id);

      // 5. The free variant serves: cost 0.
      const free = await client.chat.completions.create({ model: 'llama-3.3-70b', messages: hello }).withResponse();
      assert.equal(free.response.headers.get('x-wai-model'), FREE);
      assert.equal(free.response.headers.get('x-wai-cost'), '0');

      // Closing the gateway flushes the log.
      await gw.close();
      closed = true;
      const stats = log.stats();
      assert.deepEqual([stats.state, stats.store, stats.written, stats.failed, stats.dropped, stats.pending, stats.schemaVersion], ['closed', kind, 5, 0, 0, 0, LATEST_VERSION]);

      const rows = await backend.open().recent(10);
      const byId = new Map(rows.map((r) => [r.requestId, r]));
      assert.equal(rows.length, 5);
      const row = (response: Response): RequestRecord => {
        const id = response.headers.get('x-wai-request-id')!;
        assert.ok(byId.has(id), `a row for ${id}`);
        return byId.get(id)!;
      };
      for (const r of rows) {
        assert.equal(r.client, 'log-suite');
        assert.equal(r.operation, 'chat');
        assert.ok(r.totalMs > 0 && r.upstreamMs > 0 && r.overheadMs >= 0, 'timings');
        // Attempt durations come from the engine's clock in whole ms, the total from performance.now(): up to 1 ms apart per attempt.
        assert.ok(r.upstreamMs <= r.totalMs + r.attempts.length, JSON.stringify(r));
      }

      const p = row(plain.response);
      assert.deepEqual(
        [p.requestedModel, p.canonicalModel, p.servedProvider, p.servedModel, p.level, p.status, p.error, p.stream, p.ttftMs],
        ['gpt-4o-mini', 'gpt-4o-mini', 'openai', 'gpt-4o-mini', Number(plain.response.headers.get('x-wai-level')), 200, null, false, null],
      );
      assert.deepEqual([p.tokensIn, p.tokensOut, p.costUsd], [plain.data.usage!.prompt_tokens, plain.data.usage!.completion_tokens, plainCost]);
      assert.deepEqual(p.attempts.map((a) => [a.provider, a.model, a.ok]), [['openai', 'gpt-4o-mini', true]]);

      const f = row(fallback.response);
      assert.deepEqual([f.requestedModel, f.canonicalModel, f.servedProvider, f.servedModel, f.level], ['llama-3.3-70b', 'llama-3.3-70b-instruct', 'openrouter', PAID, 2]);
      assert.equal(String(f.level), fallback.response.headers.get('x-wai-level'));
      assert.deepEqual(f.attempts.map((a) => [a.provider, a.model, a.level, a.ok, a.status, a.errorClass]), [
        ['openrouter', FREE, 2, false, 429, 'rate_limited'],
        ['openrouter', PAID, 2, true, undefined, undefined],
      ]);
      assert.deepEqual([f.tokensIn, f.tokensOut, f.costUsd], [fallback.data.usage!.prompt_tokens, fallback.data.usage!.completion_tokens, fallbackCost]);
      assert.ok(f.costUsd! > 0);

      const s = row(stream.response);
      assert.equal(s.stream, true);
      assert.ok(s.ttftMs !== null && s.ttftMs > 0 && s.ttftMs <= s.totalMs, 'time to first token');
      assert.deepEqual([s.tokensIn, s.tokensOut, s.costUsd, s.status, s.error], [streamUsage.prompt_tokens, streamUsage.completion_tokens, streamCost, 200, null]);

      const x = byId.get(failedId)!;
      assert.ok(x, 'a row for the 503');
      assert.deepEqual([x.status, x.servedProvider, x.servedModel, x.level, x.costUsd, x.tokensIn, x.error], [503, null, null, null, null, null, 'transient']);
      assert.deepEqual(
        x.attempts.map((a) => [a.provider, a.model, a.level, a.errorClass, a.status]),
        failedAttempts.map((a) => [a.provider, a.model, a.level, a.errorClass, a.status]),
      );
      assert.ok(x.attempts.length >= 2 && x.attempts.every((a) => !a.ok));

      const z = row(free.response);
      assert.deepEqual([z.servedModel, z.costUsd], [FREE, 0]);
      assert.ok((z.tokensIn ?? 0) > 0, 'tokens are still logged for a free variant');

      // The charts and the provider table see the same rows.
      const series = await backend.open().usageSeries(0, 365 * 86_400_000);
      const total = series.reduce((acc, b) => ({ requests: acc.requests + b.requests, errors: acc.errors + b.errors, cost: acc.cost + b.costUsd }), { requests: 0, errors: 0, cost: 0 });
      assert.equal(total.requests, 5);
      assert.equal(total.errors, 1);
      assert.ok(Math.abs(total.cost - (plainCost + fallbackCost + streamCost)) < 1e-9);
      const providers = await backend.open().providerStats(0);
      const openrouter = providers.find((q) => q.provider === 'openrouter')!;
      assert.equal(openrouter.successes, 2);
      assert.equal(openrouter.attempts, 2 + 1 + x.attempts.filter((a) => a.provider === 'openrouter').length);
    } finally {
      if (!closed) await gw.close();
      await sim.close();
      await backend.cleanup();
    }
  });
}
