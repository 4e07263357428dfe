/** What dialect unit tests share: a fake attempt context and a stream collector that drives a translator. */
import type { AttemptContext, Dialect } from '../../src/dialects/types.js';
import type { ChatRequest, Usage } from '../../src/types/chat.js';
import type { ProviderError } from '../../src/errors/provider-error.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import { ProviderRuntime } from '../../src/providers/runtime.js';
import { Secret } from '../../src/internal/secret.js';
import { systemClock } from '../../src/internal/clock.js';

export interface FakeContextOptions {
  stream?: boolean;
  includeUsage?: boolean;
}

/** An attempt context for `providerId` with a test key, a dead base URL and a one-message request. */
export function fakeAttemptContext(providerId: string, model: string, key: Secret, request: Partial<ChatRequest> = {}, opts: FakeContextOptions = {}): AttemptContext {
  const entry = PROVIDERS.find((p) => p.id === providerId)!;
  return {
    provider: new ProviderRuntime(entry, key, 'http://127.0.0.1:9'),
    upstreamModel: model,
    request: { model: `${providerId}/${model}`, messages: [{ role: 'user', content: 'hi' }], ...request } as ChatRequest,
    stream: opts.stream ?? false,
    includeUsage: opts.includeUsage ?? false,
    requestId: 'req-test',
    clock: systemClock,
  };
}

export interface Collected {
  chunks: any[];
  /** The `content` flag the translator gave each chunk, in order. */
  flags: boolean[];
  usage: Usage | undefined;
  error: ProviderError | undefined;
  done: boolean;
  text: string;
  reasoning: string;
  finish: string | null;
  calls: Array<{ index: number; id?: string; name?: string; args: string }>;
}

/** Runs wire bytes through a dialect's stream translator, `pieceSize` bytes at a time (1 = the worst split). */
export function collectStream(dialect: Dialect, wire: Uint8Array, ctx: AttemptContext, pieceSize = 0): Collected {
  const out: Collected = { chunks: [], flags: [], usage: undefined, error: undefined, done: false, text: '', reasoning: '', finish: null, calls: [] };
  const translator = dialect.chat!.createStreamTranslator(ctx, {
    frame: (json, content) => {
      out.chunks.push(JSON.parse(json));
      out.flags.push(content);
    },
    usage: (u) => { out.usage = u; },
    error: (e) => { out.error = e; },
    done: () => { out.done = true; },
  });
  const step = pieceSize > 0 ? pieceSize : wire.length || 1;
  for (let i = 0; i < wire.length; i += step) translator.push(wire.subarray(i, i + step));
  translator.end();
  for (const chunk of out.chunks) {
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const d = choice.delta ?? {};
    if (typeof d.content === 'string') out.text += d.content;
    if (typeof d.reasoning_content === 'string') out.reasoning += d.reasoning_content;
    if (choice.finish_reason) out.finish = choice.finish_reason;
    for (const tc of d.tool_calls ?? []) {
      let call = out.calls.find((c) => c.index === tc.index);
      if (!call) out.calls.push((call = { index: tc.index, args: '' }));
      if (tc.id) call.id = tc.id;
      if (tc.function?.name) call.name = tc.function.name;
      if (tc.function?.arguments) call.args += tc.function.arguments;
    }
  }
  return out;
}
