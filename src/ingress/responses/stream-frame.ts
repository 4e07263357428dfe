import type { ResponseStreamEvent } from '../../types/responses.js';

/**
 * Responses events travel through the engine's committed streams as one text each: the event name, a newline,
 * then the JSON data (which, being one line of JSON, holds no raw newline). These two functions are the only
 * place that knows the layout.
 */
export function encodeEvent(name: string, data: string): string {
  return `${name}\n${data}`;
}

export function decodeEvent(frame: string): ResponseStreamEvent {
  const cut = frame.indexOf('\n');
  return { event: frame.slice(0, cut), data: frame.slice(cut + 1) };
}

/** An event as server-sent-events text. */
export function sseText(event: ResponseStreamEvent): string {
  return `event: ${event.event}\ndata: ${event.data}\n\n`;
}
