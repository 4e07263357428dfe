/**
 * Streams, where LLM traffic lives: direct calls to the simulator, the dozen-line bare proxy and the gateway, in
 * interleaved rounds of the same run (time to first token, the delay between tokens, CPU per chunk); then many
 * held streams to one origin at once (every stream must complete; first-token p99 against direct's in the same
 * run; the gateway's peak RSS). Figures are differences or ratios against the same run's baseline.
 *
 * Alone: `node dist/bench/stream-bench.js [--quick] [--many=1000,5000] [--parts=latency,many]`. From bench/run.ts: `--only=stream,many-streams`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import { startBareProxyProcess, startGatewayProcess, startSimulatorProcess, type Child } from './processes.js';
import type { Target } from './load.js';
import { streamRun, manyStreams, type StreamSample } from './stream-load.js';
import { measureCpu } from './cpu.js';
import { ownCoreLayout, pin } from './core-layout.js';
import { ms, summarise, type LatencySummary } from './stats.js';

const KEY = 'sk-bench-stream-000000';
/** The simulator answers `Hello from openai (gpt-4o-mini): ` + the first 40 characters of the question, a word per event. */
const TWENTY = 'a b c d e f g h i j k l m n o p q r s t';
const EXPECTED = `Hello from openai (gpt-4o-mini): ${TWENTY}`;

export interface StreamBenchOptions {
  quick?: boolean;
  /** Sizes of the many-streams case; default 1,000 and 5,000. */
  many?: number[];
  /** Which parts: the concurrency-1 comparison, the many-streams case, or both. */
  parts?: { latency: boolean; many: boolean };
  print?: (line: string) => void;
}

interface Side {
  ttft: LatencySummary;
  gap: LatencySummary;
  /** Process CPU per forwarded content chunk, µs (null for direct: the simulator's CPU is not a proxy's). */
  cpuUsPerChunk: number | null;
}

export interface ManyStreamsResult {
  streams: number;
  streamMs: number;
  direct: { completed: number; ttft: LatencySummary };
  /** The dozen-line proxy in the same run: what a process in the middle costs on this machine. */
  bare: { completed: number; ttft: LatencySummary; p99Ratio: number };
  gateway: { completed: number; ttft: LatencySummary; peakRssMb: number | null; failures: string[] };
  /** Gateway first-token p99 / direct's, same run (goal at 1,000: <= 1.2). */
  p99Ratio: number;
  /** The same streams with their starts spread over `spreadMs` instead of all at once. */
  spread?: RoundResult & { spreadMs: number };
  /** Both rounds again with each proxy on a core of its own (bench/core-layout.ts), where the machine allows. */
  ownCore?: RoundResult & { proxyCpus: string; restCpus: string; spread: RoundResult };
}

export interface StreamBenchResult {
  latency?: { direct: Side; bare: Side; held: Side; gateway: Side; addedTtftP50: number; bareAddedTtftP50: number; heldAddedTtftP50: number };
  many?: ManyStreamsResult[];
}

const check = (sample: StreamSample) => {
  if (sample.text !== EXPECTED) throw new Error(`unexpected stream: ${JSON.stringify(sample.text)}`);
};

export async function benchStreams(options: StreamBenchOptions = {}): Promise<StreamBenchResult> {
  const quick = options.quick ?? false;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const parts = options.parts ?? { latency: true, many: true };
  // Its own simulator: the token pacing set here would slow the other sections' answers.
  const sim = await startSimulatorProcess();
  const result: StreamBenchResult = {};
  try {
    const base = new URL(sim.providers.openai!);
    const direct: Target = {
      origin: base.origin, path: `${base.pathname}/chat/completions`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: TWENTY }] }),
    };
    const via = (origin: string): Target => ({
      origin, path: '/v1/chat/completions', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: TWENTY }] }),
    });
    if (parts.latency) result.latency = await latencySection(sim, direct, via, quick, print);
    if (parts.many) {
      result.many = [];
      for (const n of options.many ?? (quick ? [1_000] : [1_000, 5_000])) result.many.push(await manySection(sim, direct, via, n, print));
    }
  } finally {
    await sim.stop();
  }
  return result;
}

/**
 * Concurrency 1: 20 tokens 5 ms apart, the targets in interleaved rounds. Besides the bare proxy, a bare proxy that
 * holds the stream until its first content event (WAI's commit rule, bench/bare-proxy.ts --hold-until-content): the difference
 * between the two is what the rule itself costs (the caller's headers, and its reading of them, come with the first
 * token instead of before it); the rest of WAI's added time is its own work.
 */
