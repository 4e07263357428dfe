import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** Largest single SSE event accepted from an upstream; a larger one is a broken stream, not a memory leak. */
export const MAX_SSE_EVENT_BYTES = 4 * 1024 * 1024;

export interface SseDecoder {
  push(bytes: Uint8Array): void;
  /** Flushes a final event that had no trailing blank line. */
  end(): void;
}

/**
 * Server-sent events from raw bytes: UTF-8 characters split across chunks, CRLF, comments and the event-size cap
 * are handled by TextDecoder and eventsource-parser.
 */
export function createSseDecoder(onEvent: (event: EventSourceMessage) => void, onError: (error: Error) => void): SseDecoder {
  const text = new TextDecoder();
  const parser = createParser({ onEvent, onError, maxBufferSize: MAX_SSE_EVENT_BYTES });
  return {
    push(bytes) {
      parser.feed(text.decode(bytes, { stream: true }));
    },
    end() {
      // A last event without its closing blank line still counts: feed the terminator ourselves.
      parser.feed(`${text.decode()}\n\n`);
      parser.reset();
    },
  };
}
