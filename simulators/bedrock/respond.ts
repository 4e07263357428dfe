/** Writing Bedrock replies: errors, whole Converse bodies and event streams, with faults applied. */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Fault } from '../openai-compatible/types.js';
import type { Timers } from '../openai-compatible/respond.js';
import type { Reply } from './errors.js';
import { exceptionFrame, malformedFrame } from './frames.js';
import { streamExceptionType } from './errors.js';

export function sendReply(res: ServerResponse, reply: Reply, extra?: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, ...extra, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

/** A whole Converse answer; `malformed` and `truncate` break it the way a cut connection would. */
export function sendConverse(res: ServerResponse, body: string, fault: Fault | undefined): void {
  let text = body;
  if (fault?.malformed) text = '{"output": {"message": {"content": [oops]}}';
  else if (fault?.truncate) text = body.slice(0, Math.floor(body.length / 2));
  sendReply(res, { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }, body: text }, fault?.headers);
}

/**
 * Writes the frames of a ConverseStream. Without a stream fault everything goes out in one write.
 * Faults: chunkDelayMs between frames; malformed (a non-JSON event after the first frame); truncate (half the
 * frames, then a clean end); cutAfterChunks (socket destroyed after N frames); streamError (an exception frame
 * after N frames, then a clean end, as Bedrock does).
 */
export async function writeEventStream(res: ServerResponse, frames: Uint8Array[], fault: Fault | undefined, timers: Timers): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': randomUUID(),
    ...fault?.headers,
  });
  const delay = fault?.chunkDelayMs ?? 0;
  const cut = fault?.cutAfterChunks;
  const se = fault?.streamError;
  if (!fault || (!fault.malformed && !fault.truncate && cut === undefined && !se && delay <= 0)) {
    res.end(Buffer.concat(frames));
    return;
  }
  res.flushHeaders();
  const truncAt = fault.truncate ? Math.max(1, Math.floor(frames.length / 2)) : Infinity;
  for (let i = 0; i < frames.length; i++) {
    if (cut !== undefined && i >= cut) return destroyAfterFlush(res);
    if (se && i >= se.afterChunks) {
      res.end(exceptionFrame(streamExceptionType(se.code), se.message ?? 'The model stream was interrupted. Try your request again.'));
      return;
    }
    if (i >= truncAt) {
      res.end();
      return;
    }
    if (delay > 0 && i > 0) {
      await timers.sleep(delay);
      if (res.destroyed) return;
    }
    res.write(frames[i]!);
    if (fault.malformed && i === 0) res.write(malformedFrame());
  }
  if (cut !== undefined && frames.length >= cut) destroyAfterFlush(res);
  else res.end();
}

function destroyAfterFlush(res: ServerResponse): void {
  const sock = res.socket;
  if (!sock) return;
  // An empty write's callback fires once everything before it reached the kernel.
  sock.write('', () => sock.destroy());
}
