/** Writing replies: plain JSON, non-streamed completions and SSE streams, with faults applied. */
import type { ServerResponse } from 'node:http';
import type { Reply } from './errors.js';
import type { Fault } from './types.js';
import { completionBody, type ReplyCtx } from './completion.js';
import { DONE, MALFORMED_FRAME, streamErrorFrame } from './stream.js';

/** Timers that close() can cancel. */
export class Timers {
  private readonly pending = new Set<{ t: NodeJS.Timeout; resolve: () => void }>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        t: setTimeout(() => {
          this.pending.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.pending.add(entry);
    });
  }

  clear(): void {
    for (const e of this.pending) {
      clearTimeout(e.t);
      e.resolve();
    }
    this.pending.clear();
  }
}

export function sendReply(res: ServerResponse, r: Reply, extra?: Record<string, string>): void {
  if (res.destroyed) return;
  const headers = extra ? { ...r.headers, ...extra } : r.headers;
  res.writeHead(r.status, { ...headers, 'content-length': Buffer.byteLength(r.body) });
  res.end(r.body);
}

export function sendJson(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Non-streamed completion; DeepSeek sends blank lines before the JSON (its keep-alive while queued). */
export function sendCompletion(res: ServerResponse, ctx: ReplyCtx, headers: Record<string, string>, fault: Fault | undefined): void {
  let body: string;
  if (fault?.malformed) body = `{"id": "${ctx.id}", "object": "chat.completion", "choices": [oops]}`;
  else {
    body = JSON.stringify(completionBody(ctx));
    if (fault?.truncate) body = body.slice(0, Math.floor(body.length / 2));
  }
  if (ctx.spec.id === 'deepseek') body = '\n\n' + body;
  sendJson(res, 200, body, headers);
}

const isData = (f: string) => f.charCodeAt(0) === 100 /* 'd' */ && f !== DONE;

/**
 * Writes the frames. Without a stream-affecting fault everything goes out in one write.
 * Faults: chunkDelayMs between events; malformed (a non-JSON data line after the first event);
 * truncate (stop after half the events, no [DONE], clean end); cutAfterChunks (destroy the socket
 * after N data events); streamError (an error event after N data events, then a clean end).
 */
export async function writeStream(res: ServerResponse, ctx: ReplyCtx, frames: string[], headers: Record<string, string>, fault: Fault | undefined, timers: Timers): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  const delay = fault?.chunkDelayMs ?? 0;
  const cut = fault?.cutAfterChunks;
  const se = fault?.streamError;
  if (!fault || (!fault.malformed && !fault.truncate && cut === undefined && !se && delay <= 0)) {
    res.end(frames.length === 1 ? frames[0] : frames.join(''));
    return;
  }
  res.flushHeaders();
  const totalData = frames.filter(isData).length;
  const truncAt = fault.truncate ? Math.max(1, Math.floor(totalData / 2)) : Infinity;
  let sent = 0;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    if (cut !== undefined && sent >= cut) {
      destroyAfterFlush(res);
      return;
    }
    if (se && sent >= se.afterChunks && (isData(frame) || frame === DONE)) {
      res.end(streamErrorFrame(ctx, se.message ?? 'Provider disconnected unexpectedly', se.code));
      return;
    }
    if (sent >= truncAt && (isData(frame) || frame === DONE)) {
      res.end();
      return;
    }
    if (delay > 0 && i > 0) {
      await timers.sleep(delay);
      if (res.destroyed) return;
    }
    res.write(frame);
    if (isData(frame)) {
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
