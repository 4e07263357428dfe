/**
 * The requests of a chaos run: scenario `i` of seed `s` is always the same request (its own PRNG), whatever the
 * order concurrent workers take them in. Two families:
 * - hostile upstreams: ordinary requests to the hostile providers, each carrying a plan of upstream faults;
 * - hostile clients: bad bodies, odd model names, aborts at each phase, slow readers, huge headers, a 1 ms timeout,
 *   all on the clean provider (`groq`), which therefore must end the run with no failure counted against it.
 */
import { mulberry32 } from '../../routing/fallback/rig.js';
import { UPSTREAM_FAULTS } from './hostile-upstream.js';
import type { ExchangeSpec } from './exchange.js';

export const HOSTILE_PROVIDERS = ['xai', 'openrouter', 'together', 'mistral', 'deepseek'] as const;
export const CLEAN_PROVIDER = 'groq';
const CLEAN_MODEL = 'groq/llama-3.1-8b-instant';
const HOSTILE_MODELS = ['xai/grok-4', 'mistral/mistral-large-latest', 'deepseek/deepseek-chat', 'meta/llama-3.3-70b', 'openrouter/x-ai/grok-4'];

export const CLIENT_FAULTS = [
  'deep_json', 'odd_model', 'abort_upload', 'abort_headers', 'abort_first_chunk', 'abort_mid_stream', 'slow_reader',
  'huge_headers', 'tiny_timeout', 'bad_json', 'text_plain', 'wrong_types', 'empty_body', 'clean',
] as const;

const ODD_MODELS = [
  'groq/llama\r\nx-injected: 1', 'groq/llama\u0000nul', 'groq/модель-🙂', 'groq/\u2028line', `groq/${'m'.repeat(5000)}`,
  'groq/llama-3.1-8b-instant\t', '../../etc/passwd', 'groq/ünïcödé',
];

export interface Scenario {
  /** `upstream:<faults>` or `client:<fault>`, for the report. */
  name: string;
  family: 'upstream' | 'client';
  spec: ExchangeSpec;
}

export function scenario(seed: number, i: number, limitMs: number): Scenario {
  const random = mulberry32(seed * 1_000_003 + i);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const tag = `s${seed}-${i}`;
  const stream = random() < 0.6;
  const usage = random() < 0.5;
  if (random() < 0.65) {
    const faults = Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.2 ? 'ok' : pick(UPSTREAM_FAULTS)));
    const body = chatBody(pick(HOSTILE_MODELS), `chaos:${tag}:${faults.join(',')} tell me about foxes`, stream, usage, { provider: { ignore: [CLEAN_PROVIDER] } });
    return { name: `upstream:${faults.join(',')}`, family: 'upstream', spec: { body, limitMs } };
  }
  const fault = pick(CLIENT_FAULTS);
  const clean = (plan: string, extra: Record<string, unknown> = {}, asStream = stream) =>
    chatBody(CLEAN_MODEL, `chaos:${tag}:${plan} hello`, asStream, usage, { provider: { only: [CLEAN_PROVIDER] }, ...extra });
  const spec: ExchangeSpec = ((): ExchangeSpec => {
    switch (fault) {
      case 'deep_json': return { body: clean('ok').replace(/}$/, `,"x":${'['.repeat(6000)}${']'.repeat(6000)}}`), limitMs };
      case 'odd_model': return { body: chatBody(pick(ODD_MODELS), `chaos:${tag}:ok hi`, stream, usage, {}), limitMs };
      case 'abort_upload': return { body: clean('ok'), abortAt: 'upload', limitMs };
      case 'abort_headers': return { body: clean('drip', {}, true), abortAt: 'headers', limitMs };
      case 'abort_first_chunk': return { body: clean('drip', {}, true), abortAt: 'first_chunk', limitMs };
      case 'abort_mid_stream': return { body: clean('drip', {}, true), abortAt: 'mid_stream', limitMs };
      case 'slow_reader': return { body: clean('long', {}, true), slowReadMs: 1500, limitMs };
      case 'huge_headers': return { body: clean('ok'), headers: { 'x-junk': 'j'.repeat(24 * 1024) }, limitMs };
      case 'tiny_timeout': return { body: clean('drip', { wai: { timeout_ms: 1 } }), limitMs };
      case 'bad_json': return { body: '{"model": "groq/llama-3.1-8b-instant", "messages": [', limitMs };
      case 'text_plain': return { body: clean('ok'), headers: { 'content-type': 'text/plain' }, limitMs };
      case 'wrong_types': return { body: JSON.stringify({ model: CLEAN_MODEL, messages: 'hi', stream: 'true' }), limitMs };
      case 'empty_body': return { body: '', limitMs };
      default: return { body: clean(random() < 0.5 ? 'ok' : 'drip'), limitMs };
    }
  })();
  return { name: `client:${fault}`, family: 'client', spec };
}

function chatBody(model: string, content: string, stream: boolean, usage: boolean, extra: Record<string, unknown>): string {
  return JSON.stringify({
    model, messages: [{ role: 'user', content }], stream, ...(stream && usage ? { stream_options: { include_usage: true } } : {}), ...extra,
  });
}
