/**
 * The hand check for the common Messages request (plain-request.ts) is a shortcut past the schema: every body it
 * accepts, the schema must accept too. Checked over bodies built from valid and invalid values for each field,
 * and for the kinds of request it must leave to the schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlainMessagesRequest } from '../../../src/ingress/messages/plain-request.js';
import { schemaAccepts, validateMessagesRequest } from '../../../src/ingress/messages/validate.js';

/** Values each field may take in the generated bodies: valid ones, wrong types, out of range, absent. */
const FIELD_VALUES: Record<string, unknown[]> = {
  model: ['claude-haiku-4-5', 'a b', '', 7, 'modèle', undefined],
  max_tokens: [64, 1, 0, -3, 1.5, '64', 2 ** 60, undefined],
  messages: [
    [{ role: 'user', content: 'hi' }],
    [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'input_text', text: 'there' }] }],
    [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'text', text: '' }] }],
    [],
    [{ role: 'system', content: 'hi' }],
    [{ role: 'user', content: [{ type: 'text' }] }],
    [{ role: 'user', content: [{ type: 'text', text: 3 }] }],
    [{ role: 'user', content: null }],
    [{ role: 'user' }],
    ['hi'],
    [null],
    'hi',
    undefined,
  ],
  system: ['Be brief.', [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }], [{ type: 'image' }], [{ type: 'text' }], 5, null, undefined],
  stream: [true, false, 'yes', null, undefined],
  temperature: [0, 0.5, 1, 1.5, -0.1, '1', null, undefined],
  top_p: [0.9, 2, null, undefined],
  top_k: [0, 40, -1, 2.5, '4', undefined],
  stop_sequences: [['END'], [], [3], 'END', null, undefined],
  metadata: [{ user_id: 'u' }, { user_id: null }, {}, { user_id: 4 }, [], null, undefined],
};

/** A deterministic pseudo-random walk over the combinations (the full product is too large). */
function* bodies(count: number): Generator<Record<string, unknown>> {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  for (let i = 0; i < count; i++) {
    const body: Record<string, unknown> = {};
    for (const [field, values] of Object.entries(FIELD_VALUES)) {
      // Mostly the first (valid) value, so that many bodies are valid but for one or two fields.
      const value = next() % 10 < 7 ? values[0] : values[next() % values.length];
      if (value !== undefined) body[field] = structuredClone(value);
    }
    yield body;
  }
}

test('every body the hand check accepts, the schema accepts too (messages and count_tokens)', () => {
  let shortcut = 0;
  for (const body of bodies(20_000)) {
    for (const countTokens of [false, true]) {
      if (!isPlainMessagesRequest(body, !countTokens)) continue;
      shortcut++;
      assert.ok(schemaAccepts(body, countTokens), `the schema refuses a body the hand check took: ${JSON.stringify(body)}`);
    }
  }
  // The walk must reach the shortcut often enough to mean something.
  assert.ok(shortcut > 500, `only ${shortcut} bodies took the shortcut`);
});

test('requests with tools, thinking, images or tool blocks are left to the schema', () => {
  const base = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };
  const leftToSchema: Array<Record<string, unknown>> = [
    { ...base, tools: [{ name: 'f', input_schema: { type: 'object' } }] },
    { ...base, tool_choice: { type: 'auto' } },
    { ...base, thinking: { type: 'enabled', budget_tokens: 2048 } },
    { ...base, output_config: { effort: 'low' } },
    { ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] },
    { ...base, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: '' }] }] },
  ];
  for (const body of leftToSchema) assert.equal(isPlainMessagesRequest(body, true), false, JSON.stringify(body));
  assert.equal(isPlainMessagesRequest(base, true), true);
});

test('a body the hand check refuses still gets the schema\'s error, naming the field', () => {
  assert.throws(() => validateMessagesRequest({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'text' }] }] }), (error: Error) => {
    assert.match(error.message, /^messages\.0\.content\.0\.text: Field required/);
    return true;
  });
});
