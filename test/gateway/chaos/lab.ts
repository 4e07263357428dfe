/**
 * The chaos suite's and the soak's bench: the hostile upstream, the gateway as a child process keyed for the
 * hostile providers and the clean one, a SQLite request log in a temporary folder, and the load that drives it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { baseUrlEnvName } from '../../../src/providers/registry.js';
import { keyVar } from '../../routing/fallback/rig.js';
import { startUpstreamThread, type UpstreamThread } from './upstream-thread.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import { exchange } from './exchange.js';
import { CLEAN_PROVIDER, HOSTILE_PROVIDERS, type Scenario } from './scenarios.js';

export interface Lab {
  gateway: GatewayProcess;
  upstream: UpstreamThread;
  /** Every provider key and its base64: none may appear in an answer, a log row or a log line. */
  secrets: string[];
  sqlitePath: string;
  /** Stops the gateway and the upstream; resolves with the requests the upstream served per fault. */
  close(): Promise<Record<string, number>>;
}

/** The gateway's settings: short timeouts, short cool-downs (hostile providers keep getting traffic). */
function configFor(sqlitePath: string): unknown {
  return {
    server: { logLevel: 'warn' },
    timeouts: { connectMs: 2000, firstByteMs: 3000, idleMs: 3000, attemptMs: 5000, deadlineMs: 10000 },
    retries: { maxRetries: 1, baseDelayMs: 20, maxDelayMs: 100 },
    health: { transientCooldownMs: 500, maxCooldownMs: 2000, rateLimitCooldownMs: 1000, authCooldownMs: 2000, quotaCooldownMs: 2000, modelUnavailableCooldownMs: 2000, unsupportedCooldownMs: 2000 },
    requestLog: { sqlitePath, flushMs: 200 },
    probes: { enabled: false },
  };
}

export async function startLab(nodeArgs: string[] = [], extraEnv: Record<string, string> = {}): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), 'wai-chaos-'));
  const sqlitePath = join(dir, 'log.sqlite');
  writeFileSync(join(dir, 'config.json'), JSON.stringify(configFor(sqlitePath)));
  // The clean provider gets a thread of its own: on a loaded machine, hostile answers (huge bodies, floods) sharing
  // its event loop would delay it past the short timeouts, a real slowness its breaker rightly counts but not the
  // client's fault this suite checks for.
  const [upstream, cleanUpstream] = await Promise.all([startUpstreamThread(), startUpstreamThread()]);
  const closeUpstreams = async (): Promise<Record<string, number>> => {
    const [hostile, clean] = await Promise.all([upstream.close(), cleanUpstream.close()]);
    const counts = { ...hostile };
    for (const [fault, n] of Object.entries(clean)) counts[fault] = (counts[fault] ?? 0) + n;
    return counts;
  };
  const env: Record<string, string> = { WAI_CONFIG: join(dir, 'config.json'), WAI_PROBES: 'off', ...extraEnv };
  const secrets: string[] = [];
  for (const id of [...HOSTILE_PROVIDERS, CLEAN_PROVIDER]) {
    const key = `sk-chaos-${id}-${randomBytes(12).toString('hex')}`;
    secrets.push(key, Buffer.from(key).toString('base64'));
    env[keyVar(id)] = key;
    env[baseUrlEnvName(id)] = id === CLEAN_PROVIDER ? `${cleanUpstream.url}/c/${id}/v1` : `${upstream.url}/h/${id}/v1`;
  }
  let gateway: GatewayProcess;
  try {
    gateway = await startGatewayProcess(env, nodeArgs);
  } catch (error) {
    await closeUpstreams();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    gateway, upstream, secrets, sqlitePath,
    close: async () => {
      gateway.kill();
      const counts = await closeUpstreams();
      rmSync(dir, { recursive: true, force: true });
      return counts;
    },
  };
}

/** What the load saw. */
export interface Tally {
  requests: number;
  aborted: number;
  /** Requests per scenario kind. */
  byScenario: Record<string, number>;
  /** Answered request ids, with the scenario that made each. */
  answeredIds: Map<string, string>;
  problems: string[];
  problem(text: string): void;
}

export function newTally(): Tally {
  const tally: Tally = {
    requests: 0, aborted: 0, byScenario: {}, answeredIds: new Map(), problems: [],
    problem: (text) => { if (tally.problems.length < 200) tally.problems.push(text); },
  };
  return tally;
}

/** `concurrency` clients, each sending scenario after scenario until `until` (or the gateway is gone). */
export async function driveLoad(lab: Lab, o: { until: number; concurrency: number; scenario: (i: number) => Scenario }, tally: Tally): Promise<void> {
  const gw = lab.gateway;
  let next = 0;
  const worker = async () => {
    while (Date.now() < o.until && !gw.exited()) {
      const i = next++;
      const sc = o.scenario(i);
      const kind = sc.family === 'client' ? sc.name : 'upstream';
      tally.byScenario[kind] = (tally.byScenario[kind] ?? 0) + 1;
      const outcome = await exchange(gw.url, sc.spec, lab.secrets);
      tally.requests++;
      if (outcome.aborted) tally.aborted++;
      if (outcome.requestId && !outcome.aborted && !outcome.problem) tally.answeredIds.set(outcome.requestId, `#${i} ${sc.name}`);
      if (outcome.problem) tally.problem(`#${i} ${sc.name}: ${outcome.problem}`);
      if (outcome.leaked) tally.problem(`#${i} ${sc.name}: key leaked: ${outcome.leaked}`);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
}
