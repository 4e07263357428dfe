import type { ServerResponse } from 'node:http';

/** Answers up to this size are written in one go: the socket's buffers take them from any live client. */
const ONE_WRITE_BYTES = 1024 * 1024;
/**
 * Answers of bytes up to this size are written as latin1 text with the header block (one write instead of a writev
 * of two chunks); past it, copying the bytes into text costs more than the writev saves.
 */
const TEXT_WRITE_BYTES = 16 * 1024;
/** A larger answer goes out in slices of this size, each once the previous one has left. */
const SLICE_BYTES = 256 * 1024;

/**
 * Writes a whole answer whose headers are already written, and ends the response.
 *
 * A large answer keeps its room in the answer budget until its client has read it (chat-handler.ts), so a client
 * that stops reading must not hold that room for as long as it keeps its connection open. The answer goes out in
 * slices, and the socket's inactivity timeout (reset by every slice written and every write completed) is set to
 * `idleMs`, the same time the gateway grants an upstream between bytes: a client that takes nothing for that long
 * has its connection closed, which gives the room back. One write of the whole answer would not do: Node sees no
 * progress until all of it has left, so a slow but reading client would be cut off too. The fault is the client's
 * and is never counted against the provider, whose attempt has already succeeded.
 */
export function writeWholeAnswer(res: ServerResponse, answer: Uint8Array | string, idleMs: number): void {
  // A string of n UTF-16 units is at most 3n bytes: most answers are written without encoding them here first.
  if ((typeof answer === 'string' ? answer.length * 3 : answer.byteLength) <= ONE_WRITE_BYTES || !res.socket) {
    // Bytes as latin1 text, one character a byte: Node joins a text body to the header block and writes both with
    // one write, the same bytes; a Buffer body goes out with the header block through a corked writev of two chunks.
    if (typeof answer !== 'string' && answer.byteLength <= TEXT_WRITE_BYTES) res.end(latin1(answer), 'latin1');
    else res.end(answer);
    return;
  }
  const bytes = typeof answer === 'string' ? Buffer.from(answer) : answer;
  // Node's server sets its keep-alive timeout in place of this one once the response has finished.
  res.socket.setTimeout(idleMs);
  let offset = 0;
  const next = (): void => {
    while (offset < bytes.byteLength && !res.destroyed) {
      const end = Math.min(offset + SLICE_BYTES, bytes.byteLength);
      const slice = bytes.subarray(offset, end);
      offset = end;
      if (offset === bytes.byteLength) {
        res.end(slice);
        return;
      }
      if (!res.write(slice)) {
        res.once('drain', next);
        return;
      }
    }
  };
  next();
}

/** The answer's length in bytes, for its content-length (a string is sent as UTF-8). */
export function answerByteLength(answer: Uint8Array | string): number {
  return typeof answer === 'string' ? Buffer.byteLength(answer) : answer.byteLength;
}

/** Bytes as a string of one latin1 character each (any byte value, valid UTF-8 or not, is kept as it is). */
function latin1(bytes: Uint8Array): string {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('latin1');
}
