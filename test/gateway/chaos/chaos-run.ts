/**
 * One chaos run (issue 13): the gateway as a child process between the hostile upstream and hostile clients, mixed
 * at random under load from a fixed seed, for a bounded time. It checks that
 * - the process never dies (and closes cleanly on SIGTERM at the end),
 * - its resident memory stays under `rssBoundMb`,
 * - every request ends with an answer or a clean error (no hang, no dropped connection, no broken body),
 * - no breaker opens for the clean provider that only hostile clients use,
 * - every answered request has exactly one row in the SQLite request log once it is flushed,
 * - no provider key (nor its base64) is in any answer, log row or log line.
 */
import Database from 'better-sqlite3';
import { sampleProcess } from './gateway-process.js';
import { CLEAN_PROVIDER, scenario } from './scenarios.js';
import { driveLoad, newTally, startLab } from './lab.js';

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

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const lab = await startLab();
  const gw = lab.gateway;
  const tally = newTally();
  let maxRssMb = 0;
  try {
    const sampler = setInterval(() => {
      const sample = sampleProcess(gw.pid);
      if (sample) maxRssMb = Math.max(maxRssMb, sample.rssMb);
    }, 200);
    const progress = setInterval(() => log(`  seed ${options.seed}: ${tally.requests} requests, max RSS ${maxRssMb.toFixed(0)} MB`), 5000);
    await driveLoad(lab, { until: Date.now() + options.seconds * 1000, concurrency: options.concurrency, scenario: (i) => scenario(options.seed, i, 30_000) }, tally);
    clearInterval(progress);
    clearInterval(sampler);

    if (gw.exited()) tally.problem(`the gateway died: ${JSON.stringify(gw.exited())}\n${gw.output().slice(-3000)}`);
    else await checkCleanProvider(gw.url, tally.problem);
    if (maxRssMb > options.rssBoundMb) tally.problem(`RSS reached ${maxRssMb.toFixed(0)} MB, over the ${options.rssBoundMb} MB bound`);

    const exit = await gw.stop();
    if (exit.code !== 0) tally.problem(`the gateway did not close cleanly on SIGTERM: ${JSON.stringify(exit)}\n${gw.output().slice(-3000)}`);
    checkLog(lab.sqlitePath, tally.answeredIds, lab.secrets, tally.problem);
    const leakedInOutput = lab.secrets.find((s) => gw.output().includes(s));
    if (leakedInOutput) tally.problem(`a key is in the gateway's log output: ${leakedInOutput.slice(0, 12)}…`);
    const upstreamFaults = await lab.close();
    return {
      seed: options.seed, requests: tally.requests, answered: tally.answeredIds.size, aborted: tally.aborted, maxRssMb,
      byScenario: tally.byScenario, upstreamFaults, problems: tally.problems,
    };
  } finally {
    await lab.close();
  }
}

/**
 * Only hostile clients used the clean provider: none of its breakers may be open. (Its attempt window may show
 * attempts the clients cut short, e.g. with a 1 ms `wai.timeout_ms`: they failed, but health does not count them.)
 */
async function checkCleanProvider(url: string, problem: (text: string) => void): Promise<void> {
  const res = await fetch(`${url}/admin/status`);
  if (res.status !== 200) return problem(`/admin/status answered ${res.status}`);
  const status = await res.json() as { providers: Array<{ id: string; breaker: { state: string; models: unknown[] }; lastError: unknown }> };
  const clean = status.providers.find((p) => p.id === CLEAN_PROVIDER);
  if (!clean) return problem(`/admin/status does not list ${CLEAN_PROVIDER}`);
  if (clean.breaker.state !== 'closed' || clean.breaker.models.length) {
    problem(`a client's fault opened a breaker of ${CLEAN_PROVIDER}: ${JSON.stringify(clean.breaker)} (last error: ${JSON.stringify(clean.lastError)})`);
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
