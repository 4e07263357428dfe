/**
 * Streams audio bytes the way the TTS endpoints do: a 200 with the audio content type and a chunked body,
 * written in several pieces. Shared by the ElevenLabs and OpenAI speech simulators, with the shared faults:
 * - chunkDelayMs: a pause between pieces;
 * - truncate: half the pieces, then a clean end (raw audio has no terminator, so nothing can tell);
 * - cutAfterChunks / streamError.afterChunks: the socket is destroyed after N pieces. A plain HTTP audio stream
 *   has no in-band error event (ElevenLabs reports one only on its WebSocket API), so a failure mid-stream
 *   looks like this on the wire;
 * - malformed: a 200 whose body is not audio (an HTML page, as a misbehaving proxy would send).
 */
import type { ServerResponse } from 'node:http';
import type { Fault } from '../openai-compatible/types.js';
import type { Timers } from '../openai-compatible/respond.js';

/** At least three pieces, at most 4 KiB each. */
export function splitAudio(audio: Buffer): Buffer[] {
  const size = Math.max(1, Math.min(4096, Math.ceil(audio.length / 3)));
  const pieces: Buffer[] = [];
  for (let at = 0; at < audio.length; at += size) pieces.push(audio.subarray(at, at + size));
  return pieces;
}

export async function writeAudio(res: ServerResponse, audio: Buffer, contentType: string, headers: Record<string, string>, fault: Fault | undefined, timers: Timers): Promise<void> {
  if (res.destroyed) return;
  if (fault?.malformed) {
    const page = '<html><head><title>502 Bad Gateway</title></head><body>upstream audio unavailable</body></html>';
    res.writeHead(200, { ...headers, 'content-type': 'text/html' });
    res.end(page);
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': contentType });
  const pieces = splitAudio(audio);
  const delay = fault?.chunkDelayMs ?? 0;
  const cut = fault?.cutAfterChunks ?? fault?.streamError?.afterChunks;
  const stopAt = fault?.truncate ? Math.max(1, Math.floor(pieces.length / 2)) : pieces.length;
  for (let sent = 0; sent < stopAt; sent++) {
    if (cut !== undefined && sent >= cut) return destroyAfterFlush(res);
    if (delay > 0 && sent > 0) {
      await timers.sleep(delay);
      if (res.destroyed) return;
    }
    res.write(pieces[sent]);
  }
  if (cut !== undefined && stopAt >= cut) return destroyAfterFlush(res);
  res.end();
}

function destroyAfterFlush(res: ServerResponse): void {
  const sock = res.socket;
  if (!sock) return;
  // An empty write's callback fires once everything before it reached the kernel.
  sock.write('', () => sock.destroy());
}
