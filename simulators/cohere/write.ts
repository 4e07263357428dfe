/** Writing Cohere replies: JSON bodies and SSE streams, with the shared faults applied. */
import type { ServerResponse } from 'node:http';
import type { Timers } from '../openai-compatible/respond.js';
import type { CohereFault } from './types.js';
import { MALFORMED_FRAME, frameEvent, streamErrorEvent } from './reply.js';

/** Headers on every Cohere answer (seen on real responses; the trial-key counters are static here). */
export function cohereHeaders(traceId: string): Record<string, string> {
  return {
    'x-debug-trace-id': traceId,
    'x-endpoint-monthly-call-limit': '1000',
    'x-trial-endpoint-call-limit': '40',
    'x-trial-endpoint-call-remaining': '39',
    'x-envoy-upstream-service-time': '1',
  };
}

export function sendJson(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** A whole answer; `malformed` sends text that is not JSON, `truncate` the first half of the JSON. */
export function sendBody(res: ServerResponse, body: unknown, headers: Record<string, string>, fault: CohereFault | undefined): void {
  let text: string;
  if (fault?.malformed) text = '{"id": "5e1a7c00-broken", "message": {"role": "assistant", "content": [oops]}}';
  else {
    text = JSON.stringify(body);
    if (fault?.truncate) text = text.slice(0, Math.floor(text.length / 2));
  }
  sendJson(res, 200, text, headers);
}

/**
 * Streams the events. Without a stream-affecting fault everything goes out in one write. Faults:
 * chunkDelayMs between events; malformed (a non-JSON data line after the first event); truncate (half the
 * events, then a clean end without message-end); cutAfterChunks (socket destroyed after N events);
 * streamError (Cohere's failed message-end after N events, then a clean end).
 */
export async function writeStream(res: ServerResponse, events: readonly unknown[], headers: Record<string, string>, fault: CohereFault | undefined, timers: Timers): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  const delay = fault?.chunkDelayMs ?? 0;
  const cut = fault?.cutAfterChunks;
  const se = fault?.streamError;
  if (!fault || (!fault.malformed && !fault.truncate && cut === undefined && !se && delay <= 0)) {
    res.end(events.map(frameEvent).join(''));
    return;
  }
  res.flushHeaders();
  const truncAt = fault.truncate ? Math.max(1, Math.floor(events.length / 2)) : Infinity;
  for (let sent = 0; sent < events.length; sent++) {
    if (cut !== undefined && sent >= cut) return destroyAfterFlush(res);
    if (se && sent >= se.afterChunks) {
      res.end(frameEvent(streamErrorEvent(se.message ?? 'internal server error')));
      return;
    }
    if (sent >= truncAt) {
      res.end();
      return;
    }
    if (delay > 0 && sent > 0) {
      await timers.sleep(delay);
      if (res.destroyed) return;
    }
    res.write(frameEvent(events[sent]));
    if (fault.malformed && sent === 0) res.write(MALFORMED_FRAME);
  }
  if (cut !== undefined && events.length >= cut) destroyAfterFlush(res);
  else res.end();
}

function destroyAfterFlush(res: ServerResponse): void {
  const sock = res.socket;
  if (!sock) return;
  // An empty write's callback fires once everything before it reached the kernel.
  sock.write('', () => sock.destroy());
}
