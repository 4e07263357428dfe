/** The pieces of stream continuation that need no network: prefill rules, the request, the chunk rewriting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claudeAcceptsPrefill, continuationMode, continuationRequest, CONTINUE_INSTRUCTION } from '../../../src/engine/continuation-request.js';
import { ContinuationChunks } from '../../../src/engine/continuation-chunks.js';
import { PartialAnswerRecorder } from '../../../src/engine/partial-answer.js';
import type { ChatRequest } from '../../../src/types/chat.js';

const REQUEST: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true };

test('Claude models before 4.6 take a prefill; 4.6 and later (which answer it with a 400) get the instruction', () => {
  for (const model of ['claude-3-5-sonnet-20241022', 'claude-3-haiku-20240307', 'claude-sonnet-4-20250514', 'claude-opus-4-1-20250805', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5']) {
    assert.equal(claudeAcceptsPrefill(model), true, model);
  }
  for (const model of ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-7', 'claude-sonnet-5', 'claude-opus-5-5']) {
    assert.equal(claudeAcceptsPrefill(model), false, model);
  }
  assert.equal(continuationMode('anthropic', 'claude-sonnet-4-5-20250929', REQUEST), 'prefill');
  assert.equal(continuationMode('anthropic', 'claude-sonnet-4-5-20250929', { ...REQUEST, thinking: { type: 'enabled', budget_tokens: 1024 } }), 'instruction', 'no prefill with extended thinking');
  assert.equal(continuationMode('mistral', 'mistral-large-latest', REQUEST), 'prefix-flag');
  assert.equal(continuationMode('openai', 'gpt-4o', REQUEST), 'instruction');
});

test('the continuation request keeps the caller\'s messages and adds the partial answer in the provider\'s form', () => {
  assert.deepEqual(continuationRequest(REQUEST, 'Once', 'prefill').messages.slice(1), [{ role: 'assistant', content: 'Once' }]);
  assert.deepEqual(continuationRequest(REQUEST, 'Once', 'prefix-flag').messages.slice(1), [{ role: 'assistant', content: 'Once', prefix: true }]);
  assert.deepEqual(continuationRequest(REQUEST, 'Once', 'instruction').messages.slice(1), [{ role: 'assistant', content: 'Once' }, { role: 'user', content: CONTINUE_INSTRUCTION }]);
  assert.equal(REQUEST.messages.length, 1, 'the caller\'s request is not changed');
});

const chunk = (content: string | undefined, extra: Record<string, unknown> = {}) => JSON.stringify({
  id: 'other', created: 2, model: 'other-model', choices: [{ index: 0, delta: { ...(content !== undefined ? { content } : {}), ...extra }, finish_reason: null }],
});

function partial(text: string) {
  const recorder = new PartialAnswerRecorder();
  recorder.add(JSON.stringify({ id: 'first', created: 1, model: 'first-model', choices: [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }] }));
  return recorder.answer();
}

const contents = (out: string[]) => out.map((json) => JSON.parse(json).choices[0].delta.content ?? '').join('');

test('a `prefix: true` provider that repeats the prefix has the repeat dropped; the ids are the first stream\'s', () => {
  const chunks = new ContinuationChunks(partial('Once up'), 'prefix-flag');
  const out = [chunk('', { role: 'assistant' }), chunk('Once'), chunk(' up'), chunk('on a'), chunk(' time')].flatMap((c) => chunks.rewrite(c));
  assert.equal(contents(out), 'on a time');
  for (const json of out) {
    const parsed = JSON.parse(json);
    assert.deepEqual([parsed.id, parsed.created, parsed.model, parsed.choices[0].delta.role], ['first', 1, 'first-model', undefined]);
  }
});

test('text that only starts like the prefix is held, then sent whole', () => {
  const chunks = new ContinuationChunks(partial('Once up'), 'prefix-flag');
  const out = [chunk('On'), chunk('ward!')].flatMap((c) => chunks.rewrite(c));
  assert.equal(contents(out), 'Onward!');
});

test('after a prefill that lost its trailing space, the continuation\'s leading space is not sent twice', () => {
  const chunks = new ContinuationChunks(partial('Once upon '), 'prefill');
  const out = [chunk(' a'), chunk(' time')].flatMap((c) => chunks.rewrite(c));
  assert.equal(contents(out), 'a time');
});

test('the recorder sees tool calls, finishes and several choices as not resumable text', () => {
  const recorder = new PartialAnswerRecorder();
  recorder.add(chunk(undefined, { tool_calls: [{ index: 0, function: { arguments: '{' } }] }));
  assert.equal(recorder.answer().notText, true);
  const two = new PartialAnswerRecorder();
  two.add(JSON.stringify({ id: 'x', choices: [{ index: 1, delta: { content: 'b' } }] }));
  assert.equal(two.answer().notText, true);
  const done = new PartialAnswerRecorder();
  done.add(JSON.stringify({ id: 'x', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  assert.equal(done.answer().finished, true);
});
