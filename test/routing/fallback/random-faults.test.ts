/**
 * Property: random fault mixes over the four providers of one route (meta/llama-3.3-70b with keys for OpenRouter,
 * Together, Groq and Fireworks only; Meta has no key):
 *   - whenever at least one path works, every request succeeds, served by the first working provider in route order;
 *   - whenever none does, every request ends with the 503 listing its attempts, each naming a provider of the route
 *     with the class its fault deserves;
 *   - no request hangs (a client-side watchdog well above the gateway's deadline never fires).
 * Breakers carry state across requests: health is reset before every request, so each request is judged alone.
 *
 * Seeded (mulberry32). Replay a run with WAI_FALLBACK_SEED=<seed>; WAI_FALLBACK_SCENARIOS sets how many.
 * "truncate" in a stream is drawn as a cut before the first content (after the role-only chunk): a stream cut
 * after content is the continuation case of docs/architecture.md, tested on its own in breaker-rules.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { RunningGateway } from '../../../src/gateway.js';
import type { ErrorClass } from '../../../src/errors/error-class.js';
import { gatewayFor, mulberry32, servedBy, startSims, within, type Fault, type Sims } from './rig.js';

const SEED = Number(process.env.WAI_FALLBACK_SEED ?? 0x5eed2026) >>> 0;
const SCENARIOS = Number(process.env.WAI_FALLBACK_SCENARIOS ?? 64);
const MODEL = 'meta/llama-3.3-70b';
const USER = 'one two three four five';
/** The route's providers, in the order the route tries them, with their level. */
const ORDER = [['openrouter', 2], ['together', 3], ['groq', 4], ['fireworks', 4]] as const;
const PROVIDERS = ORDER.map(([id]) => id);
const DEADLINE_MS = 8_000;
const WATCHDOG_MS = 20_000;

type FaultName = 'ok' | '500' | '502' | '429' | '401' | '404' | 'hang' | 'reset' | 'malformed' | 'truncate' | 'streamError';
const NAMES: FaultName[] = ['ok', '500', '502', '429', '401', '404', 'hang', 'reset', 'malformed', 'truncate', 'streamError'];

function faultOf(name: FaultName, stream: boolean): Fault | null {
  switch (name) {
    case 'ok': return null;
    case '500': return { status: 500 };
    case '502': return { status: 502 };
    case '429': return { status: 429, headers: { 'retry-after': '30' } };
    case '401': return { status: 401 };
    case '404': return { status: 404 };
    case 'hang': return { hang: true };
    case 'reset': return { reset: true };
    case 'malformed': return { malformed: true };
    case 'truncate': return stream ? { cutAfterChunks: 1 } : { truncate: true };
    case 'streamError': return { streamError: { afterChunks: 0, message: 'upstream overloaded', code: 502 } };
  }
}

/** Whether a provider with this fault can answer: an in-stream error only exists in a stream. */
const works = (name: FaultName, stream: boolean) => name === 'ok' || (name === 'streamError' && !stream);

function classOf(name: FaultName): ErrorClass {
  switch (name) {
    case '429': return 'rate_limited';
    case '401': return 'auth';
    case '404': return 'model_unavailable';
    default: return 'transient';
  }
}

/** `requests`: one at a time, health reset before each; `burst`: then BURST at once, sharing breakers. */
interface Scenario { index: number; faults: Record<string, FaultName>; requests: boolean[]; burst: boolean }
const BURST = 3;

/** Draws the scenarios up front so each is its own named test. "ok" is weighted so about a third have no path. */
function draw(): Scenario[] {
  const random = mulberry32(SEED);
  const pick = (): FaultName => (random() < 0.22 ? 'ok' : NAMES[1 + Math.floor(random() * (NAMES.length - 1))]!);
  const out: Scenario[] = [];
  for (let index = 0; index < SCENARIOS; index++) {
    const faults: Record<string, FaultName> = {};
    for (const id of PROVIDERS) faults[id] = pick();
    const first = random() < 0.5;
    out.push({ index, faults, requests: [first, !first], burst: random() < 0.5 });
  }
  return out;
}

let sims: Sims;
let gw: RunningGateway;
let client: OpenAI;

before(async () => {
  sims = await startSims();
  ({ gw, client } = await gatewayFor(sims, PROVIDERS, {
    // The attempt timeout cuts a hang (undici's headers timer behind firstByteMs has about a second's resolution);
    // the idle timeout is generous, so a loaded machine never cuts a committed stream (which has no retry).
    timeouts: { firstByteMs: 500, idleMs: 2_000, attemptMs: 500, deadlineMs: DEADLINE_MS },
    retries: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 },
  }));
  client = new OpenAI({ apiKey: 'caller', baseURL: `${gw.url}/v1`, maxRetries: 0, timeout: WATCHDOG_MS });
});
after(async () => {
  await gw.close();
  await sims.close();
});

test(`the route tries ${PROVIDERS.join(', ')} in that order (seed ${SEED}, replay with WAI_FALLBACK_SEED=${SEED})`, (t) => {
  t.diagnostic(`seed ${SEED}`);
  const route = gw.engine.planner.plan({ model: MODEL, messages: [{ role: 'user', content: USER }] });
  const firstSeen = [...new Set(route.targets.map((t) => t.provider.id))];
  assert.deepEqual(firstSeen, PROVIDERS);
  for (const [id, level] of ORDER) assert.equal(route.targets.find((t) => t.provider.id === id)!.level, level, id);
  t.diagnostic(`route: ${route.targets.map((x) => `${x.provider.id}:${x.upstreamModel}@${x.level}`).join(', ')}`);
});

