/** The OpenAI request as Anthropic wire JSON: history, images, tools, JSON mode and sampling fields. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toAnthropicBody, buildAnthropicRequest, DEFAULT_MAX_TOKENS } from '../../../src/dialects/anthropic/request.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import type { ChatRequest } from '../../../src/types/chat.js';
import { contextFor } from './context.js';

const req = (extra: Partial<ChatRequest>): ChatRequest => ({ model: 'anthropic/m', messages: [{ role: 'user', content: 'hi' }], ...extra });
const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

describe('anthropic request: messages', () => {
  it('moves system and developer messages to the top-level system text', () => {
    const body = toAnthropicBody(req({
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        { role: 'user', content: 'hi' },
      ],
    }), 'm', false);
    assert.equal(body.system, 'Be terse.\n\nUse metric units.');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'hi' }]);
  });

  it('merges consecutive same-role turns and puts tool results in one user turn', () => {
    const body = toAnthropicBody(req({
      tools: [weather],
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: 'two' },
        {
          role: 'assistant', content: 'Checking.', tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'get_weather:1', type: 'function', function: { name: 'get_weather', arguments: 'not json' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: 'sunny' },
        { role: 'tool', tool_call_id: 'get_weather:1', content: [{ type: 'text', text: 'rain' }] },
        { role: 'user', content: 'thanks' },
      ],
    }), 'm', false);
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
      {
        role: 'assistant', content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
          // ids Anthropic would refuse are mapped the same way in the call and in its result
          { type: 'tool_use', id: 'get_weather_1', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user', content: [
          { type: 'tool_result', tool_use_id: 'call_a', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'get_weather_1', content: [{ type: 'text', text: 'rain' }] },
          { type: 'text', text: 'thanks' },
        ],
      },
    ]);
  });

  it('turns data: image URLs into base64 sources and http(s) URLs into url sources', () => {
    const body = toAnthropicBody(req({
      messages: [{
        role: 'user', content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
        ],
      }],
    }), 'm', false);
    assert.deepEqual(body.messages[0]!.content, [
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('drops empty messages and trims the whitespace a final assistant prefill may not end with', () => {
    const body = toAnthropicBody(req({
      messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: '' }, { role: 'user', content: 'again' }, { role: 'assistant', content: 'The answer is ' }],
    }), 'm', false);
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'text', text: 'again' }] },
      { role: 'assistant', content: 'The answer is' },
    ]);
  });

  it('refuses audio input as unsupported before anything is sent', () => {
    const ctx = contextFor(req({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] }));
    assert.throws(() => buildAnthropicRequest(ctx), (e: unknown) => ProviderError.is(e) && e.errorClass === 'unsupported');
  });
});

describe('anthropic request: parameters', () => {
  it('requires max_tokens: the default when none was given, max_completion_tokens first', () => {
    assert.equal(toAnthropicBody(req({}), 'm', false).max_tokens, DEFAULT_MAX_TOKENS);
    assert.equal(toAnthropicBody(req({ max_tokens: 100 }), 'm', false).max_tokens, 100);
    assert.equal(toAnthropicBody(req({ max_tokens: 100, max_completion_tokens: 50 }), 'm', false).max_tokens, 50);
  });

  it('maps stop, temperature (clamped to 1), top_p, user and stream; leaves OpenAI-only fields out', () => {
    const body = toAnthropicBody(req({ stop: 'END', temperature: 1.7, top_p: 0.9, user: 'u-42', seed: 7, n: 1, presence_penalty: 0.5 }), 'm', true);
    assert.deepEqual(body.stop_sequences, ['END']);
    assert.equal(body.temperature, 1);
    assert.equal(body.top_p, 0.9);
    assert.deepEqual(body.metadata, { user_id: 'u-42' });
    assert.equal(body.stream, true);
    for (const key of ['seed', 'n', 'presence_penalty', 'stop']) assert.ok(!(key in body), key);
  });

  it('translates tools and every tool_choice', () => {
    const tools = [weather, { type: 'function' as const, function: { name: 'noop', description: 'Does nothing' } }];
    const body = toAnthropicBody(req({ tools }), 'm', false);
    assert.deepEqual(body.tools, [
      { name: 'get_weather', input_schema: weather.function.parameters },
      { name: 'noop', description: 'Does nothing', input_schema: { type: 'object', properties: {} } },
    ]);
    assert.equal(body.tool_choice, undefined);
    const choice = (tool_choice: ChatRequest['tool_choice'], parallel?: boolean) =>
      toAnthropicBody(req({ tools, tool_choice, ...(parallel === undefined ? {} : { parallel_tool_calls: parallel }) }), 'm', false).tool_choice;
    assert.deepEqual(choice('auto'), { type: 'auto' });
    assert.deepEqual(choice('none'), { type: 'none' });
    assert.deepEqual(choice('required'), { type: 'any' });
    assert.deepEqual(choice({ type: 'function', function: { name: 'noop' } }), { type: 'tool', name: 'noop' });
    assert.deepEqual(choice(undefined, false), { type: 'auto', disable_parallel_tool_use: true });
    assert.deepEqual(choice('required', false), { type: 'any', disable_parallel_tool_use: true });
  });
});

describe('anthropic request: JSON mode as a forced tool', () => {
  it('json_object forces a tool named json taking any object', () => {
    const body = toAnthropicBody(req({ response_format: { type: 'json_object' } }), 'm', false);
    assert.equal(body.tools?.length, 1);
    assert.equal(body.tools?.[0]?.name, 'json');
    assert.deepEqual(body.tools?.[0]?.input_schema, { type: 'object', additionalProperties: true });
    assert.deepEqual(body.tool_choice, { type: 'tool', name: 'json' });
  });

  it('json_schema uses the schema; a non-object schema is wrapped under value', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const direct = toAnthropicBody(req({ response_format: { type: 'json_schema', json_schema: { name: 'place', schema } } }), 'm', false);
    assert.deepEqual(direct.tools?.[0]?.input_schema, schema);
    const list = { type: 'array', items: { type: 'string' } };
    const wrapped = toAnthropicBody(req({ response_format: { type: 'json_schema', json_schema: { name: 'names', schema: list } } }), 'm', false);
    assert.deepEqual(wrapped.tools?.[0]?.input_schema, { type: 'object', properties: { value: list }, required: ['value'] });
  });

  it('with the caller\'s tools the model must call one of them or the JSON tool; names never collide', () => {
    const json = { type: 'function' as const, function: { name: 'json', parameters: { type: 'object' } } };
    const body = toAnthropicBody(req({ tools: [json], response_format: { type: 'json_object' } }), 'm', false);
    assert.deepEqual(body.tools?.map((t) => t.name), ['json', 'json_']);
    assert.deepEqual(body.tool_choice, { type: 'any' });
    const none = toAnthropicBody(req({ tools: [json], tool_choice: 'none', response_format: { type: 'json_object' } }), 'm', false);
    assert.deepEqual(none.tool_choice, { type: 'tool', name: 'json_' });
  });
});
