/**
 * Writing a streamed answer with faults applied. With `alt=sse` each chunk is one `data: <json>` event
 * separated by CRLF CRLF (the separator Google's front end uses (U); the official SDK splits on `\n\n`,
 * `\r\r` and `\r\n\r\n` alike); there are no event names and no `[DONE]`: the body simply ends.
 * Without `alt=sse` the chunks form one JSON array written progressively (`[{…}\r\n,{…}\r\n]`).
 */
import type { ServerResponse } from 'node:http';
import type { Fault } from './types.js';
import type { Timers } from '../openai-compatible/respond.js';
import { streamErrorObject } from './errors.js';

export const sseFrame = (chunk: unknown): string => `data: ${JSON.stringify(chunk)}\r\n\r\n`;

const MALFORMED_FRAME = 'data: {"candidates": [{"content": {"parts": [{"text": "oops"\r\n\r\n';

export function responseHeaders(sse: boolean): Record<string, string> {
  return {
    'content-type': sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
    'x-content-type-options': 'nosniff',
    vary: 'Origin, X-Origin, Referer',
    'server-timing': 'gfet4t7; dur=1',
  };
}

/** Frames for the chunks, in the requested framing. */
export function frames(chunks: unknown[], sse: boolean): string[] {
  if (sse) return chunks.map(sseFrame);
  return chunks.map((c, i) => (i === 0 ? '[' : '\r\n,') + JSON.stringify(c)).concat('\r\n]');
}

/**
 * Faults: chunkDelayMs between events; malformed (a data line that is not JSON after the first event);
 * truncate (stop after half the events, before the finishReason, and end cleanly); cutAfterChunks (destroy the
 * socket after N events); streamError (Gemini's in-stream `{"error":{…}}` event after N events, then end).
 */
export async function writeStream(res: ServerResponse, out: string[], sse: boolean, extraHeaders: Record<string, string>, fault: Fault | undefined, timers: Timers): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { ...responseHeaders(sse), ...extraHeaders });
  const delay = fault?.chunkDelayMs ?? 0;
  const cut = fault?.cutAfterChunks;
  const streamError = fault?.streamError;
  if (!fault || (!fault.malformed && !fault.truncate && cut === undefined && !streamError && delay <= 0)) {
    res.end(out.join(''));
    return;
  }
  res.flushHeaders();
  // The closing `]` of the array form is not an event.
  const events = sse ? out.length : out.length - 1;
  const truncAt = fault.truncate ? Math.max(1, Math.floor(events / 2)) : Infinity;
  for (let i = 0; i < out.length; i++) {
    const isEvent = i < events;
    if (isEvent && cut !== undefined && i >= cut) {
      destroyAfterFlush(res);
      return;
    }
    if (isEvent && streamError && i >= streamError.afterChunks) {
      const error = streamErrorObject(streamError.message ?? 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', streamError.code ?? 500);
      res.end(sse ? sseFrame(error) : `${i === 0 ? '[' : '\r\n,'}${JSON.stringify(error)}\r\n]`);
      return;
    }
    if (isEvent && i >= truncAt) {
      res.end();
      return;
    }
    if (delay > 0 && i > 0) {
      await timers.sleep(delay);
      if (res.destroyed) return;
    }
    res.write(out[i]!);
    if (fault.malformed && i === 0) res.write(sse ? MALFORMED_FRAME : '\r\n,{"candidates": [oops');
  }
  if (cut !== undefined && cut >= events) destroyAfterFlush(res);
  else res.end();
}

function destroyAfterFlush(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  // An empty write's callback fires once everything before it reached the kernel.
  socket.write('', () => socket.destroy());
}
