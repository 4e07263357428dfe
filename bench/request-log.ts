/**
 * The request log's cost on throughput: the same gateway with logging off, to SQLite, and to PostgreSQL (when
 * DATABASE_URL is set), each in its own process against the provider simulator, in interleaved rounds of the same
 * run (the order turning each round). Figures are ratios to logging off (goal: >= 0.9), never absolute thresholds.
 *
 * Alone: `node dist/bench/request-log.js [--quick]`. From bench/run.ts: `await benchRequestLog({ simulator: sim })`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startGatewayProcess, startSimulatorProcess, type Child } from './processes.js';
import { throughputRun, type Target } from './load.js';
import { processCpuMs } from './cpu.js';

export interface RequestLogBenchOptions {
  /** A simulator already running (bench/run.ts passes its own); otherwise one is started and stopped here. */
  simulator?: { providers: Record<string, string> };
  /** Shorter runs. */
  quick?: boolean;
  rounds?: number;
  durationMs?: number;
  concurrency?: number;
  /** PostgreSQL to measure; default: DATABASE_URL. Without one, PostgreSQL is left out (and said so). */
  databaseUrl?: string | undefined;
  print?: (line: string) => void;
}

export interface RequestLogBenchMode {
  /** Best requests/s over the rounds. */
  rps: number;
  rounds: number[];
  /** The median over rounds of rps / rps with logging off in the same round. */
  ratio: number;
  /** Best rps / best rps with logging off (each from its own round). */
  bestRatio: number;
  /**
   * The gateway process's CPU time (all its threads: the SQLite worker too) per request, in µs, over the measured runs.
   * Steadier than req/s on a machine shared with other work; null where /proc is not available.
   */
  cpuUsPerRequest: number | null;
  /** cpuUsPerRequest / the same with logging off. */
  cpuRatio: number | null;
  /** PostgreSQL only: CPU of the server backends writing the log, µs per request (a cost the gateway's own figure leaves out). */
  dbCpuUsPerRequest?: number | null;
  /** Rows the log wrote in all (after the gateway stopped and flushed): shows the log was really on. */
  rowsWritten?: number;
}

export interface RequestLogBenchResult {
  concurrency: number;
  durationMs: number;
  off: RequestLogBenchMode;
  sqlite: RequestLogBenchMode;
  postgres: RequestLogBenchMode | { skipped: string };
}

const BODY = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the request log benchmark' }] });
const checkOk = (status: number, text: string) => {
  if (status !== 200 || !text.includes('Hello from')) throw new Error(`unexpected answer ${status}: ${text.slice(0, 200)}`);
};
/** Between runs: lets a logging gateway write its tail, so it does not weigh on the next mode's run. */
const SETTLE_MS = 1_500;

