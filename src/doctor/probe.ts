import type { AttemptContext, Transport, WireRequest, WireResponse } from '../dialects/types.js';
import type { ProviderRuntime } from '../providers/runtime.js';
import type { ProviderRole } from '../providers/types.js';
import type { ErrorClass } from '../errors/error-class.js';
import type { Clock } from '../internal/clock.js';
import type { GatewayConfig } from '../config/config.js';
import { ProviderError } from '../errors/provider-error.js';
import { dialectFor } from '../dialects/index.js';
import { upstreamFailure } from '../engine/upstream-failure.js';
import { readCapped } from '../engine/run-completion.js';
import { systemClock } from '../internal/clock.js';
import { Redactor } from '../internal/redact.js';
import { describePlan, probePlanFor, type ProbePlan } from './probe-plan.js';

/** What one probe found. Plain data apart from `error` (non-enumerable), which is kept for health and never serialised. */
export interface ProbeResult {
  provider: string;
  name: string;
  role: ProviderRole;
  ok: boolean;
  /** What was sent, e.g. `GET /v1/models` or `chat sonar (1 token)`; never a key. */
  check: string;
  /** The kind of call that decided the result: a free keyed GET, or a (billed) one-token completion. */
  kind: 'get' | 'chat' | 'none';
  /** The model a one-token completion used. */
  model?: string;
  latencyMs: number;
  status?: number;
  errorClass?: ErrorClass;
  code?: string;
  /** The failure as the provider put it (keys masked), shortened. */
  message?: string;
  error?: ProviderError;
}

export interface ProbeOptions {
  transport: Transport;
  /** Each probe's own limit, start to end. */
  timeoutMs: number;
  /** Timers for the timeout (the runtime's clock in the server). */
  clock?: Clock;
  /** Masks keys in upstream messages; built from the configured keys when absent. */
  redactor?: Redactor;
  /** Abandons the probe (the server is closing): it comes back at once as a transient failure coded `aborted`. */
  signal?: AbortSignal;
}

const MAX_ERROR_BODY = 16 * 1024;
const MAX_MESSAGE = 300;

/** Short words for failures that have no HTTP status, as the table shows them: `Groq (timeout)`. */
const SHORT_CODES: Readonly<Record<string, string>> = {
  attempt_timeout: 'timeout',
  first_byte_timeout: 'timeout',
  idle_timeout: 'timeout',
  deadline_exceeded: 'timeout',
  connect_failed: 'unreachable',
  connection_reset: 'reset',
  truncated_stream: 'cut off',
  malformed_response: 'bad response',
  missing_endpoint: 'no endpoint',
  missing_secret_access_key: 'no secret key',
};

/** How an operator writes a provider's state up: `Replicate (401)`, `Groq (timeout)`. */
export function probeLabel(result: Pick<ProbeResult, 'name' | 'ok' | 'status' | 'code' | 'errorClass'>): string {
  if (result.ok) return result.name;
  const why = result.status !== undefined ? String(result.status) : SHORT_CODES[result.code ?? ''] ?? result.code ?? result.errorClass ?? 'failed';
  return `${result.name} (${why})`;
}

/** A Redactor over every configured key, so no upstream message can echo one into the report. */
export function redactorFor(config: Pick<GatewayConfig, 'providers'>): Redactor {
  const keys: string[] = [];
  for (const provider of config.providers.values()) if (provider.key) keys.push(provider.key.reveal());
  return new Redactor(keys);
}

class ProbeTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'ProbeTimeout';
  }
}

interface Outcome {
  kind: 'get' | 'chat' | 'none';
  check: string;
  model?: string;
  error?: ProviderError;
}

/** A minimal attempt for a one-token chat: what dialects need to build, sign and classify. */
function attemptContext(provider: ProviderRuntime, model: string, clock: Clock): AttemptContext {
  return {
    provider,
    upstreamModel: model,
    request: { model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1, stream: false },
    stream: false,
    includeUsage: false,
    requestId: `probe-${provider.id}-${clock.now().toString(36)}`,
    clock,
  };
}

async function drain(response: WireResponse): Promise<void> {
  try {
    if (response.body.dump) await response.body.dump();
    else await response.body.arrayBuffer();
  } catch {
    // The status already answered the question; a body cut short changes nothing.
  }
}

/** A GET with the provider's own headers (no body, so no content type). */
function getRequest(provider: ProviderRuntime, path: string): WireRequest {
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(provider.wireHeaders())) if (name !== 'content-type') headers[name] = value;
  return { method: 'GET', origin: provider.origin, path: `${provider.basePath}${path}`, headers };
}

