/**
 * One chaos run (issue 13): the gateway as a child process between the hostile upstream and hostile clients, mixed
 * at random under load from a fixed seed, for a bounded time. It checks that
 * - the process never dies (and closes cleanly on SIGTERM at the end),
 * - its resident memory stays under `rssBoundMb`,
 * - every request ends with an answer or a clean error (no hang, no dropped connection, no broken body),
 * - no breaker opens, and no failure is counted, against the clean provider that only hostile clients use,
 * - every answered request has exactly one row in the SQLite request log once it is flushed,
 * - no provider key (nor its base64) is in any answer, log row or log line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { baseUrlEnvName } from '../../src/providers/registry.js';
import { keyVar } from '../fallback/rig.js';
import { startHostileUpstream } from './hostile-upstream.js';
import { startGatewayProcess, sampleProcess, type GatewayProcess } from './gateway-process.js';
import { exchange } from './exchange.js';
import { CLEAN_PROVIDER, HOSTILE_PROVIDERS, scenario } from './scenarios.js';

export interface ChaosOptions {
  seed: number;
  seconds: number;
  concurrency: number;
  /** The stated bound on the gateway's resident memory. */
  rssBoundMb: number;
  /** Progress lines (the CLI prints them; the short test keeps quiet). */
  log?: (line: string) => void;
}

export interface ChaosReport {
  seed: number;
  requests: number;
  answered: number;
  aborted: number;
  maxRssMb: number;
  byScenario: Record<string, number>;
  upstreamFaults: Record<string, number>;
  problems: string[];
}

