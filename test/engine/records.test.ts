import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { loadConfig } from '../../src/config/config.js';
import { buildEngine } from '../../src/engine/build-engine.js';
import type { RequestRecord } from '../../src/engine/request-record.js';

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());

test('request records go to observers after the answer, and none is lost when the engine closes at once', async () => {
  const records: RequestRecord[] = [];
  const engine = buildEngine({
    config: loadConfig({ env: { GROQ_API_KEY: 'gsk-records', GROQ_BASE_URL: sim.baseUrl('groq') } }),
    observers: [{ requestFinished: (record) => records.push(record) }],
  });
  const result = await engine.chat({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(result.served.provider, 'groq');
  // Delivered in the next check phase, not before the caller has its answer.
  assert.equal(records.length, 0);
  const closing = engine.close();
  assert.equal(records.length, 1, 'close() delivers what was pending');
  assert.equal(records[0]!.servedProvider, 'groq');
  await closing;

  const later = buildEngine({
    config: loadConfig({ env: { GROQ_API_KEY: 'gsk-records', GROQ_BASE_URL: sim.baseUrl('groq') } }),
    observers: [{ requestFinished: (record) => records.push(record) }],
  });
  await later.chat({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'again' }] });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(records.length, 2, 'delivered on its own one turn later');
  await later.close();
});