async function latencySection(
  sim: Child & { url: string; providers: Record<string, string> }, direct: Target, via: (origin: string) => Target, quick: boolean, print: (line: string) => void,
): Promise<NonNullable<StreamBenchResult['latency']>> {
  await simDefault(sim.url, { chunkDelayMs: 5 });
  const gw = await startGatewayProcess({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: sim.providers.openai! });
  const bare = await startBareProxyProcess(sim.providers.openai!, KEY);
  const held = await startBareProxyProcess(sim.providers.openai!, KEY, true);
  try {
    const rounds = quick ? 2 : 5;
    const n = quick ? 40 : 120;
    const warm = quick ? 20 : 60;
    const targets = [
      { name: 'direct', target: direct, pid: undefined as number | undefined },
      { name: 'bare', target: via(bare.url), pid: bare.process.pid },
      { name: 'held', target: via(held.url), pid: held.process.pid },
      { name: 'gateway', target: via(gw.url), pid: gw.process.pid },
    ];
    for (const t of targets) await streamRun(t.target, 0, warm, check);
    const samples = new Map(targets.map((t) => [t.name, [] as StreamSample[]]));
    const cpu = new Map(targets.map((t) => [t.name, { ms: 0, chunks: 0 }]));
    for (let round = 0; round < rounds; round++) {
      for (const t of targets) {
        const { value, cpuMs } = await measureCpu(t.pid, () => streamRun(t.target, n, 0, check));
        samples.get(t.name)!.push(...value);
        const c = cpu.get(t.name)!;
        c.ms += cpuMs ?? Number.NaN;
        c.chunks += value.reduce((sum, s) => sum + s.chunks, 0);
      }
    }
    const side = (name: string): Side => {
      const all = samples.get(name)!;
      const c = cpu.get(name)!;
      return {
        ttft: summarise(all.map((s) => s.ttftMs)),
        gap: summarise(all.flatMap((s) => s.gapsMs)),
        cpuUsPerChunk: name === 'direct' || !Number.isFinite(c.ms) ? null : (c.ms * 1000) / c.chunks,
      };
    };
    const d = side('direct');
    const b = side('bare');
    const h = side('held');
    const g = side('gateway');
    const cpuText = (s: Side) => (s.cpuUsPerChunk === null ? '' : `   process CPU ${s.cpuUsPerChunk.toFixed(1)} µs per chunk`);
    print(`\n## Streams, concurrency 1: 20 tokens 5 ms apart (${d.ttft.n} streams each, ${rounds} interleaved rounds)`);
    print(`direct           first token p50 ${ms(d.ttft.p50)}  p99 ${ms(d.ttft.p99)}   between tokens p50 ${ms(d.gap.p50)}  p99 ${ms(d.gap.p99)}`);
    print(`via bare proxy   first token p50 ${ms(b.ttft.p50)}  p99 ${ms(b.ttft.p99)}   between tokens p50 ${ms(b.gap.p50)}  p99 ${ms(b.gap.p99)}   added first token p50 ${ms(b.ttft.p50 - d.ttft.p50)}  p99 ${ms(b.ttft.p99 - d.ttft.p99)}${cpuText(b)}`);
    print(`via held proxy   first token p50 ${ms(h.ttft.p50)}  p99 ${ms(h.ttft.p99)}   between tokens p50 ${ms(h.gap.p50)}  p99 ${ms(h.gap.p99)}   added first token p50 ${ms(h.ttft.p50 - d.ttft.p50)}  p99 ${ms(h.ttft.p99 - d.ttft.p99)}${cpuText(h)}   (bare proxy holding until the first content, as WAI does)`);
    print(`via gateway      first token p50 ${ms(g.ttft.p50)}  p99 ${ms(g.ttft.p99)}   between tokens p50 ${ms(g.gap.p50)}  p99 ${ms(g.gap.p99)}   added first token p50 ${ms(g.ttft.p50 - d.ttft.p50)}  p99 ${ms(g.ttft.p99 - d.ttft.p99)}${cpuText(g)}   (goal: added p50 <= 1 ms)`);
    return { direct: d, bare: b, held: h, gateway: g, addedTtftP50: g.ttft.p50 - d.ttft.p50, bareAddedTtftP50: b.ttft.p50 - d.ttft.p50, heldAddedTtftP50: h.ttft.p50 - d.ttft.p50 };
  } finally {
    await held.stop();
    await gw.stop();
    await bare.stop();
  }
}

