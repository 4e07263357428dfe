/**
 * Stored responses live in the request log's database (schema v4, table wai_responses), on SQLite and on
 * PostgreSQL (skipped without DATABASE_URL): the upgrade from v3 keeps what was there, rows are read, replaced and
 * deleted, retention removes old ones, and a gateway started again on the same database still finds a response
 * by id and continues its conversation through previous_response_id.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { BACKENDS, insertV3Request, record, skipFor, withBackend } from '../../observe/log/backends.js';
import { LATEST_VERSION, MIGRATIONS } from '../../../src/observe/log/migrations.js';
import { startAnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { requestLogOf } from '../../../src/observe/log/attach.js';

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
/** The schema version that added wai_responses (found by its description, so a renumbering on merge keeps this test right). */
const RESPONSES_VERSION = MIGRATIONS.find((m) => m.description.startsWith('stored responses'))!.version;
const DAY = 86_400_000;
const row = (id: string, atMs: number, body = '{"response":{"id":"x"}}') => ({ id, atMs, servedBy: 'openai', previousId: null, body });

for (const kind of BACKENDS) {
  const skip = skipFor(kind);
  describe(`stored responses on ${kind}`, () => {
    test(`${kind}: the upgrade to the version with wai_responses keeps the requests`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      assert.equal(await store.migrate(RESPONSES_VERSION - 1), RESPONSES_VERSION - 1);
      await insertV3Request(backend, kind, record({ requestId: 'before-upgrade', at: T0, attempts: [] }));
      await assert.rejects(store.getResponse!('resp_1'), 'no wai_responses table before the upgrade');
      assert.equal(await store.migrate(), LATEST_VERSION);
      assert.deepEqual((await store.recent(10)).map((r) => r.requestId), ['before-upgrade']);
      assert.equal(await store.getResponse!('resp_1'), undefined);
      await store.putResponse!(row('resp_1', T0));
      assert.deepEqual(await store.getResponse!('resp_1'), row('resp_1', T0));
      // The same id again replaces the row (a response stored twice, e.g. a retried write).
      await store.putResponse!({ ...row('resp_1', T0 + 1, '{"response":{"id":"y"}}'), previousId: 'resp_0' });
      assert.deepEqual(await store.getResponse!('resp_1'), { ...row('resp_1', T0 + 1, '{"response":{"id":"y"}}'), previousId: 'resp_0' });
      assert.equal(await store.deleteResponse!('resp_1'), true);
      assert.equal(await store.deleteResponse!('resp_1'), false);
      assert.equal(await store.getResponse!('resp_1'), undefined);
    }));

    test(`${kind}: retention removes responses older than the cut-off with the requests`, { skip }, () => withBackend(kind, async (backend) => {
      const store = backend.open();
      await store.migrate();
      await store.putResponse!(row('resp_old', T0 - 31 * DAY));
      await store.putResponse!(row('resp_new', T0 - DAY));
      await store.deleteOlderThan(T0 - 30 * DAY);
      assert.equal(await store.getResponse!('resp_old'), undefined);
      assert.ok(await store.getResponse!('resp_new'));
    }));

    test(`${kind}: a gateway started again on the same database finds the response and continues the conversation`, { skip }, () => withBackend(kind, async (backend) => {
      const sim = await startAnthropicSimulator();
      const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: sim.baseUrl };
      const model = 'anthropic/claude-sonnet-4-5-20250929';
      const tool = { type: 'function' as const, name: 'get_weather', strict: false, parameters: { type: 'object', properties: { input: { type: 'string' } } } };
      try {
        const first = await startTestGateway({ env, requestLog: { enabled: true, ...backend.settings } });
        const client = new OpenAI({ apiKey: 'x', baseURL: `${first.url}/v1`, maxRetries: 0, logLevel: 'off' });
        const turn1 = await client.responses.create({ model, input: 'Weather in Oslo', tools: [tool] });
        const call = turn1.output.find((item) => item.type === 'function_call');
        assert.ok(call && call.type === 'function_call');
        // Written behind the answer: wait for the row before the gateway goes away.
        const log = requestLogOf(first.runtime)!;
        for (let i = 0; i < 100 && !(await log.store.getResponse!(turn1.id)); i++) await new Promise((r) => setTimeout(r, 20));
        await first.close();

        const second = await startTestGateway({ env, requestLog: { enabled: true, ...backend.settings } });
        const again = new OpenAI({ apiKey: 'x', baseURL: `${second.url}/v1`, maxRetries: 0, logLevel: 'off' });
        const got = await again.responses.retrieve(turn1.id);
        assert.deepEqual(got.output, turn1.output);
        const turn2 = await again.responses.create({ model, previous_response_id: turn1.id, tools: [tool], input: [{ type: 'function_call_output', call_id: call.call_id, output: 'Snow' }] });
        assert.equal(turn2.output_text, 'Tool said: Snow');
        const sent = JSON.stringify(sim.requests().at(-1)!.body);
        assert.ok(sent.includes('Weather in Oslo'), 'the first turn was rebuilt from the database');
        await again.responses.delete(turn1.id);
        await assert.rejects(again.responses.retrieve(turn1.id), (e: { status?: number }) => e.status === 404);
        await second.close();
      } finally {
        await sim.close();
      }
    }));
  });
}
