/**
 * The hand check for the common Messages request (plain-request.ts) is a shortcut past the schema: every body it
 * accepts, the schema must accept too. Checked over bodies built from valid and invalid values for each field,
 * and for the kinds of request it must leave to the schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodiesFrom, mutationsOf } from '../../helpers/body-walks.js';
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
    // A tool cycle as Claude Code sends it, then broken one field at a time.
    [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'text', text: 'Reading.' }, { type: 'tool_use', id: 'toolu_1', name: 'read', input: { path: 'a.ts' }, cache_control: { type: 'ephemeral' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'text', is_error: false }, { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'x' }] }, { type: 'tool_result', tool_use_id: 'toolu_1' }, { type: 'text', text: 'go on' }] }],
    [{ role: 'assistant', content: [{ type: 'tool_use', id: '', name: 'read', input: {} }] }],
    [{ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read', input: [] }] }],
    [{ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read' }] }],
    [{ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 7, input: {} }] }],
    [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: '' }] }],
    [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text' }] }] }],
    [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 5 }] }],
    [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: { type: 'url', url: '' } }] }] }],
    [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', is_error: 'yes' }] }],
    [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', is_error: null }] }],
    [{ role: 'user', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read', input: null }] }],
    [{ role: 'user', content: [{ type: '' }] }],
    [{ role: 'user', content: [{ type: 'server_tool_use', id: 'x', name: 'web_search', input: {} }] }],
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
  tools: [
    [{ name: 'read', description: 'Reads a file.', input_schema: { type: 'object', properties: { path: { type: 'string' } } }, cache_control: { type: 'ephemeral' } }, { type: 'custom', name: 'x'.repeat(128), input_schema: {} }],
    [],
    [{ name: 'x'.repeat(129), input_schema: {} }],
    [{ name: '', input_schema: {} }],
    [{ name: 'read' }],
    [{ name: 'read', input_schema: [] }],
    [{ name: 'read', input_schema: null }],
    [{ name: 'read', input_schema: {}, description: null }],
    [{ name: 'read', input_schema: {}, description: 3 }],
    [{ type: 'web_search_20250305', name: 'web_search' }],
    [{ type: 'bash', name: 'bash' }],
    [null],
    { name: 'read', input_schema: {} },
    undefined,
  ],
  tool_choice: [
    { type: 'auto' }, { type: 'any', disable_parallel_tool_use: true }, { type: 'tool', name: 'read' }, { type: 'none' },
    { type: 'none', disable_parallel_tool_use: 1 }, { type: 'tool', name: '' }, { type: 'tool' }, { type: 'auto', disable_parallel_tool_use: 1 },
    { type: 'sometimes' }, {}, 'auto', null, undefined,
  ],
};

test('every body the hand check accepts, the schema accepts too (messages and count_tokens)', () => {
  let shortcut = 0;
  for (const body of bodiesFrom(FIELD_VALUES, 20_000)) {
    for (const countTokens of [false, true]) {
      if (!isPlainMessagesRequest(body, !countTokens)) continue;
      shortcut++;
      assert.ok(schemaAccepts(body, countTokens), `the schema refuses a body the hand check took: ${JSON.stringify(body)}`);
    }
  }
  // The walk must reach the shortcut often enough to mean something.
  assert.ok(shortcut > 500, `only ${shortcut} bodies took the shortcut`);
});

/** A request as Claude Code sends it (own tools, a tool cycle, text system blocks with cache marks). */
const TOOL_CYCLE = {
  model: 'claude-haiku-4-5', max_tokens: 64, system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }],
  tools: [{ name: 'read', description: 'd', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'read', disable_parallel_tool_use: false },
  messages: [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: [{ type: 'text', text: 'r' }, { type: 'tool_use', id: 'toolu_1', name: 'read', input: { path: 'a' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'x' }], is_error: true }, { type: 'input_text', text: 'go' }] },
  ],
};

/** Values a field of the tool cycle is replaced by: wrong types, empty, too long, other block and choice types. */
const ODD_VALUES: unknown[] = [undefined, null, '', 'x', 0, 1, -1, 1.5, true, false, [], {}, [{}], { type: 'text' }, 'x'.repeat(129), 'custom', 'tool_use', 'tool_result', 'text', 'auto', 'none', 'tool', 'any'];

test('every mutation of a tool cycle the hand check accepts, the schema accepts too', () => {
  let shortcut = 0;
  for (const body of mutationsOf(TOOL_CYCLE, ODD_VALUES, 20_000)) {
    const { max_tokens: _, ...counted } = body;
    for (const [candidate, countTokens] of [[body, false], [counted, true]] as const) {
      if (!isPlainMessagesRequest(candidate, !countTokens)) continue;
      shortcut++;
      assert.ok(schemaAccepts(candidate, countTokens), `the schema refuses a body the hand check took: ${JSON.stringify(candidate)}`);
    }
  }
  assert.ok(shortcut > 5_000, `only ${shortcut} bodies took the shortcut`);
});

test('requests with thinking, images, server tools or thinking blocks are left to the schema; tool cycles are not', () => {
  const base = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };
  const leftToSchema: Array<Record<string, unknown>> = [
    { ...base, tools: [{ type: 'web_search_20250305', name: 'web_search' }] },
    { ...base, thinking: { type: 'enabled', budget_tokens: 2048 } },
    { ...base, output_config: { effort: 'low' } },
    { ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] },
    { ...base, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: '' }] }] },
    { ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] }] },
  ];
  for (const body of leftToSchema) assert.equal(isPlainMessagesRequest(body, true), false, JSON.stringify(body));
  assert.equal(isPlainMessagesRequest(base, true), true);
  const toolCycle = {
    ...base,
    tools: [{ name: 'read', input_schema: { type: 'object' } }],
    tool_choice: { type: 'auto' },
    messages: [
      { role: 'user', content: 'read a.ts' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read', input: { path: 'a.ts' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'const a = 1;' }] },
    ],
  };
  assert.equal(isPlainMessagesRequest(toolCycle, true), true);
  assert.equal(isPlainMessagesRequest(toolCycle, false), false, 'count_tokens takes no max_tokens');
  const { max_tokens: _, ...counted } = toolCycle;
  assert.equal(isPlainMessagesRequest(counted, false), true);
});

test('a body the hand check refuses still gets the schema\'s error, naming the field', () => {
  assert.throws(() => validateMessagesRequest({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'text' }] }] }), (error: Error) => {
    assert.match(error.message, /^messages\.0\.content\.0\.text: Field required/);
    return true;
  });
});