/**
 * `n` streams of about 2 seconds each held at once to one origin: direct, through the bare proxy and through the
 * gateway, all started at once and then started over one second; first with every process sharing every core, then
 * (where the machine allows: bench/core-layout.ts) with each proxy on a core of its own.
 */
async function manySection(
  sim: Child & { url: string; providers: Record<string, string> }, direct: Target, via: (origin: string) => Target, n: number, print: (line: string) => void,
): Promise<ManyStreamsResult> {
  // About 25 events 80 ms apart: a 2-second stream.
  await simDefault(sim.url, { chunkDelayMs: 80 });
  const gw = await startGatewayProcess({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: sim.providers.openai! });
  const bare = await startBareProxyProcess(sim.providers.openai!, KEY);
  const layout = ownCoreLayout();
  try {
    const targets = { direct, bare: via(bare.url), gateway: via(gw.url) };
    // Every target first serves the same warm-up, as in every other section, so the figure is the steady state of
    // a running process: 200 streams (V8 compiles the stream path), then the full number, which leaves a proxy
    // with the upstream connections that many streams need (a proxy's first burst would otherwise also open them,
    // which a gateway in service has done long before). The peak RSS below includes the warm-up.
    await warmUp(targets, [Math.min(200, n), n]);
    const rssOf = { gateway: () => peakRssMb(gw.process.pid), bare: () => peakRssMb(bare.process.pid) };
    const shared = await burstThenSpread(targets, n, rssOf, (streamMs) => {
      print(`\n## ${n.toLocaleString('en')} concurrent streams of ${(streamMs / 1000).toFixed(1)} s to one origin`);
      print('every process on every core:');
    }, print);
    const failures = shared.failures;
    let ownCore: ManyStreamsResult['ownCore'];
    if (layout) {
      for (const pid of [gw.process.pid, bare.process.pid]) pin(pid, layout.proxy);
      for (const pid of [sim.process.pid, process.pid]) pin(pid, layout.rest);
      // The full number again: the pools' connections idled out during the rounds above.
      await warmUp(targets, [n]);
      const own = await burstThenSpread(targets, n, rssOf, () => {
        print(`each proxy on a core of its own (CPU ${layout.proxy}; the load generator and the simulator on CPU ${layout.rest}; peak RSS since each process started):`);
      }, print);
      failures.push(...own.failures);
      ownCore = { proxyCpus: layout.proxy, restCpus: layout.rest, ...own.burst, spread: own.spread };
    } else {
      print('(no own-core layout here: one core, or no taskset)');
    }
    if (failures.length) print(`gateway failures (first 3 of ${failures.length}): ${failures.slice(0, 3).join(' | ')}`);
    // The burst's record carries every round's failures (the first ten), as the line above reports them.
    shared.burst.gateway.failures = failures.slice(0, 10);
    return { streams: n, streamMs: shared.streamMs, ...shared.burst, spread: { spreadMs: SPREAD_MS, ...shared.spread }, ...(ownCore ? { ownCore } : {}) };
  } finally {
    // The rest of a bench run (and the simulator, which later sections of this one may use) gets every core back.
    if (layout) for (const pid of [sim.process.pid, process.pid]) pin(pid, layout.all);
    await gw.stop();
    await bare.stop();
  }
}

type Targets = Record<'direct' | 'bare' | 'gateway', Target>;

/** Each target in turn serves rounds of the given sizes, all started at once. */
async function warmUp(targets: Targets, sizes: number[]): Promise<void> {
  for (const target of [targets.direct, targets.bare, targets.gateway]) {
    for (const size of sizes) await manyStreams(target, size, check);
  }
}

/**
 * The two rounds of one layout: all started at once, then the same number started over SPREAD_MS (every stream is
 * still open when the last one starts: what holding them costs, apart from the burst of connects, which on a machine
 * whose load generator, simulator and proxy share the same cores is CPU-bound before any gateway logic). `heading`
 * is printed once the burst's stream length is known.
 */
