/**
 * Time a request spends inside the gateway waiting for a free upstream connection is the gateway's, never the
 * provider's (issue 13, item 3). A pool limited to two connections per origin and six concurrent slow streams:
 * four of them queue behind whole streams. The attempt timeout (shorter than the wait) starts only once a request
 * is written on a connection, so every stream completes and the provider's breaker stays closed; a request whose
 * deadline passes while it is still queued gets a 504 that names the gateway's wait, and health is untouched.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import type { Timeouts } from '../../src/config/config.js';
import { parseSse, postRaw, simEnv } from './gw-helpers.js';

let sim: Simulator;
const running: RunningGateway[] = [];

before(async () => {
  sim = await startSimulator();
});

after(async () => {
  await Promise.all(running.map((g) => g.close()));
  await sim?.close();
});

beforeEach(() => sim.reset());

/** Two connections to the simulator's origin, set the way an operator would: the environment. */
async function gateway(timeouts: Partial<Timeouts>): Promise<RunningGateway> {
  const gw = await startTestGateway({ env: { ...simEnv(sim, ['openai']), WAI_UPSTREAM_CONNECTIONS: '2' }, timeouts, health: { consecutiveFailures: 3 } });
  running.push(gw);
  return gw;
}

const STREAM = { model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'one two three four' }] };
const streams = (gw: RunningGateway, n: number) => Promise.all(Array.from({ length: n }, () => postRaw(`${gw.url}/v1/chat/completions`, STREAM)));

describe('waiting for a free upstream connection is not counted against the provider', () => {
  it('six concurrent slow streams over two connections: every one completes, the breaker stays closed', async () => {
    // About ten events 150 ms apart: each stream holds its connection ~1.5 s, so the last two wait ~3 s,
    // far beyond the 800 ms attempt timeout, which governs only the time after the request is sent.
    sim.setDefault('openai', { chunkDelayMs: 150 });
    const gw = await gateway({ attemptMs: 800, firstByteMs: 800, idleMs: 2_000, deadlineMs: 30_000 });
    const answers = await streams(gw, 6);
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.text.slice(0, 300));
      const sse = parseSse(answer.text);
      assert.ok(sse.done, 'the stream ends with [DONE]');
      assert.match(sse.data.map((c) => c.choices?.[0]?.delta?.content ?? '').join(''), /^Hello from openai \(gpt-4o-mini\): one two three four/);
      assert.equal(answer.headers.get('x-wai-attempts'), '1', 'no attempt failed on the way');
    }
    assert.equal(gw.runtime.health.blocking('openai', 'gpt-4o-mini'), undefined, 'no breaker opened');
    assert.equal(gw.runtime.health.stats('openai')?.failures ?? 0, 0, 'no failure recorded against the provider');
    assert.equal(sim.requests('openai').length, 6, 'one upstream request per stream, no retries');
  });

  it('whole answers too: six slow answers over two connections all succeed, the wait not timed as the attempt', async () => {
    // Each answer takes 1 s at the provider; the last two wait 2 s for a connection, longer than the 1.5 s attempt timeout.
    sim.setDefault('openai', { latencyMs: 1_000 });
    const gw = await gateway({ attemptMs: 1_500, firstByteMs: 1_500, deadlineMs: 30_000 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => postRaw(`${gw.url}/v1/chat/completions`, { ...STREAM, stream: false })));
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.text.slice(0, 300));
      assert.equal(answer.headers.get('x-wai-attempts'), '1');
    }
    assert.equal(gw.runtime.health.stats('openai')?.failures ?? 0, 0, 'no failure recorded against the provider');
  });

  it('a deadline that passes while the request still waits: a 504 naming the gateway, the provider not blamed', async () => {
    sim.setDefault('openai', { chunkDelayMs: 150 });
    const gw = await gateway({ attemptMs: 800, firstByteMs: 800, idleMs: 2_000, deadlineMs: 2_200 });
    const answers = await streams(gw, 6);
    const statuses = answers.map((a) => a.status).sort();
    // Two streams hold the connections ~1.5 s, the next two start then and commit well before 2.2 s; the last two
    // would wait ~3 s.
    assert.deepEqual(statuses, [200, 200, 200, 200, 504, 504], answers.map((a) => a.text.slice(0, 200)).join('\n'));
    for (const answer of answers.filter((a) => a.status === 504)) {
      const error = (answer.json as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'connection_wait_timeout');
      assert.match(error.message, /waited inside the gateway/);
    }
    assert.equal(gw.runtime.health.blocking('openai', 'gpt-4o-mini'), undefined, 'no breaker opened');
    assert.equal(gw.runtime.health.stats('openai')?.failures ?? 0, 0, 'no failure recorded against the provider');
    assert.equal(sim.requests('openai').length, 4, 'the requests that never got a connection were never sent');
  });
});
