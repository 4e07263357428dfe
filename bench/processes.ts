import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/bench → dist: the compiled project. */
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Child {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function firstLine(child: ChildProcess, stream: 'stdout' | 'stderr', match: RegExp): Promise<string> {
  const lines = createInterface({ input: child[stream]! });
  for await (const line of lines) {
    const found = match.exec(line);
    if (found) return found[1]!;
  }
  throw new Error(`process ended before printing ${match}`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
}

/** The provider simulator in its own process, so it does not share a core with the gateway or the load. */
export async function startSimulatorProcess(cli = join('simulators', 'cli.js')): Promise<Child & { providers: Record<string, string> }> {
  const child = spawn(process.execPath, [join(DIST, cli), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const json = await firstLine(child, 'stdout', /^(\{.*\})$/);
  const info = JSON.parse(json) as { url: string; providers: Record<string, string> };
  return { url: info.url, providers: info.providers, process: child, stop: stopper(child) };
}

/** The dozen-line pass-through proxy (bench/bare-proxy.ts) in its own process; `holdUntilContent`: its held mode. */
export async function startBareProxyProcess(upstreamBase: string, key: string, holdUntilContent = false): Promise<Child> {
  const child = spawn(process.execPath, [join(DIST, 'bench', 'bare-proxy.js'), upstreamBase, key, ...(holdUntilContent ? ['--hold-until-content'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const json = await firstLine(child, 'stdout', /^(\{.*\})$/);
  return { url: (JSON.parse(json) as { url: string }).url, process: child, stop: stopper(child) };
}

/**
 * A gateway in its own process (`wai serve`), with the given environment and config file contents; `cli`: another
 * build's bin/wai.js (bench/cpu-compare.ts), this one's by default.
 */
export async function startGatewayProcess(env: Record<string, string>, config: Record<string, unknown> = {}, cli = join(DIST, '..', 'bin', 'wai.js')): Promise<Child> {
  const dir = mkdtempSync(join(tmpdir(), 'wai-bench-'));
  const configFile = join(dir, 'wai.json');
  // Request log and background probes off unless a case turns them on: the baseline measures routing alone.
  writeFileSync(configFile, JSON.stringify({ server: { logLevel: 'warn' }, requestLog: { enabled: false }, probes: { enabled: false }, ...config }));
  // WAI_BENCH_CPU_PROF=DIR: the gateway writes a V8 CPU profile there when it stops (NODE_OPTIONS refuses --cpu-prof).
  const profDir = process.env.WAI_BENCH_CPU_PROF;
  // WAI_BENCH_CPU_PROF_INTERVAL=µs: a finer sampling interval than V8's 1,000 µs, for the few-µs differences.
  const interval = process.env.WAI_BENCH_CPU_PROF_INTERVAL;
  const profile = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...(interval ? [`--cpu-prof-interval=${interval}`] : [])] : [];
  const child = spawn(process.execPath, [...profile, cli, 'serve', '--port', '0', '--config', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Only what the benchmark sets: no key of the machine's environment is used.
    env: { PATH: process.env.PATH ?? '', WAI_CATALOG_REFRESH: 'off', ...env },
  });
  const url = await firstLine(child, 'stderr', /listening on (http:\/\/\S+)/);
  child.stderr!.resume();
  const stop = stopper(child);
  return { url, process: child, stop: async () => { await stop(); rmSync(dir, { recursive: true, force: true }); } };
}
