/** An AttemptContext for calling the Anthropic dialect's functions directly, without a gateway. */
import type { AttemptContext, StreamSink } from '../../../src/dialects/types.js';
import type { ChatRequest, Usage } from '../../../src/types/chat.js';
import type { ProviderError } from '../../../src/errors/provider-error.js';
import { PROVIDERS } from '../../../src/providers/registry.js';
import { ProviderRuntime } from '../../../src/providers/runtime.js';
import { Secret } from '../../../src/internal/secret.js';
import { systemClock } from '../../../src/internal/clock.js';

const entry = PROVIDERS.find((p) => p.id === 'anthropic')!;
const runtime = new ProviderRuntime(entry, new Secret('sk-ant-test', 'test'), 'http://127.0.0.1:9');

export function contextFor(request: ChatRequest, opts: { stream?: boolean; includeUsage?: boolean } = {}): AttemptContext {
  return {
    provider: runtime, upstreamModel: 'claude-test', request, stream: opts.stream ?? false,
    includeUsage: opts.includeUsage ?? false, requestId: 'req-test', clock: systemClock,
  };
}

/** A sink that keeps everything it is given. */
export function recordingSink() {
  const got = { frames: [] as Array<{ json: Record<string, unknown>; content: boolean }>, usage: [] as Usage[], errors: [] as ProviderError[], done: 0 };
  const sink: StreamSink = {
    frame: (json, content) => got.frames.push({ json: JSON.parse(json) as Record<string, unknown>, content }),
    usage: (u) => got.usage.push(u),
    error: (e) => got.errors.push(e),
    done: () => { got.done++; },
  };
  return { sink, got };
}
