/**
 * The hand check for the common chat request (plain-chat-request.ts) is a shortcut past the schema: every body it
 * accepts, the schema must accept too. Checked over bodies built from valid and invalid values for each field, over
 * mutations of a usual request, and for the kinds of request it must leave to the schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodiesFrom, mutationsOf } from '../helpers/body-walks.js';
import { isPlainChatRequest } from '../../src/ingress/plain-chat-request.js';
import { chatSchemaAccepts, validateChatRequest } from '../../src/ingress/validate-chat.js';

/** Values each field may take in the generated bodies: valid ones, wrong types, out of range, null, absent. */
const FIELD_VALUES: Record<string, unknown[]> = {
  model: ['openai/gpt-4o-mini', 'a b', '', 7, 'modèle', null, undefined],
  messages: [
    [{ role: 'user', content: 'hi' }],
    [{ role: 'system', content: 'Be brief.' }, { role: 'developer', content: [{ type: 'text', text: 'x' }] }, { role: 'user', content: 'hi', name: 'ann' },
      { role: 'assistant', content: null }, { role: 'assistant' }, { role: 'tool', content: 'ok', tool_call_id: 'call_1' }, { role: 'function', content: 'ok', name: 'f' }],
    [],
    [{ role: 'robot', content: 'hi' }],
    [{ role: 'user', content: [{ type: 'text' }] }],
    [{ role: 'user', content: [{ type: 'image_url', image_url: { url: '' } }] }],
    [{ role: 'user', content: 5 }],
    [{ role: 'user', content: 'hi', name: null }],
    [{ role: 'user', content: 'hi', name: 3 }],
    [{ role: 'tool', content: 'ok', tool_call_id: 4 }],
    [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: '', arguments: '{}' } }] }],
    [{ content: 'hi' }],
    ['hi'],
    [null],
    'hi',
    null,
    undefined,
  ],
  stream: [true, false, null, 'yes', 1, undefined],
  temperature: [0, 0.7, 2, 2.5, -0.1, '1', null, undefined],
  top_p: [0.9, 1, 1.5, null, undefined],
  max_tokens: [64, 1, 0, -3, 1.5, '64', 2 ** 60, null, undefined],
  max_completion_tokens: [128, 0, 2.5, null, undefined],
  user: ['u-1', '', 5, null, undefined],
  // Fields the shortcut leaves to the schema, valid or not.
  stop: [undefined, undefined, ['END'], ['a', 'b', 'c', 'd', 'e'], 5],
  tools: [undefined, undefined, [{ type: 'function', function: { name: 'f' } }], [{ type: 'function', function: { name: '' } }]],
  wai: [undefined, undefined, { cost_policy: 'cheapest' }, { nonsense: true }],
  provider: [undefined, undefined, { only: ['openai'] }, { only: 'openai' }],
  seed: [undefined, undefined, 7, 'seven'],
};

test('every body the hand check accepts, the schema accepts too', () => {
  let shortcut = 0;
  for (const body of bodiesFrom(FIELD_VALUES, 20_000)) {
    if (!isPlainChatRequest(body)) continue;
    shortcut++;
    assert.ok(chatSchemaAccepts(body), `the schema refuses a body the hand check took: ${JSON.stringify(body)}`);
  }
  // The walk must reach the shortcut often enough to mean something.
  assert.ok(shortcut > 1_000, `only ${shortcut} bodies took the shortcut`);
});

/** A usual request with every field the shortcut reads. */
const USUAL = {
  model: 'openai/gpt-4o-mini', stream: false, temperature: 0.2, top_p: 0.9, max_tokens: 64, max_completion_tokens: 64, user: 'u',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: [{ type: 'text', text: 'hi' }], name: 'ann' },
    { role: 'assistant', content: null },
    { role: 'tool', content: 'ok', tool_call_id: 'call_1' },
  ],
};

const ODD_VALUES: unknown[] = [undefined, null, '', 'x', 0, 1, -1, 1.5, 3, 2 ** 60, true, false, [], {}, [{}], { type: 'text' }, 'user', 'robot', 'text'];

test('every mutation of a usual request the hand check accepts, the schema accepts too', () => {
  let shortcut = 0;
  for (const body of mutationsOf(USUAL, ODD_VALUES, 20_000)) {
    if (!isPlainChatRequest(body)) continue;
    shortcut++;
    assert.ok(chatSchemaAccepts(body), `the schema refuses a body the hand check took: ${JSON.stringify(body)}`);
  }
  assert.ok(shortcut > 2_000, `only ${shortcut} bodies took the shortcut`);
});

test('requests with tools, tool calls, images, formats or routing fields are left to the schema', () => {
  const base = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
  const leftToSchema: Array<Record<string, unknown>> = [
    { ...base, tools: [{ type: 'function', function: { name: 'f' } }] },
    { ...base, tool_choice: 'auto' },
    { ...base, response_format: { type: 'json_object' } },
    { ...base, stream_options: { include_usage: true } },
    { ...base, n: 2 },
    { ...base, stop: 'END' },
    { ...base, wai: { cost_policy: 'cheapest' } },
    { ...base, models: ['anthropic/claude-haiku-4-5'] },
    { ...base, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] },
    { ...base, messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }] },
  ];
  for (const body of leftToSchema) assert.equal(isPlainChatRequest(body), false, JSON.stringify(body));
  assert.equal(isPlainChatRequest(base), true);
  assert.equal(isPlainChatRequest(USUAL), true);
});

test('a body the hand check refuses still gets the schema\'s error, naming the field', () => {
  assert.throws(() => validateChatRequest({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: [{ type: 'text' }] }] }), (error: Error) => {
    assert.match(error.message, /^Invalid value for 'messages\[0\]\.content'/);
    return true;
  });
  assert.throws(() => validateChatRequest({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 3 }), /'temperature'/);
  assert.throws(() => validateChatRequest([]), /must be a JSON object/);
});
