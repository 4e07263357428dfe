/** Writing replies with the faults applied: whole messages and SSE streams. */
import type { ServerResponse } from 'node:http';
import type { Fault } from './types.js';
import type { Reply } from './errors.js';
import type { Timers } from '../openai-compatible/respond.js';
import { MALFORMED_FRAME, PING, streamErrorFrame } from './stream.js';

export function sendReply(res: ServerResponse, r: Reply, extra?: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(r.status, { ...r.headers, ...extra, 'content-length': Buffer.byteLength(r.body) });
  res.end(r.body);
}

export function sendJson(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A whole message; `malformed` sends broken JSON, `truncate` the first half of the body. */
export function sendMessage(res: ServerResponse, json: string, headers: Record<string, string>, fault: Fault | undefined): void {
  let body = json;
  if (fault?.malformed) body = '{"id":"msg_broken","type":"message","content":[oops]}';
  else if (fault?.truncate) body = body.slice(0, Math.floor(body.length / 2));
  sendJson(res, 200, body, headers);
}

/**
 * Writes the frames; without a stream fault everything goes out in one write. A "chunk" is any event but ping.
 * malformed: a non-JSON event after the first; truncate: half the events, no message_stop, clean end;
 * cutAfterChunks: destroy the socket after N events; streamError: `event: error` after N events, then a clean end;
 * chunkDelayMs: a pause between events.
 */
export async function writeStream(res: ServerResponse, frames: string[], headers: Record<string, string>, fault: Fault | undefined, timers: Timers): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
  const delay = fault?.chunkDelayMs ?? 0;
  const cut = fault?.cutAfterChunks;
  const streamError = fault?.streamError;
  if (!fault || (!fault.malformed && !fault.truncate && cut === undefined && !streamError && delay <= 0)) {
    res.end(frames.join(''));
    return;
  }
  res.flushHeaders();
  const total = frames.filter((f) => f !== PING).length;
  const truncAt = fault.truncate ? Math.max(1, Math.floor(total / 2)) : Infinity;
  let sent = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (cut !== undefined && sent >= cut) return destroyAfterFlush(res);
    if (streamError && sent >= streamError.afterChunks) {
      res.end(streamErrorFrame(streamError.message, streamError.code));
      return;
    }
    if (sent >= truncAt) {
      res.end();
      return;
    }
    if (delay > 0 && i > 0) {
      await timers.sleep(delay);
      if (res.destroyed) return;
    }
    res.write(f);
    if (f !== PING) {
      sent++;
      if (fault.malformed && sent === 1) res.write(MALFORMED_FRAME);
    }
  }
  if (cut !== undefined && sent >= cut) destroyAfterFlush(res);
  else res.end();
}

function destroyAfterFlush(res: ServerResponse): void {
  const sock = res.socket;
  if (!sock) return;
  // An empty write's callback fires once everything before it reached the kernel.
  sock.write('', () => sock.destroy());
}
