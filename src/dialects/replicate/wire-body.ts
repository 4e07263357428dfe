import type { WireResponse } from '../types.js';

/** A response body made by the dialect (a finished prediction, or a stream with an event appended). */
export function responseBody(source: AsyncIterable<Uint8Array>): WireResponse['body'] {
  const collect = async (): Promise<Buffer> => {
    const parts: Uint8Array[] = [];
    for await (const chunk of source) parts.push(chunk);
    return Buffer.concat(parts);
  };
  return {
    [Symbol.asyncIterator]: () => source[Symbol.asyncIterator](),
    text: async () => (await collect()).toString('utf8'),
    arrayBuffer: async () => {
      const bytes = await collect();
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}

/** One SSE event; data with line breaks takes one `data:` line per line, as SSE requires. */
export function sseEvent(data: string, event: string): string {
  return `event: ${event}\n${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
}
