/**
 * Writes a provider's stream frames with the stream faults applied. A frame is one complete SSE event
 * (`event:`/`data:` lines and the blank line); `counts` says which frames count as data events for the
 * fault thresholds (comments and terminators do not).
 */
import type { ServerResponse } from 'node:http';
import type { Fault } from '../openai-compatible/types.js';
import type { Timers } from '../openai-compatible/respond.js';

export interface StreamPlan {
  frames: string[];
  /** Frames that count toward `afterChunks`, `cutAfterChunks` and `truncate`. */
  counts(frame: string): boolean;
  /** The provider's own in-stream error event(s), written when `streamError` triggers. */
  errorFrame(message: string, code: number | undefined): string;
  /** A broken event, written after the first data event when `malformed` is set. */
  malformedFrame: string;
  headers?: Record<string, string>;
}

/** One SSE event; multi-line data is split into several `data:` lines, as the SSE format requires. */
export function sseEvent(data: string, event?: string, id?: string): string {
  let out = event ? `event: ${event}\n` : '';
  if (id) out += `id: ${id}\n`;
  for (const line of data.split('\n')) out += `data: ${line}\n`;
  return out + '\n';
}

export async function writeStream(res: ServerResponse, plan: StreamPlan, fault: Fault | undefined, timers: Timers): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...plan.headers, ...fault?.headers });
  const delay = fault?.chunkDelayMs ?? 0;
  const cut = fault?.cutAfterChunks;
  const streamError = fault?.streamError;
  // Fast path: one write for the whole stream.
  if (!fault || (!fault.malformed && !fault.truncate && cut === undefined && !streamError && delay <= 0)) {
    res.end(plan.frames.join(''));
    return;
  }
  res.flushHeaders();
  const total = plan.frames.filter((f) => plan.counts(f)).length;
  const truncateAt = fault.truncate ? Math.max(1, Math.floor(total / 2)) : Infinity;
  let sent = 0;
  for (let i = 0; i < plan.frames.length; i++) {
    const frame = plan.frames[i]!;
    if (cut !== undefined && sent >= cut) return destroyAfterFlush(res);
    if (streamError && sent >= streamError.afterChunks) {
      res.end(plan.errorFrame(streamError.message ?? 'Provider disconnected unexpectedly', streamError.code));
      return;
    }
    if (sent >= truncateAt) {
      res.end();
      return;
    }
    if (delay > 0 && i > 0) {
      await timers.sleep(delay);
      if (res.destroyed) return;
    }
    res.write(frame);
    if (plan.counts(frame)) {
      sent++;
      if (fault.malformed && sent === 1) res.write(plan.malformedFrame);
    }
  }
  if (cut !== undefined && sent >= cut) destroyAfterFlush(res);
  else res.end();
}

function destroyAfterFlush(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  // The empty write's callback runs once everything before it reached the kernel.
  socket.write('', () => socket.destroy());
}
