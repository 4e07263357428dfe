/**
 * /v1/responses against the provider called directly, at concurrency 1, in interleaved rounds of one run:
 * - pass-through: OpenAI's Responses endpoint (simulated) direct, and through the gateway;
 * - translated: the same gateway's /v1/chat/completions for a chat-only provider (Groq), and its /v1/responses
 *   for the same model, so the difference is what translating the request, the answer and storing it add.
 * Every answer is checked. Alone: `node dist/bench/responses.js [--quick]`; from bench/run.ts: `--only=responses`.
 */
import { pathToFileURL } from 'node:url';
import { startGatewayProcess, startSimulatorProcess } from './processes.js';
import { latencyRun, throughputRun, type Target } from './load.js';
import { ms, summarise, type LatencySummary } from './stats.js';

export interface ResponsesBenchOptions {
  simulator?: { providers: Record<string, string> };
  quick?: boolean;
  print?: (line: string) => void;
}

export interface ResponsesBenchResult {
  direct: LatencySummary;
  passThrough: LatencySummary;
  chat: LatencySummary;
  translated: LatencySummary;
  /** Gateway pass-through minus direct, p50 (ms). */
  passThroughAddedP50: number;
  /** Gateway /v1/responses minus gateway /v1/chat/completions for the same chat-only model, p50 (ms). */
  translationAddedP50: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const INPUT = 'Say hello to the benchmark';
const checkHello = (status: number, text: string) => {
  if (status !== 200 || !text.includes('Hello from')) throw new Error(`unexpected answer ${status}: ${text.slice(0, 200)}`);
};

export async function benchResponses(options: ResponsesBenchOptions = {}): Promise<ResponsesBenchResult> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const rounds = options.quick ? 3 : 10;
  const n = options.quick ? 100 : 500;
  const ownSim = options.simulator ? undefined : await startSimulatorProcess();
  const providers = (options.simulator ?? ownSim)!.providers;
  const gw = await startGatewayProcess({
    OPENAI_API_KEY: 'sk-bench-responses-0000', OPENAI_BASE_URL: providers.openai!,
    GROQ_API_KEY: 'gsk-bench-responses-0000', GROQ_BASE_URL: providers.groq!,
  });
  try {
    const openai = new URL(providers.openai!);
    const direct: Target = {
      origin: openai.origin, path: `${openai.pathname}/responses`,
      headers: { ...JSON_HEADERS, authorization: 'Bearer sk-bench-responses-0000' }, body: JSON.stringify({ model: 'gpt-4o-mini', input: INPUT }),
    };
    const passThrough: Target = { origin: gw.url, path: '/v1/responses', headers: JSON_HEADERS, body: JSON.stringify({ model: 'openai/gpt-4o-mini', input: INPUT }) };
    const chat: Target = {
      origin: gw.url, path: '/v1/chat/completions', headers: JSON_HEADERS,
      body: JSON.stringify({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: INPUT }] }),
    };
    const translated: Target = { origin: gw.url, path: '/v1/responses', headers: JSON_HEADERS, body: JSON.stringify({ model: 'groq/llama-3.3-70b-versatile', input: INPUT }) };
    const targets = [direct, passThrough, chat, translated];
    for (const target of targets) await throughputRun(target, 16, options.quick ? 500 : 1500, checkHello);
    const samples = targets.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++) {
      for (const [i, target] of targets.entries()) samples[i]!.push(...(await latencyRun(target, n, 50, checkHello)));
    }
    const [d, p, c, t] = samples.map(summarise) as [LatencySummary, LatencySummary, LatencySummary, LatencySummary];
    print(`\n## /v1/responses, concurrency 1 (${d.n} requests each, ${rounds} interleaved rounds)`);
    print(`OpenAI Responses direct          p50 ${ms(d.p50)}  p99 ${ms(d.p99)}`);
    print(`  through the gateway            p50 ${ms(p.p50)}  p99 ${ms(p.p99)}   added p50 ${ms(p.p50 - d.p50)}  p99 ${ms(p.p99 - d.p99)}`);
    print(`Groq via gateway chat            p50 ${ms(c.p50)}  p99 ${ms(c.p99)}`);
    print(`  via gateway /v1/responses      p50 ${ms(t.p50)}  p99 ${ms(t.p99)}   translation adds p50 ${ms(t.p50 - c.p50)}  p99 ${ms(t.p99 - c.p99)}`);
    return { direct: d, passThrough: p, chat: c, translated: t, passThroughAddedP50: p.p50 - d.p50, translationAddedP50: t.p50 - c.p50 };
  } finally {
    await gw.stop();
    await ownSim?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchResponses({ quick: process.argv.includes('--quick') })
    .then((result) => process.stdout.write(`\n${JSON.stringify(result)}\n`))
    .catch((error) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
      process.exitCode = 1;
    });
}
