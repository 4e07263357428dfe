/**
 * The gateway as a child process (`wai serve`), so a crash, an out-of-memory abort or a hang is seen from the
 * outside, with its resident memory, handles and sockets sampled from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const WAI_BIN = fileURLToPath(new URL('../../../../bin/wai.js', import.meta.url));

export interface GatewayProcess {
  url: string;
  pid: number;
  /** Everything it wrote to stdout and stderr (bounded to the last 2 MB). */
  output(): string;
  /** Set when the process ended (by itself or after stop()). */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** SIGTERM (a graceful close that flushes the request log), then waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, for cleanup after a failure. */
  kill(): void;
}

/** A free loopback port (listen on 0, read, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `wai serve` on a free port with exactly `env` (plus PATH), and waits until it answers. */
export async function startGatewayProcess(env: Record<string, string>, nodeArgs: string[] = []): Promise<GatewayProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, WAI_BIN, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    // No catalog refresh from the internet: a test sends nothing beyond loopback.
    env: { PATH: process.env.PATH ?? '', WAI_CATALOG_REFRESH: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (exit) throw new Error(`the gateway exited at start (${JSON.stringify(exit)}):\n${output}`);
    try {
      const res = await fetch(`${url}/v1/models`);
      await res.arrayBuffer();
      break;
    } catch {
      if (i > 200) {
        child.kill('SIGKILL');
        throw new Error(`the gateway did not answer within 20 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    exited: () => exit,
    stop: async () => {
      if (!exit) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    kill: () => { if (!exit) child.kill('SIGKILL'); },
  };
}

/** What /proc says about a process: resident memory, open file descriptors, and of those the sockets. */
export interface ProcessSample {
  rssMb: number;
  fds: number;
  sockets: number;
}

export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    let fds = 0;
    let sockets = 0;
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      fds++;
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
      } catch {
        // Closed between the listing and the read.
      }
    }
    return { rssMb: rssKb / 1024, fds, sockets };
  } catch {
    return undefined;
  }
}
