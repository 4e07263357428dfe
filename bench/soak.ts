/**
 * `npm run soak -- --minutes N [--concurrency 16] [--seed 7]`: steady load with a fault mix (the chaos suite's
 * scenarios without its multi-megabyte bodies) against the gateway as a child process for N minutes. Every few
 * seconds it prints resident memory, the heap after a collection, active handles, open file descriptors and
 * sockets. At the end the second half of each series is cut into spans of 20 s or more (3 to 10), the lowest value of each span is kept
 * (the floor a leak raises; requests in flight only raise peaks), and a line fitted through those floors must not
 * climb faster than the stated bound (below). Over a short soak the floors still wander by what is in flight, so
 * the rise over the second half is only judged beyond an allowance (32 MB of RSS, 8 MB of heap, and for handles,
 * descriptors and sockets twice the number of clients). It also fails when the process died.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLab, driveLoad, newTally } from '../test/gateway/chaos/lab.js';
import { sampleProcess } from '../test/gateway/chaos/gateway-process.js';
import { scenario } from '../test/gateway/chaos/scenarios.js';
import { slope } from '../test/gateway/chaos/slope.js';

/** Growth of the floor allowed over the second half, per minute (a leak of one handle or 10 KB per request exceeds these by far). */
const MAX_SLOPE_PER_MIN = { rssMb: 10, heapMb: 2, handles: 10, fds: 10, sockets: 10 } as const;
/** Spans of the second half whose floors are fitted: one per 20 s, at least 3, at most 10. */
const spansFor = (minutes: number) => Math.min(10, Math.max(3, Math.floor((minutes / 2) * 3)));
type Series = keyof typeof MAX_SLOPE_PER_MIN;
/** Upstream faults left out of the soak: their bodies (12 to 40 MB) swing memory more than any leak would. */
const TOO_BIG = /huge|long/;

const PROBE = fileURLToPath(new URL('../test/gateway/chaos/handle-probe.js', import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { minutes: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' }, seed: { type: 'string', default: '7' }, 'sample-s': { type: 'string', default: '3' } },
    strict: true,
  });
  const minutes = Number(values.minutes);
  const seed = Number(values.seed);
  const sampleMs = Number(values['sample-s']) * 1000;
  const probeFile = join(tmpdir(), `wai-soak-probe-${process.pid}.json`);
  const lab = await startLab(['--expose-gc', '--import', PROBE], { WAI_HANDLE_PROBE_FILE: probeFile, WAI_HANDLE_PROBE_MS: String(sampleMs) });
  const tally = newTally();
  const started = Date.now();
  const samples: Array<{ min: number } & Record<Series, number>> = [];
  process.stdout.write(`soak: ${minutes} min, ${values.concurrency} clients, seed ${seed}; bounds per minute over the second half: ${JSON.stringify(MAX_SLOPE_PER_MIN)}\n`);
  process.stdout.write('   min   RSS MB  heap MB  handles    fds  sockets  requests\n');
  const sampler = setInterval(() => {
    const proc = sampleProcess(lab.gateway.pid);
    let probe: { handles: number; heapMb: number } | undefined;
    try {
      probe = JSON.parse(readFileSync(probeFile, 'utf8')) as { handles: number; heapMb: number };
    } catch {
      return;
    }
    if (!proc) return;
    const row = { min: (Date.now() - started) / 60_000, rssMb: proc.rssMb, heapMb: probe.heapMb, handles: probe.handles, fds: proc.fds, sockets: proc.sockets };
    samples.push(row);
    process.stdout.write(`${row.min.toFixed(2).padStart(6)} ${row.rssMb.toFixed(0).padStart(8)} ${row.heapMb.toFixed(1).padStart(8)} ${String(row.handles).padStart(8)} ${String(row.fds).padStart(6)} ${String(row.sockets).padStart(8)} ${String(tally.requests).padStart(9)}\n`);
  }, sampleMs);
  try {
    const mix = (i: number) => {
      // Redrawn (deterministically: scenario i's draws never overlap another's) until it carries no multi-megabyte body.
      for (let k = 0; ; k++) {
        const sc = scenario(seed, i * 64 + k, 30_000);
        if (!TOO_BIG.test(sc.name) && sc.name !== 'client:slow_reader') return sc;
      }
    };
    await driveLoad(lab, { until: started + minutes * 60_000, concurrency: Number(values.concurrency), scenario: mix }, tally);
  } finally {
    clearInterval(sampler);
  }
  const died = lab.gateway.exited();
  await lab.close();
  const half = samples.filter((s) => s.min >= minutes / 2);
  const clients = Number(values.concurrency);
  const allowance: Record<Series, number> = { rssMb: 32, heapMb: 8, handles: 2 * clients, fds: 2 * clients, sockets: 2 * clients };
  const failures: string[] = [];
  if (died) failures.push(`the gateway died: ${JSON.stringify(died)}`);
  if (half.length < spansFor(minutes) * 2) failures.push(`only ${half.length} samples in the second half: run longer or sample more often`);
  for (const series of Object.keys(MAX_SLOPE_PER_MIN) as Series[]) {
    const perMin = slope(floors(half, series, minutes / 2, minutes));
    const bound = MAX_SLOPE_PER_MIN[series];
    const rise = perMin * (minutes / 2);
    const allowed = Math.max(bound * (minutes / 2), allowance[series]);
    process.stdout.write(`  ${series}: floor ${perMin >= 0 ? '+' : ''}${perMin.toFixed(2)} per minute over the second half, a rise of ${rise.toFixed(1)} (allowed ${allowed.toFixed(0)})\n`);
    if (rise > allowed) failures.push(`the floor of ${series} grows ${perMin.toFixed(2)} per minute (a rise of ${rise.toFixed(1)} over the second half, ${allowed.toFixed(0)} allowed)`);
  }
  process.stdout.write(`  ${tally.requests} requests (${tally.answeredIds.size} answered, ${tally.aborted} aborted by the client), ${tally.problems.length} unclean\n`);
  for (const p of tally.problems.slice(0, 10)) process.stdout.write(`    unclean: ${p}\n`);
  if (failures.length) {
    process.stdout.write(`FAIL\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write('PASS: no growth beyond the bounds\n');
  return 0;
}

/** The lowest value of `series` in each of the equal spans of [from, to] minutes, at the span's middle. */
function floors(samples: ReadonlyArray<{ min: number } & Record<Series, number>>, series: Series, from: number, to: number): Array<[number, number]> {
  const spans = spansFor(to);
  const width = (to - from) / spans;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < spans; i++) {
    const inSpan = samples.filter((s) => s.min >= from + i * width && s.min < from + (i + 1) * width);
    if (inSpan.length) out.push([from + (i + 0.5) * width, Math.min(...inSpan.map((s) => s[series]))]);
  }
  return out;
}

main().then((code) => { process.exitCode = code; }, (error) => { console.error(error); process.exitCode = 1; });