async function run(plan: ProbePlan, provider: ProviderRuntime, options: Required<Pick<ProbeOptions, 'transport'>> & { clock: Clock }, signal: AbortSignal): Promise<Outcome> {
  const check = describePlan(plan, provider);
  if (plan.kind === 'none') {
    return { kind: 'none', check, error: new ProviderError({ errorClass: 'unsupported', provider: provider.id, model: '', code: 'not_probed', message: plan.reason }) };
  }
  const dialect = dialectFor(provider.entry.dialect);
  const chat = dialect?.chat;
  const model = plan.kind === 'chat' ? plan.model : '';
  const ctx = attemptContext(provider, model, options.clock);
  if (!dialect || (plan.kind === 'chat' && !chat)) {
    return { kind: plan.kind, check, error: new ProviderError({ errorClass: 'unsupported', provider: provider.id, model, code: 'no_dialect', message: `no chat dialect "${provider.entry.dialect}" is implemented` }) };
  }
  if (!provider.origin) {
    return { kind: plan.kind, check, error: new ProviderError({ errorClass: 'auth', provider: provider.id, model, code: 'missing_endpoint', message: `${provider.entry.name} has no base URL configured` }) };
  }
  let response: WireResponse;
  try {
    if (plan.kind === 'get') response = await options.transport.send(getRequest(provider, plan.path), signal);
    else if (chat!.exchange) response = await chat!.exchange(ctx, options.transport, signal);
    else response = await options.transport.send(await chat!.buildChatRequest(ctx), signal);
  } catch (error) {
    return { kind: plan.kind, check, ...(plan.kind === 'chat' ? { model } : {}), error: upstreamFailure(error, provider.id, provider.entry.name, model) };
  }
  const decided = { kind: plan.kind, check, ...(plan.kind === 'chat' ? { model } : {}) };
  if (response.status >= 200 && response.status < 300) {
    await drain(response);
    return decided;
  }
  if (response.status === 404 && plan.kind === 'get' && plan.orElse) {
    await drain(response);
    return run(plan.orElse, provider, options, signal);
  }
  let text = '';
  try {
    text = await readCapped(response.body, MAX_ERROR_BODY);
  } catch {
    // Classify on the status alone.
  }
  return { ...decided, error: (chat ?? dialect.speech ?? dialect.embeddings)!.classifyError(response.status, response.headers, text, ctx) };
}

/**
 * Probes one provider with the cheapest call that proves its key and endpoint. Never throws and never takes
 * longer than `timeoutMs`: a hang or a reset comes back as a transient failure.
 */
export async function probeProvider(provider: ProviderRuntime, options: ProbeOptions): Promise<ProbeResult> {
  const clock = options.clock ?? systemClock;
  const started = performance.now();
  const base = { provider: provider.id, name: provider.entry.name, role: provider.entry.role };
  if (!provider.hasKey) {
    return { ...base, ok: false, check: 'not probed', kind: 'none', latencyMs: 0, errorClass: 'no_key', message: 'no key configured' };
  }
  const plan = probePlanFor(provider);
  const controller = new AbortController();
  let settle: (why: 'timeout' | 'aborted') => void = () => undefined;
  const cutShort = new Promise<'timeout' | 'aborted'>((resolve) => { settle = resolve; });
  const timer = clock.setTimeout(() => {
    controller.abort(new ProbeTimeout(options.timeoutMs));
    settle('timeout');
  }, options.timeoutMs);
  // Not unref'd: a probe is bounded by it, and it is what ends a hang when nothing else holds the process open.
  const onAbort = () => {
    controller.abort(options.signal?.reason);
    settle('aborted');
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  let outcome: Outcome;
  const running = run(plan, provider, { transport: options.transport, clock }, controller.signal).catch((error: unknown): Outcome => ({
    kind: plan.kind,
    check: describePlan(plan, provider),
    error: ProviderError.is(error) ? error : upstreamFailure(error, provider.id, provider.entry.name, plan.kind === 'chat' ? plan.model : ''),
  }));
  try {
    const first = await Promise.race([running, cutShort]);
    outcome = typeof first === 'string'
      ? {
        kind: plan.kind,
        check: describePlan(plan, provider),
        error: new ProviderError({
          errorClass: 'transient', provider: provider.id, model: plan.kind === 'chat' ? plan.model : '',
          code: first === 'timeout' ? 'attempt_timeout' : 'aborted',
          message: first === 'timeout' ? `${provider.entry.name} sent no answer within ${options.timeoutMs} ms` : 'probe abandoned',
        }),
      }
      : first;
  } finally {
    clock.clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const latencyMs = Math.round(performance.now() - started);
  const error = outcome.error;
  const model = outcome.model !== undefined ? { model: outcome.model } : {};
  if (!error) return { ...base, ok: true, check: outcome.check, kind: outcome.kind, ...model, latencyMs };
  const redactor = options.redactor;
  const message = redactor ? redactor.redact(error.message) : error.message;
  const result: ProbeResult = {
    ...base,
    ok: false,
    check: outcome.check,
    kind: outcome.kind,
    ...model,
    latencyMs,
    ...(error.status !== undefined ? { status: error.status } : {}),
    errorClass: error.errorClass,
    ...(error.code !== undefined ? { code: error.code } : {}),
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message,
  };
  // Not enumerable: the upstream body it carries is unredacted, and a result may be serialised as it is.
  Object.defineProperty(result, 'error', { value: error, enumerable: false });
  return result;
}

/** The providers a doctor run probes: every one with a key. */
export function keyedProviders(config: Pick<GatewayConfig, 'providers'>): ProviderRuntime[] {
  return [...config.providers.values()].filter((p) => p.hasKey);
}

/**
 * Probes every keyed provider in parallel. `onResult` is called as each one finishes (for the progress line);
 * the results come back in the configuration's order.
 */
export async function probeAll(
  config: Pick<GatewayConfig, 'providers'>,
  options: ProbeOptions,
  onResult?: (result: ProbeResult, done: number, total: number) => void,
  providers: readonly ProviderRuntime[] = keyedProviders(config),
): Promise<ProbeResult[]> {
  const redactor = options.redactor ?? redactorFor(config);
  let done = 0;
  return Promise.all(providers.map(async (provider) => {
    const result = await probeProvider(provider, { ...options, redactor });
    done++;
    try {
      onResult?.(result, done, providers.length);
    } catch {
      // Progress display must not change the result.
    }
    return result;
  }));
}