for (const scenario of draw()) {
  const label = PROVIDERS.map((id) => `${id}=${scenario.faults[id]}`).join(' ');
  test(`#${scenario.index} ${label}`, async () => {
    sims.reset();
    for (const request of scenario.requests) {
      const stream = request;
      for (const id of PROVIDERS) {
        gw.engine.health.reset(id);
        sims.get(id).setDefault(faultOf(scenario.faults[id]!, stream));
      }
      const where = `seed=${SEED} scenario=#${scenario.index} ${label} stream=${stream}`;
      const winner = ORDER.find(([id]) => works(scenario.faults[id]!, stream));
      const outcome = await within(WATCHDOG_MS, where, run(stream)).catch((error: unknown) => ({ error }));
      if ('error' in outcome) {
        const error = outcome.error;
        assert.ok(!(error instanceof OpenAI.APIConnectionTimeoutError), `${where}: the client-side timeout fired (the gateway hung)`);
        assert.ok(error instanceof OpenAI.APIError, `${where}: ${String(error)}`);
        assert.equal(winner, undefined, `${where}: ${winner?.[0]} works, yet the request failed: ${error.status} ${error.message}`);
        assert.equal(error.status, 503, `${where}: ${error.message}`);
        const body = error.error as { code?: string; attempts?: Array<{ provider: string; ok: boolean; errorClass: string }> };
        assert.equal(body.code, 'no_provider_available', where);
        assert.ok(Array.isArray(body.attempts) && body.attempts.length > 0, `${where}: the 503 lists attempts`);
        for (const a of body.attempts) {
          assert.ok((PROVIDERS as string[]).includes(a.provider), `${where}: ${a.provider} is not on the route`);
          assert.equal(a.ok, false);
          assert.equal(a.errorClass, classOf(scenario.faults[a.provider]!), `${where}: ${a.provider} (${scenario.faults[a.provider]})`);
        }
        assert.deepEqual([...new Set(body.attempts.map((a) => a.provider))].sort(), [...PROVIDERS].sort(), `${where}: every provider of the route was tried`);
      } else {
        assert.ok(winner, `${where}: no provider works, yet ${outcome.provider} answered`);
        assert.equal(outcome.provider, winner[0], `${where}: the first working provider serves`);
        assert.equal(outcome.level, winner[1], where);
        assert.ok(outcome.attempts >= 1, where);
        assert.ok(outcome.text.startsWith(`Hello from ${winner[0]} (`), `${where}: ${JSON.stringify(outcome.text)}`);
        assert.ok(outcome.finished, `${where}: the answer ended with a finish reason`);
      }
    }

    // A burst sharing one health state: whatever the breakers do between these requests, each succeeds iff a
    // path works (a working provider never fails, so its breaker never opens), and none hangs.
    const stream = scenario.burst;
    for (const id of PROVIDERS) {
      gw.engine.health.reset(id);
      sims.get(id).setDefault(faultOf(scenario.faults[id]!, stream));
    }
    const where = `seed=${SEED} scenario=#${scenario.index} ${label} burst of ${BURST} stream=${stream}`;
    const winner = ORDER.find(([id]) => works(scenario.faults[id]!, stream));
    const outcomes = await within(WATCHDOG_MS, where, Promise.all(Array.from({ length: BURST }, () => run(stream).catch((error: unknown) => ({ error })))));
    for (const outcome of outcomes) {
      if ('error' in outcome) {
        const error = outcome.error;
        assert.ok(!(error instanceof OpenAI.APIConnectionTimeoutError), `${where}: the client-side timeout fired (the gateway hung)`);
        assert.ok(error instanceof OpenAI.APIError, `${where}: ${String(error)}`);
        assert.equal(winner, undefined, `${where}: ${winner?.[0]} works, yet a request failed: ${error.status} ${error.message}`);
        const body = error.error as { attempts?: Array<{ provider: string; model: string }> };
        assert.ok(Array.isArray(body.attempts), `${where}: the error lists its attempts`);
        for (const a of body.attempts) assert.ok((PROVIDERS as string[]).includes(a.provider), `${where}: ${a.provider} is not on the route`);
        // Breakers opened by the other requests may leave one target (its own upstream answer) or none (503).
        const targets = new Set(body.attempts.map((a) => `${a.provider}/${a.model}`));
        if (targets.size !== 1) assert.equal(error.status, 503, `${where}: ${error.message}`);
      } else {
        assert.ok(winner, `${where}: no provider works, yet ${outcome.provider} answered`);
        assert.equal(outcome.provider, winner[0], `${where}: the first working provider serves`);
        assert.ok(outcome.text.startsWith(`Hello from ${winner[0]} (`), `${where}: ${JSON.stringify(outcome.text)}`);
      }
    }
  });
}

async function run(stream: boolean) {
  const messages = [{ role: 'user' as const, content: USER }];
  if (!stream) {
    const { data, response } = await client.chat.completions.create({ model: MODEL, messages }).withResponse();
    return { ...servedBy(response.headers), text: data.choices[0]?.message.content ?? '', finished: Boolean(data.choices[0]?.finish_reason) };
  }
  const { data, response } = await client.chat.completions.create({ model: MODEL, messages, stream: true, stream_options: { include_usage: true } }).withResponse();
  let text = '';
  let finished = false;
  for await (const chunk of data) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.choices[0]?.finish_reason) finished = true;
  }
  return { ...servedBy(response.headers), text, finished };
}
