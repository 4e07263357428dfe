/**
 * ElevenLabs has no chat completions API. The catalog offers no ElevenLabs chat model, so the planner never
 * routes chat here; if a configuration ever does, every chat entry point refuses with a clear `unsupported`
 * error (the route then moves on) instead of sending anything.
 */
import type { AttemptContext, DecodedCompletion, StreamSink, StreamTranslator, WireRequest } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';

function noChat(ctx: AttemptContext): ProviderError {
  return new ProviderError({
    errorClass: 'unsupported',
    provider: ctx.provider.id,
    model: ctx.upstreamModel,
    code: 'chat_not_offered',
    message: 'ElevenLabs offers text to speech only (POST /v1/audio/speech); it has no chat completions.',
  });
}

export function refuseChatRequest(ctx: AttemptContext): WireRequest {
  throw noChat(ctx);
}

export function refuseChatResponse(_body: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError {
  return noChat(ctx);
}

/** Reports the refusal once, whatever arrives. */
export function refuseChatStream(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  let reported = false;
  const report = () => {
    if (reported) return;
    reported = true;
    sink.error(noChat(ctx));
  };
  return { push: report, end: report };
}
