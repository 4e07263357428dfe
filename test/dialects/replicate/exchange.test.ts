/**
 * Replicate's exchange in isolation: polling on the injected clock, canceling an abandoned prediction,
 * and how chat messages become a prompt.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptContext } from '../../../src/dialects/types.js';
import type { ChatRequest } from '../../../src/types/chat.js';
import type { Clock } from '../../../src/internal/clock.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import { PROVIDERS } from '../../../src/providers/registry.js';
import { ProviderRuntime } from '../../../src/providers/runtime.js';
import { Secret } from '../../../src/internal/secret.js';
import { HttpTransport } from '../../../src/engine/transport.js';
import { replicateDialect } from '../../../src/dialects/replicate/index.js';
import { POLL_DELAYS_MS } from '../../../src/dialects/replicate/exchange.js';
import { buildPrompt, LLAMA3_TURNS_TEMPLATE } from '../../../src/dialects/replicate/prompt.js';
import { startReplicateSimulator, type ReplicateSimulator } from '../../../simulators/replicate/index.js';

let sim: ReplicateSimulator;
let transport: HttpTransport;
before(async () => {
  sim = await startReplicateSimulator();
  transport = new HttpTransport({ timeouts: { connectMs: 2000, firstByteMs: 5000, idleMs: 5000 } });
});
after(async () => {
  await transport.close();
  await sim.close();
});

/** A clock whose timers fire at once (or never, from the given call on) and remember what they were asked. */
function fakeClock(neverFrom = Infinity): Clock & { asked: number[] } {
  const asked: number[] = [];
  const live = new Set<unknown>();
  return {
    asked,
    now: () => Date.now(),
    setTimeout: (fn, ms) => {
      asked.push(ms);
      if (asked.length > neverFrom) return {};
      const handle = setImmediate(() => {
        live.delete(handle);
        fn();
      });
      live.add(handle);
      return handle;
    },
    // Only real immediates are cleared: clearImmediate on a foreign object corrupts Node's immediate queue.
    clearTimeout: (h) => {
      if (live.delete(h)) clearImmediate(h as NodeJS.Immediate);
    },
  };
}

const ctx = (clock: Clock, request: Partial<ChatRequest> = {}, model = 'meta/meta-llama-3-70b-instruct'): AttemptContext => ({
  provider: new ProviderRuntime(PROVIDERS.find((p) => p.id === 'replicate')!, new Secret('r8_good', 'REPLICATE_API_TOKEN'), sim.baseUrl),
  upstreamModel: model,
  request: { model: `replicate/${model}`, messages: [{ role: 'user', content: 'hi there' }], ...request },
  stream: false, includeUsage: false, requestId: 'req1', clock,
});

