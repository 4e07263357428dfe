/**
 * The chaos suite's short form (the full one is `npm run chaos`): a few seconds of hostile upstreams and hostile
 * clients against the gateway as a child process, with every check of test/gateway/chaos/chaos-run.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChaos } from './chaos-run.js';

const SEED = 20261206;

test(`chaos, short form (seed ${SEED}): the gateway survives hostile upstreams and clients with every request answered cleanly`, { timeout: 60_000 }, async () => {
  const report = await runChaos({ seed: SEED, seconds: 12, concurrency: 16, rssBoundMb: 600 });
  assert.ok(report.requests > 50, `enough traffic (${report.requests} requests)`);
  assert.deepEqual(report.problems, []);
});