/** The gateway's settings for a run: short timeouts, short cool-downs (hostile providers keep getting traffic). */
function configFor(sqlitePath: string): unknown {
  return {
    server: { logLevel: 'warn' },
    timeouts: { connectMs: 2000, firstByteMs: 1500, idleMs: 1500, attemptMs: 3000, deadlineMs: 8000 },
    retries: { maxRetries: 1, baseDelayMs: 20, maxDelayMs: 100 },
    health: { transientCooldownMs: 500, maxCooldownMs: 2000, rateLimitCooldownMs: 1000, authCooldownMs: 2000, quotaCooldownMs: 2000, modelUnavailableCooldownMs: 2000, unsupportedCooldownMs: 2000 },
    requestLog: { sqlitePath, flushMs: 200 },
    probes: { enabled: false },
  };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'wai-chaos-'));
  const sqlitePath = join(dir, 'log.sqlite');
  writeFileSync(join(dir, 'config.json'), JSON.stringify(configFor(sqlitePath)));
  const upstream = await startHostileUpstream();
  const env: Record<string, string> = { WAI_CONFIG: join(dir, 'config.json'), WAI_PROBES: 'off' };
  const secrets: string[] = [];
  for (const id of [...HOSTILE_PROVIDERS, CLEAN_PROVIDER]) {
    const key = `sk-chaos-${id}-${randomBytes(12).toString('hex')}`;
    secrets.push(key, Buffer.from(key).toString('base64'));
    env[keyVar(id)] = key;
    env[baseUrlEnvName(id)] = `${upstream.url}/${id === CLEAN_PROVIDER ? 'c' : 'h'}/${id}/v1`;
  }
  const report: ChaosReport = { seed: options.seed, requests: 0, answered: 0, aborted: 0, maxRssMb: 0, byScenario: {}, upstreamFaults: {}, problems: [] };
  const problem = (text: string) => { if (report.problems.length < 200) report.problems.push(text); };
  let gateway: GatewayProcess | undefined;
  try {
    gateway = await startGatewayProcess(env);
    const gw = gateway;
    const sampler = setInterval(() => {
      const sample = sampleProcess(gw.pid);
      if (sample) report.maxRssMb = Math.max(report.maxRssMb, sample.rssMb);
    }, 200);
    /** Answered request ids, with the scenario that made each. */
    const answeredIds = new Map<string, string>();
    const until = Date.now() + options.seconds * 1000;
    let next = 0;
    const worker = async () => {
      while (Date.now() < until && !gw.exited()) {
        const i = next++;
        const sc = scenario(options.seed, i, 30_000);
        const kind = sc.family === 'client' ? sc.name : 'upstream';
        report.byScenario[kind] = (report.byScenario[kind] ?? 0) + 1;
        const outcome = await exchange(gw.url, sc.spec, secrets);
        report.requests++;
        if (outcome.aborted) report.aborted++;
        if (outcome.requestId && !outcome.aborted && !outcome.problem) {
          report.answered++;
          answeredIds.set(outcome.requestId, `#${i} ${sc.name}`);
        }
        if (outcome.problem) problem(`#${i} ${sc.name}: ${outcome.problem}`);
        if (outcome.leaked) problem(`#${i} ${sc.name}: key leaked: ${outcome.leaked}`);
      }
    };
    const progress = setInterval(() => log(`  seed ${options.seed}: ${report.requests} requests, max RSS ${report.maxRssMb.toFixed(0)} MB`), 5000);
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    clearInterval(progress);
    clearInterval(sampler);

    if (gw.exited()) problem(`the gateway died: ${JSON.stringify(gw.exited())}\n${gw.output().slice(-3000)}`);
    else await checkCleanProvider(gw.url, problem);
    if (report.maxRssMb > options.rssBoundMb) problem(`RSS reached ${report.maxRssMb.toFixed(0)} MB, over the ${options.rssBoundMb} MB bound`);

    const exit = await gw.stop();
    if (exit.code !== 0) problem(`the gateway did not close cleanly on SIGTERM: ${JSON.stringify(exit)}\n${gw.output().slice(-3000)}`);
    checkLog(sqlitePath, answeredIds, secrets, problem);
    const leakedInOutput = secrets.find((s) => gw.output().includes(s));
    if (leakedInOutput) problem(`a key is in the gateway's log output: ${leakedInOutput.slice(0, 12)}…`);
    report.upstreamFaults = Object.fromEntries(upstream.counts);
    return report;
  } finally {
    gateway?.kill();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Only hostile clients used the clean provider: no breaker of its may be open, no failure counted against it. */
async function checkCleanProvider(url: string, problem: (text: string) => void): Promise<void> {
  const res = await fetch(`${url}/admin/status`);
  if (res.status !== 200) return problem(`/admin/status answered ${res.status}`);
  const status = await res.json() as { providers: Array<{ id: string; breaker: { state: string; models: unknown[] }; window: { attempts: number; successes: number }; lastError: unknown }> };
  const clean = status.providers.find((p) => p.id === CLEAN_PROVIDER);
  if (!clean) return problem(`/admin/status does not list ${CLEAN_PROVIDER}`);
  if (clean.breaker.state !== 'closed' || clean.breaker.models.length) problem(`a client's fault opened a breaker of ${CLEAN_PROVIDER}: ${JSON.stringify(clean.breaker)}`);
  if (clean.window.attempts !== clean.window.successes) {
    problem(`failures were counted against ${CLEAN_PROVIDER}, which only hostile clients used: ${clean.window.attempts - clean.window.successes} of ${clean.window.attempts} (last: ${JSON.stringify(clean.lastError)})`);
  }
}

/** Every answered request has its one row; no row holds a key. */
function checkLog(path: string, answeredIds: Map<string, string>, secrets: string[], problem: (text: string) => void): void {
  const db = new Database(path, { readonly: true });
  try {
    const count = db.prepare('SELECT COUNT(*) AS n FROM wai_requests WHERE request_id = ?');
    let missing = 0;
    for (const [id, what] of answeredIds) {
      const n = (count.get(id) as { n: number }).n;
      if (n !== 1) {
        missing++;
        if (missing <= 5) problem(`${what}: request ${id} was answered but has ${n} log rows`);
      }
    }
    if (missing > 5) problem(`${missing} answered requests in all have no log row`);
    for (const table of ['wai_requests', 'wai_attempts']) {
      for (const row of db.prepare(`SELECT * FROM ${table}`).iterate() as Iterable<Record<string, unknown>>) {
        const text = JSON.stringify(row);
        const leaked = secrets.find((s) => text.includes(s));
        if (leaked) {
          problem(`a key is in the request log (${table}): ${leaked.slice(0, 12)}…`);
          return;
        }
      }
    }
  } finally {
    db.close();
  }
}
