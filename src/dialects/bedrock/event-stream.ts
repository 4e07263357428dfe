import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** One decoded AWS event-stream message: its string headers and its payload as text. */
export interface EventStreamMessage {
  headers: Record<string, string>;
  payload: string;
}

/** Every message starts with its total length; nothing smaller than the 16-byte prelude and trailer is valid. */
const MIN_MESSAGE = 16;
/** AWS caps an event-stream message at 16 MiB; a larger length means the bytes are not an event stream. */
const MAX_MESSAGE = 16 * 1024 * 1024;

export interface EventStreamReader {
  push(bytes: Uint8Array): void;
  /** Bytes of an unfinished message still held (a stream cut mid-message leaves some). */
  pending(): number;
}

/**
 * Cuts the byte stream into whole messages and decodes each with smithy's codec, which checks both CRCs
 * and parses the typed headers. The only thing read here is the 4-byte big-endian total length that
 * starts every message, to know where it ends; the codec then validates that length too.
 */
export function createEventStreamReader(onMessage: (message: EventStreamMessage) => void, onError: (error: Error) => void): EventStreamReader {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const textDecoder = new TextDecoder();
  let buffer: Uint8Array = new Uint8Array(0);
  let failed = false;

  return {
    push(bytes) {
      if (failed || bytes.byteLength === 0) return;
      buffer = buffer.byteLength === 0 ? bytes : concat(buffer, bytes);
      let offset = 0;
      while (!failed && buffer.byteLength - offset >= 4) {
        const view = new DataView(buffer.buffer, buffer.byteOffset + offset, 4);
        const length = view.getUint32(0, false);
        if (length < MIN_MESSAGE || length > MAX_MESSAGE) {
          failed = true;
          onError(new Error(`event-stream message length ${length} is out of range`));
          return;
        }
        if (buffer.byteLength - offset < length) break;
        let message: Message;
        try {
          message = codec.decode(buffer.subarray(offset, offset + length));
        } catch (error) {
          failed = true;
          onError(error as Error);
          return;
        }
        offset += length;
        onMessage({ headers: stringHeaders(message), payload: textDecoder.decode(message.body) });
      }
      buffer = offset === 0 ? buffer : buffer.slice(offset);
    },
    pending() {
      return buffer.byteLength;
    },
  };
}

function stringHeaders(message: Message): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, header] of Object.entries(message.headers)) {
    if (header.type === 'string') out[name] = header.value;
  }
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
