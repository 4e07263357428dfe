/**
 * Process CPU per request of several builds of the gateway, side by side in one run: each build's `wai serve`
 * against one simulator, the same fixed number of requests at the same concurrency, in interleaved rounds. CPU
 * time (bench/cpu.ts) stays meaningful on a busy machine where wall-clock figures do not.
 *
 *   node dist/bench/cpu-compare.js [--case=chat|messages|messages-translated|keys|keys-off|stream] [--n=10000] [--rounds=5] [--c=32] [--chunk-delay=5] NAME=WORKTREE ...
 *
 * Each WORKTREE is a built checkout (its bin/wai.js is started); `NAME=WORKTREE:CASE` picks a case per build.
 * `messages` is /v1/messages passed through to the Anthropic simulator, `messages-translated` the same request for
 * an OpenAI model (translated both ways). `keys` and `keys-off` need REDIS_URL: a client key with rpm, tpm and budget (as bench/client-keys.ts), or auth off.
 * `stream`: streamed chat, the simulator's events `--chunk-delay` ms apart (so each arrives in a read of its own, as
 * real tokens do); the CPU is also given per event the client read (the stream bench's "per forwarded chunk").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, request } from 'undici';
import { startGatewayProcess, startSimulatorProcess, type Child } from './processes.js';
import { processCpuMs } from './cpu.js';
import type { Target } from './load.js';

type Case = 'chat' | 'messages' | 'messages-translated' | 'keys' | 'keys-off' | 'stream';
const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const defaultCase = arg('case', 'chat') as Case;
const N = Number(arg('n', '10000'));
const ROUNDS = Number(arg('rounds', '5'));
const C = Number(arg('c', '32'));
const CHUNK_DELAY_MS = Number(arg('chunk-delay', '5'));
const builds = process.argv.slice(2).filter((a) => !a.startsWith('--')).map((spec) => {
  const [name, rest] = spec.split('=') as [string, string];
  const [root, kind] = rest.split(':') as [string, Case | undefined];
  return { name, root, kind: kind ?? defaultCase };
});
const KEY = 'sk-bench-direct-000000';
const PROMPT = 'Say hello to the benchmark';

/** `n` requests over `c` keep-alive connections (after one per connection to open them); returns the SSE events read. */
async function run(target: Target, n: number, c: number): Promise<number> {
  const pool = new Pool(target.origin, { connections: c });
  let sent = 0;
  let events = 0;
  const one = async () => {
    const response = await pool.request({ path: target.path, method: 'POST', headers: target.headers, body: target.body });
    const text = await response.body.text();
    if (response.statusCode !== 200 || !text.includes('Hello')) throw new Error(`unexpected answer ${response.statusCode}: ${text.slice(0, 200)}`);
    for (let at = text.indexOf('data: '); at !== -1; at = text.indexOf('data: ', at + 6)) events++;
  };
  try {
    await Promise.all(Array.from({ length: c }, one));
    await Promise.all(Array.from({ length: c }, async () => {
      while (sent < n) {
        sent++;
        await one();
      }
    }));
  } finally {
    await pool.close();
  }
  return events;
}

async function main(): Promise<void> {
  const children: Child[] = [];
  const dirs: string[] = [];
  try {
    const openai = await startSimulatorProcess();
    children.push(openai);
    const anthropic = builds.some((b) => b.kind.startsWith('messages')) ? await startSimulatorProcess(join('simulators', 'anthropic', 'cli.js')) : undefined;
    if (anthropic) children.push(anthropic);
    if (builds.some((b) => b.kind === 'stream')) await paceStreams(openai.url, CHUNK_DELAY_MS);
    const targets: Array<{ name: string; kind: Case; pid: number | undefined; target: Target }> = [];
    for (const { name, root, kind } of builds) {
      let env: Record<string, string> = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: openai.providers.openai! };
      let headers: Record<string, string> = { 'content-type': 'application/json' };
      let config: Record<string, unknown> = {};
      let path = '/v1/chat/completions';
      let body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], ...(kind === 'stream' ? { stream: true } : {}) });
      if (kind === 'keys' || kind === 'keys-off') {
        if (!process.env.REDIS_URL) throw new Error('the keys cases need REDIS_URL');
        const dir = mkdtempSync(join(tmpdir(), 'wai-cpu-keys-'));
        dirs.push(dir);
        env = { ...env, REDIS_URL: process.env.REDIS_URL, WAI_REDIS_PREFIX: `wai-cpu-${process.pid}-${name}` };
        if (kind === 'keys') {
          const out = execFileSync(process.execPath, [join(root, 'bin', 'wai.js'), 'keys', 'create', '--name', 'bench', '--rpm', '100000000', '--tpm', '1000000000', '--budget-usd', '1000000'], {
            env: { PATH: process.env.PATH ?? '', HOME: dir, ...env, WAI_CONFIG: '' }, cwd: dir,
          }).toString();
          headers = { ...headers, authorization: `Bearer ${out.trimEnd().split('\n').at(-1)}` };
        } else {
          env.WAI_AUTH = 'off';
        }
        config = { requestLog: { enabled: false, sqlitePath: join(dir, 'data', 'wai.sqlite') } };
      }
      if (kind === 'messages' || kind === 'messages-translated') {
        env = { ...env, ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: anthropic!.url };
        headers = { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' };
        path = '/v1/messages';
        const model = kind === 'messages' ? 'claude-haiku-4-5-20251001' : 'openai/gpt-4o-mini';
        body = JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: PROMPT }] });
      }
      const gateway = await startGatewayProcess(env, config, join(root, 'bin', 'wai.js'));
      children.push(gateway);
      targets.push({ name, kind, pid: gateway.process.pid, target: { origin: gateway.url, path, headers, body } });
    }
    // The same concurrent warm-up for every build, so each process's JIT has settled.
    for (const { target } of targets) await run(target, Math.min(N, 10_000), C);
    const samples = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    const perEvent = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const { name, pid, target } of targets) {
        const before = processCpuMs(pid);
        const events = await run(target, N, C);
        const after = processCpuMs(pid);
        if (before !== null && after !== null) {
          samples.get(name)!.push(((after - before) * 1000) / (N + C));
          if (events) perEvent.get(name)!.push(((after - before) * 1000) / events);
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]?.toFixed(1) ?? 'n/a';
    process.stdout.write(`process CPU per request, µs (${ROUNDS} rounds of ${N} requests at concurrency ${C}; median, then each round)\n`);
    for (const { name, kind } of targets) {
      const events = kind === 'stream' ? `   per SSE event ${median(perEvent.get(name)!)}` : '';
      process.stdout.write(`${name.padEnd(12)} ${kind.padEnd(19)} ${median(samples.get(name)!)}   ${samples.get(name)!.map((x) => x.toFixed(1)).join(' ')}${events}\n`);
    }
  } finally {
    for (const child of children.reverse()) await child.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** Sets the simulator's OpenAI events `ms` apart (its default fault for that provider). */
async function paceStreams(simUrl: string, ms: number): Promise<void> {
  const response = await request(`${simUrl}/__sim/default`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'openai', fault: { chunkDelayMs: ms } }) });
  await response.body.text();
  if (response.statusCode >= 300) throw new Error(`simulator control answered ${response.statusCode}`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
