import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ByteCollector } from './byte-collector.js';

/** Largest single SSE event accepted from an upstream; a larger one is a broken stream, not a memory leak. */
export const MAX_SSE_EVENT_BYTES = 4 * 1024 * 1024;

/** Bytes without a line break gathered before they go to the parser anyway (a long line in pieces this large). */
const COALESCE_BYTES = 64 * 1024;

export interface SseDecoder {
  push(bytes: Uint8Array): void;
  /** Flushes a final event that had no trailing blank line. */
  end(): void;
}

const LF = 10;
const CR = 13;

/**
 * Server-sent events from raw bytes: UTF-8 characters split across chunks, CRLF, comments and the event-size cap
 * are handled by TextDecoder and eventsource-parser.
 *
 * The parser keeps each piece of an unfinished line as a string of its own, so a line sent in 2-byte chunks held
 * about 16 times its size in heap (3.5 MiB: 57 MiB) before its cap was reached. Chunks with no line break are
 * gathered as bytes first (ByteCollector) and reach the parser once a line break comes or COALESCE_BYTES are
 * gathered: the pieces it keeps are then few and large. Ordinary chunks carry line breaks and go through as before.
 */
export function createSseDecoder(onEvent: (event: EventSourceMessage) => void, onError: (error: Error) => void): SseDecoder {
  const text = new TextDecoder();
  const parser = createParser({ onEvent, onError, maxBufferSize: MAX_SSE_EVENT_BYTES });
  let pending: ByteCollector | undefined;
  const flush = () => {
    const bytes = pending!.bytes();
    pending = undefined;
    parser.feed(text.decode(bytes, { stream: true }));
  };
  return {
    push(bytes) {
      const breaks = bytes.indexOf(LF) !== -1 || bytes.indexOf(CR) !== -1;
      if (!pending) {
        if (breaks) return void parser.feed(text.decode(bytes, { stream: true }));
        pending = new ByteCollector();
      }
      pending.push(bytes);
      if (breaks || pending.size >= COALESCE_BYTES) flush();
    },
    end() {
      if (pending) flush();
      // A last event without its closing blank line still counts: feed the terminator ourselves.
      parser.feed(`${text.decode()}\n\n`);
      parser.reset();
    },
  };
}
