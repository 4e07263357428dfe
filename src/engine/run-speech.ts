import type { SpeechAttemptContext, SpeechCodec, Transport } from '../dialects/types.js';
import { ProviderError } from '../errors/provider-error.js';
import { readCapped, sendOk, MAX_ERROR_BODY } from './run-completion.js';
import type { AttemptSignal } from './attempt-signal.js';
import { rateLimitHeaders } from './rate-limit-headers.js';

export interface SpeechAudio {
  contentType: string;
  /** The audio bytes as the provider streams them; ends the attempt when the iteration ends. */
  audio: AsyncIterable<Uint8Array>;
  /** The provider's rate-limit headers, for the caller. */
  rateLimits?: Record<string, string> | undefined;
}

/** One text-to-speech attempt. It commits when the provider answers 2xx: the audio then streams through untouched. */
export async function runSpeechAttempt(codec: SpeechCodec, ctx: SpeechAttemptContext, transport: Transport, attempt: AttemptSignal): Promise<SpeechAudio> {
  const wire = await codec.buildSpeechRequest(ctx);
  if (ProviderError.is(wire)) throw wire;
  const response = await sendOk(() => transport.send(wire, attempt.signal), ctx, attempt, (status, headers, text) => codec.classifyError(status, headers, text, ctx));
  const header = response.headers['content-type'];
  const type = (Array.isArray(header) ? header[0] : header) ?? '';
  // A 2xx page or JSON body (a proxy's, a captive portal's) is not audio: never hand it to the caller as sound.
  const wantsEvents = ctx.request.stream_format === 'sse';
  if (/^text\/(?!event-stream)|^application\/json/i.test(type) || (!wantsEvents && /^text\/event-stream/i.test(type))) {
    await readCapped(response.body, MAX_ERROR_BODY).catch(() => '');
    throw new ProviderError({
      errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'malformed_response',
      message: `${ctx.provider.entry.name} answered ${response.status} with ${type || 'no content type'} instead of audio`,
    });
  }
  // Committed: a long recording may outlive the attempt timeout; the idle timeout still guards it.
  attempt.disarm();
  const body = response.body;
  return {
    rateLimits: rateLimitHeaders(response.headers),
    contentType: (Array.isArray(header) ? header[0] : header) ?? codec.contentType(ctx),
    audio: (async function* audio() {
      try {
        for await (const bytes of body) yield bytes;
      } finally {
        attempt.release();
      }
    })(),
  };
}
