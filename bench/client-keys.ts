/**
 * `--only=client-keys`: a client key with Redis-backed limits against the same gateway with auth off, in one run.
 * The key has an rpm, a tpm and a budget (all far above what the run sends), so every request runs the key check,
 * the shared-limit script in Redis and, at its end, the settlement of its tokens and cost. Goals (issue 12):
 * c=32 req/s at least 0.9 of auth off; added p50 at c=1 within 0.05 ms. Needs REDIS_URL (skipped without).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { startGatewayProcess, type Child } from './processes.js';
import { alternate, latencyRun, throughputRun, type Target } from './load.js';
import { ms, summarise } from './stats.js';
import { measureCpu } from './cpu.js';

const WAI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'wai.js');

export interface ClientKeysBenchOptions {
  simulator: { providers: Record<string, string> };
  quick: boolean;
  print: (line: string) => void;
  redisUrl: string | undefined;
}

export async function benchClientKeys(options: ClientKeysBenchOptions): Promise<Record<string, unknown> | undefined> {
  const { print, quick } = options;
  if (!options.redisUrl) {
    print('\n## Client keys with Redis-backed limits: skipped (REDIS_URL not set)');
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wai-bench-keys-'));
  const prefix = `wai-bench-${randomBytes(4).toString('hex')}`;
  const sqlitePath = join(dir, 'keys.sqlite');
  const env = {
    OPENAI_API_KEY: 'sk-bench-keys-0000', OPENAI_BASE_URL: options.simulator.providers.openai!,
    REDIS_URL: options.redisUrl, WAI_REDIS_PREFIX: prefix,
  };
  const children: Child[] = [];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [WAI, 'keys', 'create', '--name', 'bench', '--rpm', '100000000', '--tpm', '1000000000', '--budget-usd', '1000000'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, ...env, WAI_CONFIG: '' }, cwd: dir,
    });
    // The CLI reads the default SQLite path relative to its working directory; the gateway is pointed at the same file.
    const secret = stdout.trimEnd().split('\n').at(-1)!;
    const keyed = await startGatewayProcess(env, { requestLog: { enabled: false, sqlitePath: join(dir, 'data', 'wai.sqlite') } });
    children.push(keyed);
    const open = await startGatewayProcess({ ...env, WAI_AUTH: 'off' }, { requestLog: { enabled: false, sqlitePath } });
    children.push(open);

    const body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the benchmark' }] });
    const check = (status: number, text: string) => {
      if (status !== 200 || !text.includes('Hello from')) throw new Error(`unexpected answer ${status}: ${text.slice(0, 200)}`);
    };
    const off: Target = { origin: open.url, path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body };
    const withKey: Target = { origin: keyed.url, path: '/v1/chat/completions', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body };
    const rounds = quick ? 2 : 6;
    const n = quick ? 200 : 600;
    const runMs = quick ? 1500 : 4000;
    for (const target of [off, withKey]) await throughputRun(target, 32, quick ? 1000 : 2000, check);
    const lat = await alternate(rounds, () => latencyRun(off, n, 50, check), () => latencyRun(withKey, n, 50, check));
    const a = summarise(lat.a.flat());
    const b = summarise(lat.b.flat());
    // CPU per request of each gateway process: steadier than req/s on a busy machine.
    const cpu = { off: { ms: 0, n: 0 }, key: { ms: 0, n: 0 } };
    const counted = async (target: Target, child: Child, into: { ms: number; n: number }) => {
      const began = performance.now();
      const { value, cpuMs } = await measureCpu(child.process.pid, () => throughputRun(target, 32, runMs, check));
      into.n += value * ((performance.now() - began) / 1000) + 32;
      into.ms += cpuMs ?? Number.NaN;
      return value;
    };
    const rps = await alternate(quick ? 1 : 3, () => counted(off, open, cpu.off), () => counted(withKey, keyed, cpu.key));
    const cpuUs = (c: { ms: number; n: number }) => (c.ms * 1000) / c.n;
    const offRps = Math.max(...rps.a);
    const keyRps = Math.max(...rps.b);
    print(`\n## Client key with Redis-backed limits (rpm, tpm, budget) against auth off, ${a.n} requests each at c=1, best of ${rps.a.length} at c=32`);
    print(`auth off        p50 ${ms(a.p50)}  p99 ${ms(a.p99)}   ${offRps.toFixed(0)} req/s`);
    print(`client key      p50 ${ms(b.p50)}  p99 ${ms(b.p99)}   ${keyRps.toFixed(0)} req/s`);
    print(`added p50 ${ms(b.p50 - a.p50)} (goal: <= 0.05 ms)   throughput ratio ${(keyRps / offRps).toFixed(3)} (goal: >= 0.9)`);
    print(`gateway CPU per request at c=32: auth off ${cpuUs(cpu.off).toFixed(0)} µs, client key ${cpuUs(cpu.key).toFixed(0)} µs`);
    return { off: a, key: b, addedP50: b.p50 - a.p50, offRps, keyRps, ratio: keyRps / offRps, cpuUsOff: cpuUs(cpu.off), cpuUsKey: cpuUs(cpu.key) };
  } finally {
    for (const child of children) await child.stop();
    const redis = new Redis(options.redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}
