import type { RetryPolicy } from '../config/config.js';
import type { Route, RouteTarget } from '../routing/route.js';
import type { HealthTracker } from '../health/health-tracker.js';
import { breakerKind, openUntilText } from '../health/health-key.js';
import { ProviderError } from '../errors/provider-error.js';
import { GatewayError } from '../errors/gateway-error.js';
import { sleep, type Clock } from '../internal/clock.js';
import type { CancelSignal } from '../internal/cancel.js';
import { AttemptSignal } from './attempt-signal.js';
import { retryDelay } from './retry.js';
import { blameClientLimit, type ClientLimits } from './client-limits.js';
import { finalError } from './final-error.js';
import type { AttemptRecord } from './attempt-record.js';

export interface ExecuteOptions {
  clock: Clock;
  random: () => number;
  health: HealthTracker;
  retries: RetryPolicy;
  signal: CancelSignal | undefined;
  attemptMs: number;
  deadlineAt: number;
  redact: (text: string) => string;
  /** Filled as the route runs, so the caller has the attempts even when the route fails. */
  trace: RouteTrace;
  /** Which limits the client set itself: an attempt they cut is the client's outcome (see client-limits.ts). */
  clientLimits?: ClientLimits;
  /** The transport reports when a request is on a connection: attempt timeouts start then (see AttemptSignal). */
  timedFromDispatch?: boolean;
}

export interface RouteTrace {
  attempts: AttemptRecord[];
  /** Time spent in backoff between retries. */
  waitedMs: number;
}

export interface Executed<T> {
  value: T;
  target: RouteTarget;
  attempts: AttemptRecord[];
}

/**
 * Runs a route, whatever the operation (chat, speech): each target in turn, transient failures retried on the
 * same target with jittered backoff while the deadline allows, health recorded for every attempt.
 * `attemptOnce` performs one attempt; on success it owns the attempt signal (releases it when done).
 * When nothing serves, throws the final GatewayError (docs/architecture.md, the error classes).
 */
export async function executeRoute<T>(
  route: Route,
  o: ExecuteOptions,
  attemptOnce: (target: RouteTarget, attempt: AttemptSignal) => Promise<T>,
): Promise<Executed<T>> {
  const attempts = o.trace.attempts;
  // Made on the first failure: most routes are served by their first attempt.
  let errors: ProviderError[] | undefined;
  /** Levels that called the request itself invalid: one more level is tried, not the whole route. */
  let invalidAtLevels: Set<number> | undefined;
  /** After a context-length failure, offerings no larger than the one that failed are skipped. */
  let tooSmallWindow = 0;

  for (const target of route.targets) {
    const provider = target.provider.id;
    if (target.offering && target.offering.contextWindow <= tooSmallWindow) {
      route.skipped.push({ provider, upstreamModel: target.upstreamModel, level: target.level, reason: 'context_too_small', detail: `an offering with a ${tooSmallWindow}-token window already refused this request` });
      continue;
    }
    if (!o.health.acquire(provider, target.upstreamModel)) {
      route.skipped.push({ provider, upstreamModel: target.upstreamModel, level: target.level, reason: 'breaker_open', detail: whyBlocked(o.health, provider, target.upstreamModel) });
      continue;
    }
    for (let retries = 0; ; retries++) {
      if (o.signal?.aborted) throw clientGone();
      if (o.deadlineAt - o.clock.now() <= 0) break;
      // Durations are measured, not scheduled: the monotonic high-resolution timer, whatever clock drives the logic.
      const started = performance.now();
      const attempt = new AttemptSignal(o.clock, o.signal, o.attemptMs, o.deadlineAt, o.timedFromDispatch);
      try {
        const value = await attemptOnce(target, attempt);
        // The provider's time starts when the request was on a connection; a wait for one was the gateway's.
        const took = performance.now() - (attempt.dispatchedAt ?? started);
        o.health.recordSuccess(provider, target.upstreamModel, took);
        attempts.push({ provider, model: target.upstreamModel, level: target.level, ok: true, durationMs: took });
        return { value, target, attempts };
      } catch (error) {
        attempt.release();
        if (o.signal?.aborted) throw clientGone();
        if (!ProviderError.is(error)) throw error;
        const failed = o.clientLimits ? blameClientLimit(error, o.clientLimits) : error;
        (errors ??= []).push(failed);
        attempts.push(failure(target, failed, performance.now() - (attempt.dispatchedAt ?? started), o.redact));
        o.health.recordFailure(provider, target.upstreamModel, failed);
        // A failure that opened the breaker (a failed probe, or the run of failures that trips it) ends the retries.
        if (o.health.blocking(provider, target.upstreamModel)) break;
        const delay = retryDelay(failed, retries, o.retries, o.random, o.deadlineAt - o.clock.now());
        if (delay === undefined) break;
        if (delay > 0) {
          const before = performance.now();
          await sleep(o.clock, delay, o.signal).catch(() => undefined);
          o.trace.waitedMs += performance.now() - before;
        }
      }
    }
    const last = errors?.[errors.length - 1];
    // The next level would send a large answer just the same, billed and refused: the caller retries later instead.
    if (last?.code === 'answer_budget_full') break;
    if (last?.errorClass === 'context_length') tooSmallWindow = Math.max(tooSmallWindow, target.offering?.contextWindow ?? 0);
    if (last?.errorClass === 'invalid_request') {
      (invalidAtLevels ??= new Set()).add(target.level);
      if (invalidAtLevels.size >= 2) break;
    }
    if (o.clock.now() >= o.deadlineAt) break;
  }
  throw finalError(route, attempts, errors ?? [], o.redact);
}

/** Why a target was passed over at attempt time: its breaker and what opened it, or a probe in flight. */
function whyBlocked(health: HealthTracker, provider: string, model: string): string {
  const blocking = health.blocking(provider, model);
  if (!blocking?.state) return 'another request is probing it';
  const state = blocking.state;
  const what = breakerKind(blocking.key);
  const cause = state.reason ? ` (${state.reason}${state.lastStatus ? ` ${state.lastStatus}` : ''})` : '';
  return state.state === 'half_open' ? `${what} breaker half-open: another request is probing it${cause}` : `${openUntilText(blocking.key, state.openUntil)}${cause}`;
}

function failure(target: RouteTarget, error: ProviderError, durationMs: number, redact: (text: string) => string): AttemptRecord {
  return {
    provider: target.provider.id,
    model: target.upstreamModel,
    level: target.level,
    ok: false,
    errorClass: error.errorClass,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.code !== undefined ? { code: error.code } : {}),
    // Attempts go to the log, the metrics and the dashboard: upstream text is cleaned of keys here, at the source.
    message: redact(error.message),
    durationMs,
  };
}

/**
 * A committed stream that broke later: the attempt that served it (the last one) is recorded as failed after all,
 * with what broke it, and keeps the time it had.
 */
export function markServedAttemptFailed(attempts: AttemptRecord[], target: RouteTarget, error: ProviderError, redact: (text: string) => string): void {
  const served = attempts.at(-1);
  if (served?.ok) Object.assign(served, failure(target, error, served.durationMs, redact));
}

export function clientGone(): GatewayError {
  return new GatewayError(499, 'The client closed the request', { code: 'client_closed_request' });
}
