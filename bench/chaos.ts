/**
 * `npm run chaos -- --seed N [--seeds 1,2,3] [--seconds 60] [--concurrency 48] [--rss-bound-mb 600]`: the chaos
 * suite (test/gateway/chaos/chaos-run.ts) in its full form, one run per seed, in a row; exits 1 on the first failing seed.
 */
import { parseArgs } from 'node:util';
import { runChaos } from '../test/gateway/chaos/chaos-run.js';

/**
 * The stated bound on the gateway's resident memory under chaos (the short form in `npm test` uses the same), for
 * the default 48 clients at once and the default answer limit (32 MiB) and answer budget (128 MiB):
 * - 240 MB: the gateway under this load without large answers (measured: 234 MB peak over seed 2 with
 *   WAI_ANSWER_LIMIT=3 MB; about 80 MB of it the idle process: code, catalog, the SQLite writer thread);
 * - + 128 MiB: whole answers being read or written out to their clients, all requests together
 *   (engine/answer-budget.ts: large ones at most half), held as the bytes the budget counts however finely an
 *   upstream cuts them (internal/byte-collector.ts: kept as they came, 32 MiB of SSE comments held ~250 MB of heap);
 *   streams hold their own bounded buffers, counted in the 240 MB;
 * - + 64 MiB: what those answers leave for the collector (V8 collects once outside memory grows 64 MiB past
 *   its size at the last full collection);
 * = 432 MB, and the rest up to 600 MB (about 40%) for a collector that runs late on a machine short of CPU
 * (the V8 heap alone swung between 90 and 150 MB over one run at a load average of 11).
 * Measured: 285, 331 and 293 MB over seeds 1-3 at 15-22k requests a run (load average about 3 to 10).
 */
export const CHAOS_RSS_BOUND_MB = 600;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' }, seeds: { type: 'string' }, seconds: { type: 'string', default: '60' },
      concurrency: { type: 'string', default: '48' }, 'rss-bound-mb': { type: 'string', default: String(CHAOS_RSS_BOUND_MB) },
    },
    strict: true,
  });
  const seeds = (values.seeds ?? values.seed ?? '1').split(',').map(Number);
  if (seeds.some((s) => !Number.isInteger(s))) throw new Error('--seed/--seeds: integers');
  for (const seed of seeds) {
    const started = Date.now();
    process.stdout.write(`chaos: seed ${seed}, ${values.seconds} s, ${values.concurrency} clients at once, RSS bound ${values['rss-bound-mb']} MB\n`);
    const report = await runChaos({
      seed, seconds: Number(values.seconds), concurrency: Number(values.concurrency), rssBoundMb: Number(values['rss-bound-mb']),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`  ${report.requests} requests (${report.answered} answered, ${report.aborted} aborted by the client), max RSS ${report.maxRssMb.toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    process.stdout.write(`  scenarios: ${JSON.stringify(report.byScenario)}\n  upstream faults served: ${JSON.stringify(report.upstreamFaults)}\n`);
    if (report.problems.length) {
      process.stdout.write(`FAIL seed ${seed}:\n${report.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    process.stdout.write(`PASS seed ${seed}\n`);
  }
  return 0;
}

main().then((code) => { process.exitCode = code; }, (error) => { console.error(error); process.exitCode = 1; });
