/**
 * Gateways and `wai` commands as child processes, run from the compiled CLI next to this file (as bin/wai.js
 * runs it), with only the environment given: nothing from the real environment leaks in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { within } from '../gateway/gw-helpers.js';
import { until } from '../observe/log/backends.js';
import { call } from './helpers.js';

const MAIN = new URL('../../src/cli/main.js', import.meta.url).href;
const RUNNER = `import(${JSON.stringify(MAIN)}).then((cli) => cli.main(process.argv.slice(2))).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (error) => { console.error(error instanceof Error ? error.stack : error); process.exitCode = 1; },
);`;

const children = new Set<ChildProcess>();

/**
 * The runner as a file, not `-e`: `--input-type` would be inherited by the SQLite store's worker thread,
 * which refuses it.
 */
let runnerFile: string | undefined;
function runner(): string {
  if (!runnerFile) {
    runnerFile = join(mkdtempSync(join(tmpdir(), 'wai-runner-')), 'run.mjs');
    writeFileSync(runnerFile, RUNNER);
  }
  return runnerFile;
}

/** Kills what is still running (after a failed test). */
export function killAll(): void {
  if (runnerFile) rmSync(dirname(runnerFile), { recursive: true, force: true });
  runnerFile = undefined;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function baseEnv(env: Record<string, string>): Record<string, string> {
  // No catalog refresh from the internet: a test sends nothing beyond loopback.
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', WAI_CATALOG_REFRESH: 'off', ...env };
}

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGKILL: the process dies without closing anything (no lease release, no goodbye). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnGateway(env: Record<string, string>, args: string[] = [], cwd?: string): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [runner(), 'serve', '--port', '0', ...args], { env: baseEnv(env), stdio: ['ignore', 'ignore', 'pipe'], ...(cwd ? { cwd } : {}) });
  children.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  const url = await within(new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}) before listening: ${stderr}`)));
  }), 20_000, 'gateway start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url, child,
    stderr: () => stderr,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await within(exited, 10_000, 'gateway stop');
    },
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runWai(args: string[], env: Record<string, string>, cwd?: string): Promise<CliRun> {
  const child = spawn(process.execPath, [runner(), ...args], { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return within(new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))), 30_000, `wai ${args.join(' ')}`);
}

/**
 * Until every gateway knows a key the CLI made (each reads the store on its own poll, so knowing one key says
 * nothing of a key made after it): asked on GET /v1/models, which needs a key but counts against none of its limits.
 */
export async function untilKnown(gateways: ReadonlyArray<{ url: string }>, secret: string): Promise<void> {
  for (const gw of gateways) await until(async () => (await call(gw.url, '/v1/models', { key: secret })).status === 200, `the key known at ${gw.url}`);
}

/** The key `wai keys create` printed: its last line. */
export async function createKeyCli(args: string[], env: Record<string, string>, cwd?: string): Promise<string> {
  const run = await runWai(['keys', 'create', ...args], env, cwd);
  if (run.code !== 0) throw new Error(`wai keys create failed (${run.code}): ${run.stderr}`);
  return run.stdout.trimEnd().split('\n').at(-1)!;
}

/** A free loopback port (for a Redis server of the test's own). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
