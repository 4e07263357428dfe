import type { SpeechAttemptContext, SpeechCodec, Transport } from '../dialects/types.js';
import { ProviderError } from '../errors/provider-error.js';
import { upstreamFailure } from './upstream-failure.js';
import { readCapped, MAX_ERROR_BODY } from './run-completion.js';
import type { AttemptSignal } from './attempt-signal.js';

export interface SpeechAudio {
  contentType: string;
  /** The audio bytes as the provider streams them; ends the attempt when the iteration ends. */
  audio: AsyncIterable<Uint8Array>;
}

/** One text-to-speech attempt. It commits when the provider answers 2xx: the audio then streams through untouched. */
export async function runSpeechAttempt(codec: SpeechCodec, ctx: SpeechAttemptContext, transport: Transport, attempt: AttemptSignal): Promise<SpeechAudio> {
  const wire = await codec.buildSpeechRequest(ctx);
  if (ProviderError.is(wire)) throw wire;
  let response;
  try {
    response = await transport.send(wire, attempt.signal);
  } catch (error) {
    throw upstreamFailure(error, ctx.provider.id, ctx.provider.entry.name, ctx.upstreamModel, attempt.reason);
  }
  if (response.status < 200 || response.status >= 300) {
    let text: string;
    try {
      text = await readCapped(response.body, MAX_ERROR_BODY);
    } catch (error) {
      throw upstreamFailure(error, ctx.provider.id, ctx.provider.entry.name, ctx.upstreamModel, attempt.reason);
    }
    throw codec.classifyError(response.status, response.headers, text, ctx);
  }
  // Committed: a long recording may outlive the attempt timeout; the idle timeout still guards it.
  attempt.disarm();
  const header = response.headers['content-type'];
  const body = response.body;
  return {
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