async function burstThenSpread(
  targets: Targets, n: number, rss: Record<'gateway' | 'bare', () => number | null>, heading: (streamMs: number) => void, print: (line: string) => void,
): Promise<{ streamMs: number; burst: RoundResult; spread: RoundResult; failures: string[] }> {
  const burst = await manyRound(targets, n, 0);
  const streamMs = summarise(burst.direct.samples.map((s) => s.totalMs)).p50;
  const burstOut = roundResult(burst, rss.gateway());
  heading(streamMs);
  printRound('all started at once', burstOut, n, rss.bare(), print);
  const spread = await manyRound(targets, n, SPREAD_MS);
  const spreadOut = roundResult(spread, rss.gateway());
  printRound(`started over ${SPREAD_MS / 1000} s`, spreadOut, n, rss.bare(), print);
  return { streamMs, burst: burstOut, spread: spreadOut, failures: [...burst.gateway.failures, ...spread.gateway.failures] };
}

/** Starts of the spread round: 1,000 streams a second. */
const SPREAD_MS = 1000;

type Round = Record<'direct' | 'bare' | 'gateway', Awaited<ReturnType<typeof manyStreams>>>;

/** One round of `n` streams direct, through the bare proxy and through the gateway, one after the other. */
async function manyRound(targets: Targets, n: number, spreadMs: number): Promise<Round> {
  return {
    direct: await manyStreams(targets.direct, n, check, spreadMs),
    bare: await manyStreams(targets.bare, n, check, spreadMs),
    gateway: await manyStreams(targets.gateway, n, check, spreadMs),
  };
}

type RoundResult = Omit<ManyStreamsResult, 'streams' | 'streamMs' | 'spread' | 'ownCore'>;

/** First-token figures of one round: each target's, and the bare proxy's and the gateway's p99 against direct's. */
function roundResult(round: Round, gatewayPeakRssMb: number | null): RoundResult {
  const dt = summarise(round.direct.samples.map((s) => s.ttftMs));
  const bt = summarise(round.bare.samples.map((s) => s.ttftMs));
  const gt = summarise(round.gateway.samples.map((s) => s.ttftMs));
  return {
    direct: { completed: round.direct.samples.length, ttft: dt },
    bare: { completed: round.bare.samples.length, ttft: bt, p99Ratio: bt.p99 / dt.p99 },
    gateway: { completed: round.gateway.samples.length, ttft: gt, peakRssMb: gatewayPeakRssMb, failures: round.gateway.failures.slice(0, 10) },
    p99Ratio: gt.p99 / dt.p99,
  };
}

function printRound(title: string, r: RoundResult, n: number, barePeakRssMb: number | null, print: (line: string) => void): void {
  const { direct: d, bare: b, gateway: g } = r;
  print(`${title}:`);
  print(`  direct         completed ${d.completed}/${n}   first token p50 ${ms(d.ttft.p50)}  p99 ${ms(d.ttft.p99)}`);
  print(`  via bare proxy completed ${b.completed}/${n}   first token p50 ${ms(b.ttft.p50)}  p99 ${ms(b.ttft.p99)}   p99 x${b.p99Ratio.toFixed(2)} of direct   peak RSS ${peakText(barePeakRssMb)}`);
  print(`  via gateway    completed ${g.completed}/${n}   first token p50 ${ms(g.ttft.p50)}  p99 ${ms(g.ttft.p99)}   p99 x${r.p99Ratio.toFixed(2)} of direct${n === 1000 ? ' (goal: every stream, <= 1.2x, RSS <= 200 MB)' : ''}   peak RSS ${peakText(g.peakRssMb)}`);
}

function peakText(mb: number | null): string {
  return mb === null ? 'n/a' : `${mb.toFixed(0)} MB`;
}

/** The process's peak resident set (VmHWM), MB; null where /proc is not available. */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function simDefault(simUrl: string, fault: Record<string, unknown>): Promise<void> {
  const response = await request(`${simUrl}/__sim/default`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'openai', fault }) });
  await response.body.text();
  if (response.statusCode >= 300) throw new Error(`simulator control answered ${response.statusCode}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const many = process.argv.find((a) => a.startsWith('--many='))?.slice('--many='.length).split(',').map(Number);
  const parts = process.argv.find((a) => a.startsWith('--parts='))?.slice('--parts='.length).split(',');
  benchStreams({
    quick: process.argv.includes('--quick'),
    ...(many ? { many } : {}),
    ...(parts ? { parts: { latency: parts.includes('latency'), many: parts.includes('many') } } : {}),
  })
    .then((result) => process.stdout.write(`\n${JSON.stringify(result)}\n`))
    .catch((error) => {
      process.stderr.write(`stream bench failed: ${error instanceof Error ? error.stack : error}\n`);
      process.exitCode = 1;
    });
}
