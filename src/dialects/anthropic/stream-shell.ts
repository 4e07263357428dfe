import type { AttemptContext, StreamTranslator } from '../types.js';
import type { SseDecoder } from '../../internal/sse.js';
import type { ProviderError } from '../../errors/provider-error.js';
import { malformed } from './errors.js';

/**
 * The outside of an Anthropic stream reader (translated or relayed): bytes go to the SSE decoder until the
 * stream failed or finished, and a body that ends before `message_stop` is a truncated stream.
 */
export function anthropicStreamShell(ctx: AttemptContext, decoder: SseDecoder, over: () => boolean, fail: (error: ProviderError) => void): StreamTranslator {
  return {
    push(bytes) {
      if (!over()) decoder.push(bytes);
    },
    end() {
      if (over()) return;
      decoder.end();
      if (over()) return;
      fail(malformed(ctx, 'ended the stream before message_stop', 'truncated_stream'));
    },
  };
}
