/**
 * The client-key part of one request, in process, on several builds in one run: the gate (key check and limits on
 * the limiter's view, with the real Redis), the settlement of its usage and the answer's writeHead, on Node's own
 * request and response objects. Process CPU per request varies by several µs from run to run on a shared machine
 * (bench/cpu-compare.ts); this leaves out the sockets, the engine and the upstream and varies far less, so changes
 * of a fraction of a µs to the key path show. `auth off` runs the same steps with the gate letting everything in.
 *
 *   REDIS_URL=redis://127.0.0.1:6379/N node dist/bench/client-gate-cpu.js [--n=150000] [--rounds=3] NAME=WORKTREE ...
 *
 * Each WORKTREE is a built checkout; its dist/src modules are loaded.
 */
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const N = Number(arg('n', '150000'));
const ROUNDS = Number(arg('rounds', '3'));
const builds = process.argv.slice(2).filter((a) => !a.startsWith('--')).map((spec) => {
  const [name, root] = spec.split('=') as [string, string];
  return { name, root };
});

/* eslint-disable @typescript-eslint/no-explicit-any -- the modules of another build are loaded by path */
async function load(root: string, path: string): Promise<any> {
  return import(pathToFileURL(join(root, 'dist', 'src', path)).href);
}

const SERVED = { 'content-type': 'application/json', 'content-length': '620', 'x-wai-provider': 'openai', 'x-wai-model': 'gpt-4o-mini', 'x-wai-level': '1', 'x-wai-attempts': '1', 'x-wai-cost': '0.00000615' };
const USAGE = { prompt_tokens: 5, completion_tokens: 9 };
const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };

/** Median µs of CPU per request of one build, auth on (a key with rpm, tpm and budget) or off. */
async function measure(root: string, auth: 'auto' | 'off', redis: Redis): Promise<number> {
  const { generateKey, hashKey } = await load(root, 'teams/client-key.js');
  const { KeyRegistry } = await load(root, 'teams/key-registry.js');
  const { ClientLimiter } = await load(root, 'teams/limits/client-limiter.js');
  const { guardRequest, settleRequest, accessOf } = await load(root, 'teams/client-gate.js');
  const { GatewayResponse } = await load(root, 'internal/gateway-response.js');
  const { systemClock } = await load(root, 'internal/clock.js');
  const secret: string = generateKey();
  const key = {
    id: `key_bench_${auth}`, name: 'bench', hash: hashKey(secret), models: null, rpm: 100_000_000, tpm: 1_000_000_000, budgetUsd: 1_000_000,
    budgetPeriod: 'month', expiresAt: null, createdAt: 0, updatedAt: 0, revokedAt: null,
  };
  const registry = new KeyRegistry({ changeMark: async () => '1', listKeys: async () => [key] }, systemClock, silent);
  await registry.reload();
  const limiter = new ClientLimiter(systemClock, silent, { client: redis, prefix: `wai-gate-cpu-${process.pid}` });
  const socket = new Socket();
  const one = async () => {
    const req = new IncomingMessage(socket);
    req.method = 'POST';
    req.headers = auth === 'off' ? { host: 'gw', 'content-type': 'application/json' } : { host: 'gw', 'content-type': 'application/json', authorization: `Bearer ${secret}` };
    const res = new GatewayResponse(req);
    res.addEarlyHeader('x-request-id', 'bench');
    const decision = guardRequest(auth, true, registry, limiter, req, res, true);
    if (decision) await decision;
    const access = accessOf(req);
    if (access instanceof Promise) await access;
    settleRequest(req, USAGE, 0.00000615);
    res.writeHead(200, SERVED);
  };
  // 32 at a time, then a turn of the event loop (the limiter's batched counts go out as on a server).
  const run = async (n: number) => {
    for (let i = 0; i < n; i += 32) {
      await Promise.all(Array.from({ length: 32 }, one));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await run(50_000);
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    const before = process.cpuUsage();
    await run(N);
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / N);
  }
  return samples.sort((a, b) => a - b)[2]!;
}

async function main(): Promise<void> {
  if (!process.env.REDIS_URL) throw new Error('REDIS_URL is needed (the limiter runs on the real Redis)');
  const redis = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 100 });
  try {
    await new Promise<void>((resolve, reject) => { redis.once('ready', resolve); redis.once('error', reject); });
    const results = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const { name, root } of builds) {
        for (const auth of ['auto', 'off'] as const) {
          const label = `${name} ${auth === 'off' ? 'auth off' : 'key'}`;
          results.set(label, [...(results.get(label) ?? []), await measure(root, auth, redis)]);
        }
      }
    }
    process.stdout.write(`client-key part of one request, µs of CPU (median of 5 × ${N} requests; each of ${ROUNDS} rounds)\n`);
    for (const [label, values] of results) process.stdout.write(`${label.padEnd(24)} ${values.map((v) => v.toFixed(2)).join('  ')}\n`);
  } finally {
    redis.disconnect();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