describe('replicate exchange', () => {
  it('polls an unfinished prediction with the delays taken from ctx.clock', async () => {
    sim.reset();
    sim.enqueue('replicate', { pendingReads: 4 });
    const clock = fakeClock();
    const c = ctx(clock);
    const response = await replicateDialect.chat!.exchange!(c, transport, new AbortController().signal);
    assert.equal(response.status, 200);
    assert.deepEqual(clock.asked, [...POLL_DELAYS_MS, POLL_DELAYS_MS.at(-1)]);
    const decoded = replicateDialect.chat!.decodeChatResponse(new Uint8Array(await response.body.arrayBuffer()), c);
    assert.ok(!ProviderError.is(decoded));
    assert.equal(decoded.completion.choices[0]!.message.content, 'Hello from replicate (meta/meta-llama-3-70b-instruct): hi there');
    assert.equal(sim.requests().filter((r) => r.method === 'GET').length, 5);
  });

  it('reads again after a passing failure of a poll instead of failing the attempt', async () => {
    sim.reset();
    sim.enqueue('replicate', { pendingReads: 1, failReads: 2 });
    const response = await replicateDialect.chat!.exchange!(ctx(fakeClock()), transport, new AbortController().signal);
    assert.equal(response.status, 200);
    assert.equal(sim.requests().filter((r) => r.method === 'POST').length, 1, 'no second prediction');
    assert.equal(sim.requests().filter((r) => r.method === 'GET').length, 4);
  });

  it('cancels the prediction when the attempt is abandoned while polling', async () => {
    sim.reset();
    sim.enqueue('replicate', { pendingReads: 50 });
    const controller = new AbortController();
    const clock = fakeClock(2);
    const pending = replicateDialect.chat!.exchange!(ctx(clock), transport, controller.signal);
    while (clock.asked.length < 3) await new Promise((r) => setTimeout(r, 2));
    controller.abort(new Error('attempt_timeout'));
    await assert.rejects(pending, /attempt_timeout/);
    for (let i = 0; i < 100 && !sim.requests().some((r) => r.path.endsWith('/cancel')); i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(sim.requests().some((r) => r.method === 'POST' && r.path.endsWith('/cancel')), 'cancel sent');
  });

  it('runs a pinned version through POST /predictions', async () => {
    sim.reset();
    const version = 'b'.repeat(64);
    const response = await replicateDialect.chat!.exchange!(ctx(fakeClock(), {}, `meta/meta-llama-3-70b-instruct:${version}`), transport, new AbortController().signal);
    assert.equal(response.status, 200);
    assert.equal(sim.requests()[0]!.path, '/v1/predictions');
    assert.equal((sim.requests()[0]!.body as { version: string }).version, version);
  });

  it('refuses a model id that is not owner/name', () => {
    assert.throws(() => replicateDialect.chat!.buildChatRequest(ctx(fakeClock(), {}, 'llama3')), (e: unknown) => ProviderError.is(e) && e.errorClass === 'model_unavailable');
  });

  it('hands back a non-2xx answer for the engine to classify', async () => {
    sim.enqueue('replicate', { status: 429 });
    const c = ctx(fakeClock());
    const response = await replicateDialect.chat!.exchange!(c, transport, new AbortController().signal);
    assert.equal(response.status, 429);
    const error = replicateDialect.chat!.classifyError(response.status, response.headers, await response.body.text(), c);
    assert.equal(error.errorClass, 'rate_limited');
    assert.equal(error.retryAfterMs, 1000);
    assert.equal(error.code, 'Request was throttled.');
  });
});

describe('replicate prompt building', () => {
  it('sends a single user turn as the plain prompt and system/developer text as system_prompt', () => {
    assert.deepEqual(buildPrompt([{ role: 'developer', content: 'A' }, { role: 'system', content: 'B' }, { role: 'user', content: [{ type: 'text', text: 'Q' }] }], 'meta/meta-llama-3-8b-instruct'), {
      prompt: 'Q', system_prompt: 'A\n\nB',
    });
  });

  it('renders tool calls and tool results into a Llama 3 conversation (ipython role for results)', () => {
    const out = buildPrompt([
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    ], 'meta/meta-llama-3.1-405b-instruct');
    assert.equal(out.prompt_template, LLAMA3_TURNS_TEMPLATE);
    assert.ok(out.prompt.includes('<|start_header_id|>assistant<|end_header_id|>\n\n{"name":"get_weather","parameters":{"city":"Paris"}}<|eot_id|>'));
    assert.ok(out.prompt.includes('<|start_header_id|>ipython<|end_header_id|>\n\nsunny<|eot_id|>'));
    assert.ok(out.prompt.endsWith('<|start_header_id|>assistant<|end_header_id|>\n\n'));
  });

  it('uses a plain transcript for models without the Llama 3 template', () => {
    const out = buildPrompt([{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }], 'mistralai/mistral-7b-instruct-v0.2');
    assert.deepEqual(out, { prompt: 'User: a\n\nAssistant: b\n\nUser: c\n\nAssistant:' });
  });
});
