import type { ChatRequest } from '../types/chat.js';
import type { GatewayConfig } from '../config/config.js';
import type { RouteTarget } from '../routing/route.js';
import type { ProviderError } from '../errors/provider-error.js';
import type { AttemptRecord } from './attempt-record.js';
import type { StreamSegment } from './continue-stream.js';
import { costOf } from './cost.js';
import { usageCounts } from './record-builder.js';

/** Stream continuation is on by default; config (`streaming.continueOnBreak`) or the request (`wai.continue_stream`) turn it off. */
export function continuesStreams(config: GatewayConfig, request: ChatRequest): boolean {
  return config.continueStreams !== false && request.wai?.continue_stream !== false && (request.n ?? 1) <= 1;
}

/** Tokens of every provider that served part of a stream (null where none reported usage). */
export function segmentsUsage(segments: readonly StreamSegment[]): { tokensIn: number | null; tokensOut: number | null } {
  let tokensIn: number | null = null;
  let tokensOut: number | null = null;
  for (const segment of segments) {
    const counts = usageCounts(segment.usage);
    if (counts.tokensIn !== null) tokensIn = (tokensIn ?? 0) + counts.tokensIn;
    if (counts.tokensOut !== null) tokensOut = (tokensOut ?? 0) + counts.tokensOut;
  }
  return { tokensIn, tokensOut };
}

/** USD over every provider that served part of a stream; null when a part that reported usage has no price. */
export function segmentsCost(segments: readonly StreamSegment[]): number | null {
  let total = 0;
  for (const segment of segments) {
    if (!segment.usage) continue;
    const counts = usageCounts(segment.usage);
    const cost = costOf(segment.target.offering, counts.tokensIn, counts.tokensOut);
    if (cost === null) return null;
    total += cost;
  }
  return total;
}

/**
 * The attempt that served the start of a stream broke after it (and is already recorded as failed): its record
 * also says where the answer went on, so the log and the dashboard show both providers (the headers already sent
 * name only the first).
 */
export function markContinued(attempts: AttemptRecord[], from: RouteTarget, error: ProviderError, to: RouteTarget, sentChars: number, redact: (text: string) => string): void {
  for (let i = attempts.length - 1; i >= 0; i--) {
    const attempt = attempts[i]!;
    if (attempt.provider !== from.provider.id || attempt.model !== from.upstreamModel) continue;
    attempt.ok = false;
    attempt.errorClass ??= error.errorClass;
    if (attempt.status === undefined && error.status !== undefined) attempt.status = error.status;
    attempt.code = 'stream_continued';
    attempt.message = `${attempt.message ?? redact(error.message)} (after ${sentChars} characters of answer; continued on ${to.provider.id} ${to.upstreamModel})`;
    return;
  }
}
