/**
 * POST /v1/messages against calling the provider directly, at concurrency 1, in interleaved rounds of one run:
 * - pass-through: an Anthropic request to the Anthropic simulator, direct and through the gateway (the body goes
 *   as it came, the answer comes back as Anthropic sent it);
 * - translated: the same Anthropic request through the gateway to an OpenAI upstream, against the equivalent
 *   chat completion sent to that upstream directly (so the figure is the two translations plus routing).
 * Goal for both: added p50 <= 0.3 ms, as for chat. Chat through the same gateway to the same OpenAI upstream runs
 * too, and each case prints the gateway process's CPU per request, the figure to compare the routes by on a busy
 * machine.
 *
 * Measured as the overhead section of bench/run.ts measures chat: every target first serves a run at concurrency 1
 * and then the concurrent warm-up, all before any case is timed, and the timed rounds go through every case in
 * turn. (Warming only with the concurrent burst, one case after the other, timed the first case on a gateway whose
 * concurrency-1 path V8 had not optimised yet: right after a 1 s burst, a pass-through p50 of 0.95 ms that fell to
 * 0.29 ms over the next ~4,000 requests; after 1,000 requests at concurrency 1 first, 0.29 ms from the first round.)
 *
 * From bench/run.ts: `--only=messages`. Alone: `node dist/bench/messages.js [--quick]`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startGatewayProcess, startSimulatorProcess, type Child } from './processes.js';
import { latencyRun, throughputRun, type Target } from './load.js';
import { ms, summarise, type LatencySummary } from './stats.js';
import { measureCpu } from './cpu.js';

export interface MessagesBenchOptions {
  /** The OpenAI-dialect simulator already running (bench/run.ts passes its own); otherwise one is started here. */
  simulator?: { providers: Record<string, string> };
  quick?: boolean;
  print?: (line: string) => void;
}

export interface MessagesCaseResult {
  direct: LatencySummary;
  gateway: LatencySummary;
  addedP50: number;
  addedP99: number;
  /** The gateway process's CPU per request in the timed rounds (µs), null where /proc is not readable. */
  gatewayCpuUs: number | null;
}

const PROMPT = 'Say hello to the benchmark';
const KEY = 'sk-bench-direct-000000';

const checkOk = (status: number, text: string) => {
  if (status !== 200 || !text.includes('Hello from')) throw new Error(`unexpected answer ${status}: ${text.slice(0, 200)}`);
};

export async function benchMessages(options: MessagesBenchOptions = {}): Promise<{ passthrough: MessagesCaseResult; translated: MessagesCaseResult; chat: MessagesCaseResult }> {
  const quick = options.quick === true;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const rounds = quick ? 3 : 10;
  const n = quick ? 100 : 600;
  const warmMs = quick ? 1000 : 2000;
  /** Requests at concurrency 1 per target before its concurrent warm-up, as the overhead section's cold run. */
  const serialWarm = quick ? 300 : 1000;
  /** Untimed requests at the start of each timed run (its connection's first ones). */
  const runWarm = 100;
  const started: Child[] = [];
  try {
    const anthropic = await startSimulatorProcess(join('simulators', 'anthropic', 'cli.js'));
    started.push(anthropic);
    let openaiSim = options.simulator;
    if (!openaiSim) {
      const own = await startSimulatorProcess();
      started.push(own);
      openaiSim = own;
    }
    const gw = await startGatewayProcess({
      ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: anthropic.url, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: openaiSim.providers.openai!,
    });
    started.push(gw);

    const messagesBody = (model: string) => JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: PROMPT }] });
    const anthropicHeaders = { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' };
    const openaiBase = new URL(openaiSim.providers.openai!);
    const cases: Array<[string, Target, Target]> = [
      ['pass-through (Anthropic upstream)',
        { origin: anthropic.url, path: '/v1/messages', headers: anthropicHeaders, body: messagesBody('claude-haiku-4-5-20251001') },
        { origin: gw.url, path: '/v1/messages', headers: anthropicHeaders, body: messagesBody('claude-haiku-4-5-20251001') }],
      ['translated (OpenAI upstream)',
        { origin: openaiBase.origin, path: `${openaiBase.pathname}/chat/completions`, headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
          body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: PROMPT }] }) },
        { origin: gw.url, path: '/v1/messages', headers: anthropicHeaders, body: messagesBody('openai/gpt-4o-mini') }],
      // The same gateway's chat route to the same upstream: the CPU figure the two above are read against.
      ['chat, same gateway (OpenAI upstream)',
        { origin: openaiBase.origin, path: `${openaiBase.pathname}/chat/completions`, headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
          body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: PROMPT }] }) },
        { origin: gw.url, path: '/v1/chat/completions', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: PROMPT }] }) }],
    ];
    print(`\n## /v1/messages overhead, concurrency 1 (${rounds} interleaved rounds of ${n} requests per target, after ${serialWarm} requests at concurrency 1 and a ${warmMs} ms concurrent warm-up of each)`);
    // Every target warmed before any is timed, so no case is timed on a gateway less warm than another's.
    for (const [, direct, viaGateway] of cases) {
      for (const target of [direct, viaGateway]) {
        await latencyRun(target, serialWarm, 0, checkOk);
        await throughputRun(target, 32, warmMs, checkOk);
      }
    }
    const samples = cases.map(() => ({ direct: [] as number[], gateway: [] as number[], cpuMs: 0 as number | null }));
    for (let round = 0; round < rounds; round++) {
      for (const [i, [, direct, viaGateway]] of cases.entries()) {
        const into = samples[i]!;
        into.direct.push(...await latencyRun(direct, n, runWarm, checkOk));
        // CPU, unlike wall-clock, is little moved by other load on the machine: the figure to compare routes by.
        const timed = await measureCpu(gw.process.pid, () => latencyRun(viaGateway, n, runWarm, checkOk));
        into.gateway.push(...timed.value);
        into.cpuMs = into.cpuMs === null || timed.cpuMs === null ? null : into.cpuMs + timed.cpuMs;
      }
    }
    const results: MessagesCaseResult[] = [];
    for (const [i, [name]] of cases.entries()) {
      const { direct, gateway, cpuMs } = samples[i]!;
      const d = summarise(direct);
      const g = summarise(gateway);
      const gatewayCpuUs = cpuMs === null ? null : (cpuMs * 1000) / (rounds * (n + runWarm));
      results.push({ direct: d, gateway: g, addedP50: g.p50 - d.p50, addedP99: g.p99 - d.p99, gatewayCpuUs });
      const cpu = gatewayCpuUs === null ? '' : `  gateway CPU ${gatewayCpuUs.toFixed(0)} µs/request`;
      print(`${name.padEnd(38)} direct p50 ${ms(d.p50)}  via gateway p50 ${ms(g.p50)}  added p50 ${ms(g.p50 - d.p50)}  p99 ${ms(g.p99 - d.p99)}${cpu}   (goal: p50 <= 0.3 ms)`);
    }
    return { passthrough: results[0]!, translated: results[1]!, chat: results[2]! };
  } finally {
    for (const child of started.reverse()) await child.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchMessages({ quick: process.argv.includes('--quick') })
    .then((result) => process.stdout.write(`\n${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
