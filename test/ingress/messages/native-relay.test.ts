/**
 * The Anthropic dialect's relay for callers that asked in Anthropic's format: recorded Anthropic streams, fed a
 * byte at a time, come out as the same events (data untouched), with the usage accounted and the attempt committed
 * at the first content delta; an error event or a stream cut before message_stop becomes a classified failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import type { StreamSink } from '../../../src/dialects/types.js';
import type { Usage } from '../../../src/types/chat.js';
import type { ProviderError } from '../../../src/errors/provider-error.js';
import { anthropicDialect } from '../../../src/dialects/anthropic/index.js';
import { withNativeBody } from '../../../src/dialects/native-body.js';
import { toOpenAIUsage } from '../../../src/dialects/anthropic/usage.js';
import { contextFor } from '../../dialects/anthropic/context.js';
import { FIXTURES, fixtureEvents, fixtureSse } from '../../dialects/anthropic/helpers.js';

function relay(wire: string, pieceSize: number) {
  const request = withNativeBody({ model: 'claude-test', messages: [{ role: 'user' as const, content: 'hi' }], stream: true }, {
    format: 'anthropic-messages', bytes: Buffer.from('{}'), model: 'claude-test', headers: {},
  });
  const got = { text: '', flags: [] as boolean[], usage: undefined as Usage | undefined, error: undefined as ProviderError | undefined, done: false };
  const sink: StreamSink = {
    frame: (text, content) => { got.text += text; got.flags.push(content); },
    usage: (u) => { got.usage = u; },
    error: (e) => { got.error = e; },
    done: () => { got.done = true; },
  };
  const translator = anthropicDialect.chat!.createStreamTranslator(contextFor(request, { stream: true }), sink);
  const bytes = Buffer.from(wire);
  for (let i = 0; i < bytes.length; i += pieceSize) translator.push(bytes.subarray(i, i + pieceSize));
  translator.end();
  return got;
}

// Streams the translator rejects as broken (a second message spliced in) are the dialect tests' business.
const RECORDED = readdirSync(FIXTURES).filter((f) => f.endsWith('.chunks.txt') && f !== 'spliced-message-start.chunks.txt');

for (const file of RECORDED) {
  test(`${file}, a byte at a time: the same events out, usage accounted, committed at the first delta`, () => {
    const wire = fixtureSse(file);
    const got = relay(wire, 1);
    assert.equal(got.error, undefined);
    assert.equal(got.done, true);
    assert.equal(got.text, wire, 'event for event, data untouched');
    const events = fixtureEvents(file);
    const start = events.find((e) => e.type === 'message_start')!.message as { usage: Record<string, number> };
    const delta = events.filter((e) => e.type === 'message_delta').at(-1)!.usage as Record<string, number>;
    assert.deepEqual(got.usage, toOpenAIUsage({ ...start.usage, ...delta }));
    const firstContent = got.flags.indexOf(true);
    assert.equal(events[firstContent]!.type === 'content_block_delta' || events[firstContent]!.type === 'message_delta', true);
  });
}

test('an overloaded_error event after message_start: a transient failure, nothing more relayed', () => {
  const wire = 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":3,"output_tokens":1}}}\n\n'
    + 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'
    + 'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n';
  const got = relay(wire, 7);
  assert.equal(got.error?.errorClass, 'transient');
  assert.equal(got.error?.status, 529);
  assert.equal(got.usage?.prompt_tokens, 3, 'the input used before the failure is still accounted');
  assert.equal(got.flags.length, 1, 'only message_start was relayed');
});

test('a stream that ends before message_stop is truncated; an event before message_start is malformed', () => {
  const cut = relay(fixtureSse('anthropic-text.chunks.txt').split('event: message_stop')[0]!, 64);
  assert.equal(cut.error?.code, 'truncated_stream');
  assert.equal(cut.done, false);
  const early = relay('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}\n\n', 5);
  assert.equal(early.error?.code, 'malformed_response');
});
