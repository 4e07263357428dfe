/**
 * Redis going away mid-run: two gateway processes share limits through a Redis server of this test's own (never
 * the shared one), which is then killed. Every answer stays what it was, except that limits become per process;
 * /admin/status and /metrics say so. Skipped when redis-server is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { until } from '../observe/log/backends.js';
import { within } from '../gateway/gw-helpers.js';
import { call, chat, openaiEnv, tempDir, type Answer } from './helpers.js';
import { createKeyCli, freePort, killAll, spawnGateway, untilKnown, type GatewayProcess } from './processes.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

describe('Redis killed mid-run', { skip: hasRedisServer ? false : 'redis-server is not installed' }, () => {
  const tmp = tempDir();
  let sim: Simulator;
  let redisServer: ChildProcess;
  let gateways: GatewayProcess[] = [];
  let env: Record<string, string>;
  let configFile: string;

  before(async () => {
    sim = await startSimulator();
    const port = await freePort();
    redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const url = `redis://127.0.0.1:${port}`;
    await until(async () => {
      const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => {});
      try {
        return (await probe.connect().then(() => probe.ping())) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    }, 'own redis-server', 10_000);
    env = { ...openaiEnv(sim), REDIS_URL: url };
    configFile = join(tmp.dir, 'wai.json');
    writeFileSync(configFile, JSON.stringify({ server: { logLevel: 'error' }, requestLog: { sqlitePath: join(tmp.dir, 'wai.sqlite') }, probes: { enabled: false } }));
    gateways = await Promise.all([0, 1].map(() => spawnGateway(env, ['--config', configFile], tmp.dir)));
  });

  after(async () => {
    await Promise.all(gateways.map((g) => g.stop().catch(() => g.kill())));
    killAll();
    if (redisServer.exitCode === null && redisServer.signalCode === null) redisServer.kill('SIGKILL');
    await sim?.close();
    tmp.cleanup();
  });

  /** A request must never wait on the dead Redis: a generous guard against a hang, not a timing assertion. */
  const send = (gw: GatewayProcess, key: string) => within(chat(gw.url, key), 10_000, 'an answer');
  const answerOf = (a: Answer) => ({ status: a.status, content: a.json?.choices?.[0]?.message?.content, provider: a.headers.get('x-wai-provider') });

  it('answers stay the same; limits go from shared to per process, and status and metrics say so', async () => {
    const plain = await createKeyCli(['--name', 'plain', '--config', configFile], env, tmp.dir);
    const limited = await createKeyCli(['--name', 'four', '--rpm', '4', '--config', configFile], env, tmp.dir);
    // Both keys, on both gateways (a gateway that read the store between the two commands knows only the first).
    for (const key of [plain, limited]) await untilKnown(gateways, key);

    const before = answerOf(await send(gateways[0]!, plain));
    // Shared: 4 in all, whichever instance.
    const shared = [];
    for (let i = 0; i < 6; i++) shared.push((await send(gateways[i % 2]!, limited)).status);
    assert.deepEqual(shared, [200, 200, 200, 200, 429, 429]);
    assert.equal((await call(gateways[0]!.url, '/admin/status')).json.limits.store, 'redis');

    redisServer.kill('SIGKILL');
    await new Promise((resolve) => redisServer.once('exit', resolve));

    for (const gw of gateways) assert.deepEqual(answerOf(await send(gw, plain)), before, 'the same answer as with Redis');
    // Per process now: each instance counts only its own requests, from nothing.
    for (const gw of gateways) {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await send(gw, limited)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
    }
    for (const gw of gateways) {
      const limits = (await call(gw.url, '/admin/status')).json.limits;
      assert.equal(limits.store, 'memory');
      assert.equal(limits.degraded, true);
      assert.ok(limits.reason);
      const metrics = (await call(gw.url, '/metrics')).text;
      assert.match(metrics, /^wai_client_limits_degraded 1$/m);
      assert.match(metrics, /^wai_client_limits_shared 0$/m);
    }
  });
});