export async function benchRequestLog(options: RequestLogBenchOptions = {}): Promise<RequestLogBenchResult> {
  const quick = options.quick ?? false;
  const rounds = options.rounds ?? (quick ? 2 : 6);
  const durationMs = options.durationMs ?? (quick ? 1_500 : 2_500);
  const concurrency = options.concurrency ?? 32;
  const databaseUrl = 'databaseUrl' in options ? options.databaseUrl : process.env.DATABASE_URL;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));

  const ownSim = options.simulator ? undefined : await startSimulatorProcess();
  const sim = options.simulator ?? ownSim!;
  const dir = mkdtempSync(join(tmpdir(), 'wai-bench-log-'));
  const sqlitePath = join(dir, 'wai.sqlite');
  const env = { OPENAI_API_KEY: 'sk-bench-log-000000', OPENAI_BASE_URL: sim.providers.openai! };
  const base = { probes: { enabled: false } };
  const gateways: Child[] = [];
  let schema: Awaited<ReturnType<typeof benchSchema>> | undefined;
  try {
    if (databaseUrl) schema = await benchSchema(databaseUrl);
    const off = await startGatewayProcess(env, { ...base, requestLog: { enabled: false } });
    gateways.push(off);
    const sqlite = await startGatewayProcess(env, { ...base, requestLog: { enabled: true, sqlitePath, databaseUrl: undefined } });
    gateways.push(sqlite);
    const postgres = schema ? await startGatewayProcess(env, { ...base, requestLog: { enabled: true, databaseUrl: schema.url } }) : undefined;
    if (postgres) gateways.push(postgres);

    type Mode = { name: 'off' | 'sqlite' | 'postgres'; gateway: Child; rps: number[]; cpuMs: number; dbCpuMs: number; requests: number };
    const modes: Mode[] = [
      { name: 'off', gateway: off, rps: [], cpuMs: 0, dbCpuMs: 0, requests: 0 },
      { name: 'sqlite', gateway: sqlite, rps: [], cpuMs: 0, dbCpuMs: 0, requests: 0 },
      ...(postgres ? [{ name: 'postgres' as const, gateway: postgres, rps: [], cpuMs: 0, dbCpuMs: 0, requests: 0 }] : []),
    ];
    const targetOf = (gateway: Child): Target => ({ origin: gateway.url, path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: BODY });
    // Warm-up, not measured: JIT, connection pools, the log's schema and first writes.
    for (const mode of modes) await throughputRun(targetOf(mode.gateway), concurrency, 2_000, checkOk);
    for (let round = 0; round < rounds; round++) {
      // The order turns each round, so no mode always runs right after another one's tail (PostgreSQL's autovacuum
      // and checkpoints, SQLite's checkpoint), which a fixed order would charge to the same mode every time.
      for (const mode of modes.map((_, i) => modes[(i + round) % modes.length]!)) {
        const dbBefore = mode.name === 'postgres' && schema ? await schema.backendCpu() : undefined;
        const cpuBefore = processCpuMs(mode.gateway.process.pid);
        const began = performance.now();
        const rps = await throughputRun(targetOf(mode.gateway), concurrency, durationMs, checkOk);
        const cpuAfter = processCpuMs(mode.gateway.process.pid);
        mode.rps.push(rps);
        // The run's own warm-up (one request per connection) is not in its req/s; it is in the CPU, so count it.
        mode.requests += rps * ((performance.now() - began) / 1000) + concurrency;
        mode.cpuMs += cpuBefore === null || cpuAfter === null ? Number.NaN : cpuAfter - cpuBefore;
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        // After the settle: the run's tail is written by then. A backend that started meanwhile counts whole.
        if (dbBefore && schema) for (const [pid, ms] of await schema.backendCpu()) mode.dbCpuMs += ms - (dbBefore.get(pid) ?? 0);
      }
    }

    // Stopping a gateway flushes its log: then the rows are counted.
    for (const gateway of gateways) await gateway.stop();
    const rows = {
      sqlite: countSqlite(sqlitePath),
      postgres: schema ? await schema.count() : undefined,
    };

    const best = (values: number[]) => Math.max(...values);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    // Each round's figure against logging off in the same round: the machine's slow swings cancel out.
    const pairedRatio = (mode: Mode) => median(mode.rps.map((rps, round) => rps / modes[0]!.rps[round]!));
    const cpuUs = (mode: Mode) => (Number.isFinite(mode.cpuMs) && mode.requests > 0 ? (mode.cpuMs * 1000) / mode.requests : null);
    const offCpu = cpuUs(modes[0]!);
    const summary = (mode: Mode, rowsWritten?: number): RequestLogBenchMode => {
      const cpu = cpuUs(mode);
      return {
        rps: best(mode.rps), rounds: mode.rps, ratio: pairedRatio(mode), bestRatio: best(mode.rps) / best(modes[0]!.rps),
        cpuUsPerRequest: cpu, cpuRatio: cpu !== null && offCpu ? cpu / offCpu : null,
        ...(mode.name === 'postgres' ? { dbCpuUsPerRequest: Number.isFinite(mode.dbCpuMs) && mode.requests > 0 ? (mode.dbCpuMs * 1000) / mode.requests : null } : {}),
        ...(rowsWritten !== undefined ? { rowsWritten } : {}),
      };
    };
    const result: RequestLogBenchResult = {
      concurrency,
      durationMs,
      off: summary(modes[0]!),
      sqlite: summary(modes[1]!, rows.sqlite),
      postgres: modes[2] ? summary(modes[2], rows.postgres) : { skipped: 'DATABASE_URL not set' },
    };

    print(`\n## Request log: throughput, concurrency ${concurrency} (${rounds} interleaved rounds of ${durationMs} ms; req/s: the best round; ratio: the median of each round against logging off in that round)`);
    // The log's own cost in the gateway (the hand-off, row building, the SQLite worker): the difference to logging off.
    const added = (m: RequestLogBenchMode) => (m.cpuUsPerRequest === null || result.off.cpuUsPerRequest === null ? '' : `, ${signed(m.cpuUsPerRequest - result.off.cpuUsPerRequest)} µs`);
    const cpuText = (m: RequestLogBenchMode) => (m.cpuUsPerRequest === null ? '' : `   gateway CPU ${m.cpuUsPerRequest.toFixed(0)} µs/request${m.cpuRatio === null || m === result.off ? '' : ` (x${m.cpuRatio.toFixed(3)}${added(m)})`}`);
    print(`logging off   ${result.off.rps.toFixed(0)} req/s${cpuText(result.off)}`);
    print(`SQLite        ${result.sqlite.rps.toFixed(0)} req/s   ratio ${result.sqlite.ratio.toFixed(3)} (best/best ${result.sqlite.bestRatio.toFixed(3)}; goal: >= 0.9)${cpuText(result.sqlite)}; ${rows.sqlite} rows written`);
    if ('rps' in result.postgres) {
      const db = result.postgres.dbCpuUsPerRequest;
      const dbText = db === null || db === undefined ? '' : `, its PostgreSQL backends ${db.toFixed(1)} µs/request (goal: <= 15)`;
      print(`PostgreSQL    ${result.postgres.rps.toFixed(0)} req/s   ratio ${result.postgres.ratio.toFixed(3)} (best/best ${result.postgres.bestRatio.toFixed(3)}; goal: >= 0.9)${cpuText(result.postgres)}${dbText}; ${rows.postgres} rows written`);
    } else {
      print(`PostgreSQL    skipped: ${result.postgres.skipped}`);
    }
    print(`per round (req/s): ${modes.map((m) => `${m.name} ${m.rps.map((r) => r.toFixed(0)).join('/')}`).join(', ')}`);
    return result;
  } finally {
    for (const gateway of gateways) await gateway.stop();
    await schema?.drop();
    await ownSim?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A schema of its own for the run, so a benchmark never touches real rows; dropped afterwards. */
async function benchSchema(databaseUrl: string): Promise<{ url: string; drop(): Promise<void>; count(): Promise<number>; backendCpu(): Promise<Map<number, number>> }> {
  const name = `wai_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    /** CPU ms of each server backend the gateway's log holds open (by its application_name; only on a local server with /proc). */
    async backendCpu() {
      const { rows } = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'wai-gateway-request-log'`);
      const out = new Map<number, number>();
      for (const { pid } of rows) {
        const ms = processCpuMs(pid);
        if (ms !== null) out.set(pid, ms);
      }
      return out;
    },
    async count() {
      const { rows } = await admin.query(`SELECT count(*) AS n FROM ${name}.wai_requests`);
      return Number(rows[0]?.n ?? 0);
    },
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await admin.end();
    },
  };
}


function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
}

function countSqlite(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM wai_requests').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchRequestLog({ quick: process.argv.includes('--quick') })
    .then((result) => process.stdout.write(`\n${JSON.stringify({ requestLog: result })}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
