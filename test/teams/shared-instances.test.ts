/**
 * Three gateway processes behind one Redis and one PostgreSQL (the real local ones: keys under a prefix of this
 * run, tables in a schema of its own; skipped without REDIS_URL and DATABASE_URL). Keys are made and revoked with
 * the `wai keys` CLI, as an operator would. Checks: an rpm limit held by the three together, a budget stopped
 * within one request's cost across them (streams included), a revoked key refused by all within a second, and
 * the probe lease moving to another instance when its holder is killed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { withSearchPath, until } from '../observe/log/backends.js';
import { call, chat, CHAT, openaiEnv, tempDir } from './helpers.js';
import { createKeyCli, killAll, runWai, spawnGateway, untilKnown, type GatewayProcess } from './processes.js';

const PG_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const skip = !PG_URL || !REDIS_URL ? 'needs DATABASE_URL and REDIS_URL' : false;

describe('three instances share keys, limits and the probe lease', { skip }, () => {
  const tmp = tempDir();
  const schema = `wai_test_${randomBytes(6).toString('hex')}`;
  const prefix = `wai-test-${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  let sim: Simulator;
  let env: Record<string, string>;
  let gateways: GatewayProcess[] = [];
  let configFile: string;

  before(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    sim = await startSimulator();
    env = { ...openaiEnv(sim), DATABASE_URL: withSearchPath(PG_URL!, schema), REDIS_URL: REDIS_URL!, WAI_REDIS_PREFIX: prefix };
    configFile = join(tmp.dir, 'wai.json');
    writeFileSync(configFile, JSON.stringify({
      server: { logLevel: 'warn' }, requestLog: { flushMs: 50 }, clientKeys: { pollMs: 500 },
      probes: { enabled: true, intervalMs: 200, leaseMs: 900 },
    }));
    gateways = await Promise.all([0, 1, 2].map(() => spawnGateway(env, ['--config', configFile], tmp.dir)));
  });

  after(async () => {
    await Promise.all(gateways.map((g) => g.stop().catch(() => g.kill())));
    killAll();
    await sim?.close();
    await admin?.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
    await admin?.end();
    const redis = new Redis(REDIS_URL!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    tmp.cleanup();
  });

  const cli = (args: string[]) => runWai(args, env, tmp.dir);

  it('rpm 60: of 200 requests spread over the three, 60 (plus one per second elapsed, GCRA\'s documented bound) get through; the rest 429 with Retry-After 1', async () => {
    const secret = await createKeyCli(['--name', 'rpm60', '--rpm', '60', '--config', configFile], env, tmp.dir);
    await untilKnown(gateways, secret);
    const began = performance.now();
    const answers = await inParallel(200, 16, (i) => chat(gateways[i % 3]!.url, secret));
    const elapsedMs = performance.now() - began;
    const ok = answers.filter((a) => a.status === 200).length;
    const limited = answers.filter((a) => a.status === 429);
    assert.equal(ok + limited.length, 200, `every answer is 200 or 429: ${answers.find((a) => a.status !== 200 && a.status !== 429)?.text}`);
    assert.ok(ok >= 60 && ok <= 60 + Math.ceil(elapsedMs / 1000) + 1, `${ok} let through in ${elapsedMs.toFixed(0)} ms`);
    const fallbacks = await Promise.all(gateways.map(async (gw) => (await call(gw.url, '/admin/status')).json.limits.fallbacks));
    for (const answer of limited) {
      assert.equal(answer.json.error.code, 'rate_limit_exceeded');
      assert.equal(answer.headers.get('retry-after'), '1', `decisions taken without Redis: ${fallbacks.join(', ')}; ${ok} let through`);
      assert.ok(Number(answer.headers.get('retry-after-ms')) <= 1000);
    }
    // Retry-After is right: waiting it out lets the next request in, on any instance.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal((await chat(gateways[1]!.url, secret)).status, 200);
  });

  it('a budget is stopped within one request\'s cost across the three instances, streams included', async () => {
    const free = await createKeyCli(['--name', 'measure', '--config', configFile], env, tmp.dir);
    await until(async () => (await chat(gateways[0]!.url, free)).status === 200, 'the measuring key known');
    const cost = Number((await chat(gateways[0]!.url, free)).headers.get('x-wai-cost'));
    assert.ok(cost > 0);
    const budget = cost * 5.5;
    const secret = await createKeyCli(['--name', 'budget', '--budget-usd', String(budget), '--budget-period', 'day', '--config', configFile], env, tmp.dir);
    await untilKnown(gateways, secret);
    let served = 0;
    let refusal;
    for (let i = 0; i < 30 && !refusal; i++) {
      const answer = await chat(gateways[i % 3]!.url, secret, { ...CHAT, stream: i % 2 === 0 });
      if (answer.status === 200) served++;
      else refusal = answer;
    }
    assert.ok(refusal, 'the key was stopped');
    assert.equal(refusal.json.error.code, 'insufficient_quota');
    assert.match(refusal.json.error.message, /daily budget of .* is spent/);
    assert.equal(served, 6, 'five requests stay under 5.5 requests\' worth; the sixth crosses it and the seventh is refused');
    // What the log says it spent (request records carry the key id): within one request's cost of the budget.
    await until(async () => {
      const list = JSON.parse((await cli(['keys', 'list', '--json', '--config', configFile])).stdout);
      return list.find((k: any) => k.name === 'budget')?.spend.day.requests >= 6;
    }, 'the requests in the log', 10_000);
    const list = JSON.parse((await cli(['keys', 'list', '--json', '--config', configFile])).stdout);
    const spent = list.find((k: any) => k.name === 'budget').spend.day.costUsd;
    assert.ok(spent >= budget && spent <= budget + cost * 1.01, `spent ${spent}, budget ${budget}, one request ${cost}`);
  });

  it('a key revoked with the CLI is refused by every instance within one second', async () => {
    const secret = await createKeyCli(['--name', 'leaver', '--config', configFile], env, tmp.dir);
    for (const gw of gateways) await until(async () => (await chat(gw.url, secret)).status === 200, 'the key known');
    const run = await cli(['keys', 'revoke', 'leaver', '--config', configFile]);
    assert.equal(run.code, 0, run.stderr);
    const revokedAt = performance.now();
    const refusedAfter = await Promise.all(gateways.map(async (gw) => {
      while ((await chat(gw.url, secret)).status !== 401) await new Promise((resolve) => setTimeout(resolve, 20));
      return performance.now() - revokedAt;
    }));
    assert.ok(Math.max(...refusedAfter) < 1000, `refused after ${refusedAfter.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  });

  it('one instance probes; killing it moves the probes to another', async () => {
    const holders = async () => (await Promise.all(gateways.map(async (gw, i) => {
      if (gw.child.exitCode !== null || gw.child.signalCode !== null) return undefined;
      return (await call(gw.url, '/admin/status')).json.probeLease?.held ? i : undefined;
    }))).filter((i) => i !== undefined);
    await until(async () => (await holders()).length === 1, 'one lease holder');
    const [holder] = await holders();
    const others = gateways.filter((_, i) => i !== holder);
    await gateways[holder!]!.kill();
    const killedAt = Date.now();
    await until(async () => (await holders()).length === 1, 'another instance holds the lease', 5_000);
    const [next] = await holders();
    assert.notEqual(next, holder);
    // And it probes: the simulator sees model-list probes after the kill.
    await until(() => sim.requests('openai').some((r) => r.method === 'GET' && r.at > killedAt + 100), 'a probe from the new holder', 5_000);
    gateways = [...others];
  });
});

/** Runs `count` calls with at most `width` at once; answers in call order. */
async function inParallel<T>(count: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) {
      const i = next++;
      out[i] = await fn(i);
    }
  }));
  return out;
}
