/**
 * The cross-dialect fallback: `cohere/command-a` with no Cohere key and OpenRouter failing is served by Anthropic
 * (cohere's map fallback; Anthropic has no Command A, so the catalog's same-class substitute), as a stream the
 * official `openai` client reads cleanly: Anthropic's events translated into OpenAI chunks, usage included.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { RunningGateway } from '../../../src/gateway.js';
import { gatewayFor, startSims, within, type Fault, type Sims } from './rig.js';

const SUBSTITUTE = 'claude-sonnet-4-5-20250929';
const USER = 'What is the weather in Paris today';
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

let sims: Sims;
let gw: RunningGateway;
let client: OpenAI;

before(async () => {
  sims = await startSims();
  // No Cohere key: only OpenRouter (cohere's primary) and Anthropic (its fallback).
  ({ gw, client } = await gatewayFor(sims, ['openrouter', 'anthropic'], {
    // A short first-byte timeout for the hang case; the rest is generous so load never cuts a good stream.
    timeouts: { firstByteMs: 300, idleMs: 2_000, attemptMs: 3_000, deadlineMs: 8_000 },
    retries: { maxRetries: 0 },
  }));
});
after(async () => {
  await gw.close();
  await sims.close();
});
beforeEach(() => {
  sims.reset();
  for (const id of ['openrouter', 'anthropic', 'cohere']) gw.engine.health.reset(id);
});

const OPENROUTER_FAILURES: Array<[string, Fault]> = [
  ['OpenRouter answers 500', { status: 500 }],
  ['OpenRouter opens a stream and reports an error before any content', { streamError: { afterChunks: 0, message: 'upstream overloaded', code: 502 } }],
  ['OpenRouter times out', { hang: true }],
];

for (const [name, fault] of OPENROUTER_FAILURES) {
  test(`cohere/command-a, no Cohere key, ${name}: Anthropic streams the answer at level 3, read cleanly by the openai client`, async () => {
    sims.get('openrouter').setDefault(fault);
    const { data: stream, response } = await client.chat.completions.create({
      model: 'cohere/command-a',
      messages: [{ role: 'user', content: USER }],
      stream: true,
      stream_options: { include_usage: true },
    }).withResponse();

    assert.equal(response.headers.get('x-wai-provider'), 'anthropic');
    assert.equal(response.headers.get('x-wai-level'), '3');
    assert.equal(response.headers.get('x-wai-model'), SUBSTITUTE);
    assert.equal(response.headers.get('x-wai-attempts'), '2', 'OpenRouter once (no retries set), then Anthropic');
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);

    const chunks: OpenAI.ChatCompletionChunk[] = [];
    await within(10_000, 'reading the stream', (async () => { for await (const chunk of stream) chunks.push(chunk); })());

    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    assert.equal(text, `Hello from anthropic (${SUBSTITUTE}): ${USER}`, 'the deltas join into the whole answer, nothing doubled or lost');
    for (const c of chunks) {
      assert.equal(c.object, 'chat.completion.chunk');
      assert.equal(c.id, chunks[0]!.id, 'one id for the whole stream');
    }
    const roles = chunks.flatMap((c) => c.choices.map((ch) => ch.delta?.role).filter(Boolean));
    assert.deepEqual(roles, ['assistant'], 'the role comes once, first');
    const finishes = chunks.flatMap((c) => c.choices.map((ch) => ch.finish_reason).filter(Boolean));
    assert.deepEqual(finishes, ['stop']);

    const last = chunks.at(-1)!;
    assert.deepEqual(last.choices, [], 'include_usage: the last chunk carries usage and no choices');
    assert.ok(last.usage, 'usage chunk present');
    assert.equal(last.usage.completion_tokens, words(text));
    assert.equal(last.usage.prompt_tokens, words(USER));
    assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + last.usage.completion_tokens);
    assert.equal(chunks.filter((c) => c.usage).length, 1, 'usage once');

    assert.equal(sims.get('cohere').count(), 0, 'no key: Cohere is never called');
    assert.equal(sims.get('openrouter').count(), 1);
    assert.equal(sims.get('anthropic').count(), 1);
  });
}

test('cohere/command-a without stream: the same path gives a whole OpenAI completion', async () => {
  sims.get('openrouter').setDefault({ status: 502 });
  const { data, response } = await client.chat.completions.create({ model: 'cohere/command-a', messages: [{ role: 'user', content: USER }] }).withResponse();
  assert.equal(response.headers.get('x-wai-provider'), 'anthropic');
  assert.equal(response.headers.get('x-wai-level'), '3');
  assert.equal(data.object, 'chat.completion');
  assert.equal(data.choices[0]!.message.content, `Hello from anthropic (${SUBSTITUTE}): ${USER}`);
  assert.equal(data.choices[0]!.finish_reason, 'stop');
});
