import type { Route, RouteTarget } from '../routing/route.js';
import type { RouteTrace } from './execute-route.js';
import type { Usage } from '../types/chat.js';
import { GatewayError } from '../errors/gateway-error.js';
import { costOf } from './cost.js';
import type { RequestObserver, RequestRecord } from './request-record.js';

export interface RecordStart {
  at: number;
  startedHr: number;
  requestId: string;
  client: string | null;
  operation: RequestRecord['operation'];
  requestedModel: string;
  stream: boolean;
  trace: RouteTrace;
  /** The client key's id, when a key made the request. */
  clientKeyId?: string;
}

/** Records made this turn of the event loop, delivered together in the next check phase. */
const pending: Array<{ observers: readonly RequestObserver[]; record: RequestRecord }> = [];
let scheduled = false;

/**
 * Sends a record to every observer once the current turn of the event loop is done, so the answer it describes
 * is written first (metrics, dashboard and log are not on the caller's clock). The record itself is built by the
 * caller at the moment it describes. An observer that throws is not allowed to fail anything.
 */
export function emit(observers: readonly RequestObserver[], record: RequestRecord): void {
  pending.push({ observers, record });
  if (scheduled) return;
  scheduled = true;
  setImmediate(deliver);
}

/** Delivers what is pending now (before a log closes, so no record made before is lost). */
export function flushRecords(): void {
  deliver();
}

function deliver(): void {
  scheduled = false;
  const batch = pending.splice(0);
  for (const { observers, record } of batch) {
    for (const observer of observers) {
      try {
        observer.requestFinished(record);
      } catch {
        // Observers are best-effort by contract; the request has already been answered.
      }
    }
  }
}

/** A request that was served (for streams: once the stream has ended). */
export function servedRecord(
  start: RecordStart,
  route: Route,
  target: RouteTarget,
  usage: { tokensIn: number | null; tokensOut: number | null },
  timing: { ttftMs: number | null; streamedMs: number },
  outcome: { status: number; error: RequestRecord['error'] },
): RequestRecord {
  const totalMs = performance.now() - start.startedHr;
  const upstreamMs = attemptsMsOf(start) + timing.streamedMs;
  // Both records are written out field by field in one order, never spread from a shared part: a spread gives the
  // record another hidden class, and every observer reading records went slow (about 40 µs a request at c=32).
  const record: RequestRecord = {
    at: start.at, requestId: start.requestId, client: start.client, operation: start.operation, requestedModel: start.requestedModel,
    canonicalModel: route.canonical ?? null,
    servedProvider: target.provider.id,
    servedModel: target.upstreamModel,
    level: target.level,
    attempts: start.trace.attempts,
    totalMs,
    upstreamMs,
    overheadMs: Math.max(0, totalMs - upstreamMs - start.trace.waitedMs),
    ttftMs: timing.ttftMs,
    tokensIn: usage.tokensIn,
    tokensOut: usage.tokensOut,
    costUsd: costOf(target.offering, usage.tokensIn, usage.tokensOut),
    stream: start.stream,
    status: outcome.status,
    error: outcome.error,
  };
  // Last, as a spread of it put it (the same hidden class), without the spread's temporary object.
  if (start.clientKeyId) record.clientKeyId = start.clientKeyId;
  return record;
}

/** A request that got no answer from any provider (or was refused before routing). */
export function failedRecord(start: RecordStart, route: Route | undefined, error: unknown): RequestRecord {
  const totalMs = performance.now() - start.startedHr;
  const attemptsMs = attemptsMsOf(start);
  const status = GatewayError.is(error) ? error.status : 500;
  const last = start.trace.attempts.at(-1);
  const record: RequestRecord = {
    at: start.at, requestId: start.requestId, client: start.client, operation: start.operation, requestedModel: start.requestedModel,
    canonicalModel: route?.canonical ?? null,
    servedProvider: null,
    servedModel: null,
    level: null,
    attempts: start.trace.attempts,
    totalMs,
    upstreamMs: attemptsMs,
    overheadMs: Math.max(0, totalMs - attemptsMs - start.trace.waitedMs),
    ttftMs: null,
    tokensIn: null,
    tokensOut: null,
    costUsd: null,
    stream: start.stream,
    status,
    error: status === 499 ? 'client_closed' : last?.errorClass ?? (!GatewayError.is(error) ? 'gateway' : status < 500 ? 'invalid_request' : null),
  };
  if (start.clientKeyId) record.clientKeyId = start.clientKeyId;
  return record;
}

/** The part of the request's time spent in upstream attempts. */
function attemptsMsOf(start: RecordStart): number {
  const attempts = start.trace.attempts;
  let sum = 0;
  for (let i = 0; i < attempts.length; i++) sum += attempts[i]!.durationMs;
  return sum;
}

export function usageCounts(usage: Usage | undefined): { tokensIn: number | null; tokensOut: number | null } {
  return usage ? { tokensIn: usage.prompt_tokens ?? null, tokensOut: usage.completion_tokens ?? null } : { tokensIn: null, tokensOut: null };
}
