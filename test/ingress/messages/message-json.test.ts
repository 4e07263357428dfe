/**
 * messageJson writes the translated answer by a template where it can: its text must be JSON.stringify's for every
 * answer toMessage makes, and for any odd value in one (those go to JSON.stringify).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mutationsOf } from '../../helpers/body-walks.js';
import { toMessage } from '../../../src/ingress/messages/to-message.js';
import { messageJson } from '../../../src/ingress/messages/message-json.js';
import type { ChatCompletion } from '../../../src/types/chat.js';

/** Strings that JSON escapes in every way it can: quotes, backslashes, controls, lone and paired surrogates, non-ASCII. */
const TEXTS = ['', 'Hello', 'say "hi"\n\tthen \\ go', '\u0000\u0001\u001f\u007f', 'caf\u00e9 \u4e2d\u6587', '\ud83d\ude00 ok', 'lone \ud800 and \udc00', '</script>\u2028\u2029'];
const ARGS = ['{"path":"a.ts"}', '{}', '{"n":1e21,"m":-0,"x":[1,"\\u0000",null,true],"nested":{"q":"\\"\\\\"}}', 'not json', '[1,2]', '"text"', ''];
const FINISH = ['stop', 'length', 'tool_calls', 'content_filter', 'function_call', null, 'other'] as const;
const COUNTS: unknown[] = [0, 7, 1234567, 2 ** 53, 1.5, -3, Number.NaN, Infinity, undefined, '12', null];

function sequence(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
}

function* completions(count: number): Generator<ChatCompletion> {
  const next = sequence(11);
  const pick = <T>(list: readonly T[]): T => list[next(list.length)]!;
  for (let i = 0; i < count; i++) {
    const message: Record<string, unknown> = { role: 'assistant', content: next(5) === 0 ? null : pick(TEXTS) };
    if (next(4) === 0) message.reasoning_content = pick(TEXTS);
    if (next(6) === 0) message.reasoning = pick(TEXTS);
    if (next(8) === 0) message.refusal = pick(TEXTS);
    if (next(3) === 0) {
      message.tool_calls = Array.from({ length: 1 + next(3) }, (_, k) => ({ id: pick(['call_1', 'f:0', 'toolu_x', `c${k}`]), type: 'function', function: { name: pick(['read', 'w"rite', '']), arguments: pick(ARGS) } }));
    }
    const usage = next(6) === 0 ? undefined : {
      prompt_tokens: pick(COUNTS), completion_tokens: pick(COUNTS), total_tokens: 1,
      ...(next(3) === 0 ? { prompt_tokens_details: { cached_tokens: pick(COUNTS) } } : {}),
    };
    yield {
      id: pick(['chatcmpl-1', 'msg_abc', 'gen/1:x', '']), object: 'chat.completion', created: 1, model: pick(['gpt-4o-mini', 'm\u00e9', 'a"b']),
      choices: [{ index: 0, message, finish_reason: pick(FINISH) }],
      ...(usage ? { usage } : {}),
    } as unknown as ChatCompletion;
  }
}

test('the answer toMessage makes is written as JSON.stringify writes it', () => {
  let templated = 0;
  for (const completion of completions(5_000)) {
    const message = toMessage(completion);
    const text = messageJson(message);
    assert.equal(text, JSON.stringify(message), `differs for ${JSON.stringify(completion)}`);
    if (Number.isFinite(message.usage.input_tokens) && Number.isFinite(message.usage.output_tokens)) templated++;
  }
  assert.ok(templated > 2_000, `only ${templated} answers had counts the template writes`);
});

const ANSWER = toMessage({
  id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Reading.', reasoning_content: 'Think.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read', arguments: '{"path":"a.ts","lines":[1,2]}' } }] }, finish_reason: 'tool_calls' }],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 4 } },
} as ChatCompletion);

const ODD_VALUES: unknown[] = [undefined, null, '', 'x', 'text', 'thinking', 'tool_use', 'message', 0, 1.5, Number.NaN, -Infinity, true, [], {}, [{}], { type: 'text' }, { type: 'text', text: 'a' }, '\ud800"'];

test('an answer with any field replaced or removed is still written as JSON.stringify writes it', () => {
  let mutated = 0;
  for (const message of mutationsOf(ANSWER, ODD_VALUES, 20_000)) {
    assert.equal(messageJson(message as never), JSON.stringify(message), `differs for ${JSON.stringify(message)}`);
    mutated++;
  }
  assert.equal(mutated, 20_000);
  assert.equal(messageJson(ANSWER), JSON.stringify(ANSWER));
});
