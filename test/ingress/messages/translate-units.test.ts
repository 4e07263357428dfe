/**
 * The /v1/messages translators on their own: Anthropic request -> canonical request, canonical chunks -> Anthropic
 * events (including the transitions other gateways got wrong), canonical answer -> Anthropic message, and the
 * native body's model splice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toChatRequest } from '../../../src/ingress/messages/to-chat-request.js';
import { MessagesEventWriter } from '../../../src/ingress/messages/stream-events.js';
import { toMessage } from '../../../src/ingress/messages/to-message.js';
import { estimateInputTokens } from '../../../src/ingress/messages/estimate-tokens.js';
import { nativeBodyFor } from '../../../src/dialects/native-body.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import type { MessagesRequest } from '../../../src/ingress/messages/wire-types.js';
import type { Usage } from '../../../src/types/chat.js';

const catalog = loadCatalog();

function chunk(delta: Record<string, unknown>, finish: string | null = null): string {
  return JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] });
}

/** The events of a whole translated stream, parsed. */
function events(chunks: string[], usage: Usage | null = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 }): Array<Record<string, any>> {
  const writer = new MessagesEventWriter('gpt-4o-mini', 9, 'msg_fallback');
  const text = chunks.map((c) => writer.chunk(c)).join('') + writer.end(usage ?? undefined);
  return text.split('\n\n').filter(Boolean).map((frame) => {
    const [eventLine, dataLine] = frame.split('\n');
    const payload = JSON.parse(dataLine!.slice('data: '.length)) as Record<string, any>;
    assert.equal(eventLine, `event: ${payload.type}`);
    return payload;
  });
}

test('events: text then a tool call whose first chunk carries arguments: text block stopped, arguments kept', () => {
  const got = events([
    chunk({ role: 'assistant', content: '' }),
    chunk({ content: 'Let me check.' }),
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
    chunk({}, 'tool_calls'),
  ]);
  assert.deepEqual(got.map((e) => e.type), [
    'message_start', 'ping',
    'content_block_start', 'content_block_delta', 'content_block_stop',
    'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
    'message_delta', 'message_stop',
  ]);
  assert.deepEqual(got[5]!.content_block, { type: 'tool_use', id: 'call_1', name: 'get_weather', input: {} });
  assert.equal(got[6]!.delta.partial_json + got[7]!.delta.partial_json, '{"city":"Paris"}');
  assert.equal(got[5]!.index, 1);
  assert.deepEqual(got[9], {
    type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { input_tokens: 12, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  });
  assert.equal(got[0]!.message.id, 'msg_chatcmpl-1');
  assert.equal(got[0]!.message.usage.input_tokens, 9, 'message_start carries the estimate, not zeros');
});

test('events: reasoning then text become a thinking block and a text block; two tool calls two blocks', () => {
  const got = events([
    chunk({ reasoning_content: 'Hmm' }),
    chunk({ reasoning_content: ' yes' }),
    chunk({ content: 'Answer' }),
    chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }] }),
    chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'g', arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 1, function: { arguments: '{"x":1}' } }] }, 'tool_calls'),
  ]);
  const starts = got.filter((e) => e.type === 'content_block_start').map((e) => [e.index, e.content_block.type]);
  assert.deepEqual(starts, [[0, 'thinking'], [1, 'text'], [2, 'tool_use'], [3, 'tool_use']]);
  const thinking = got.filter((e) => e.delta?.type === 'thinking_delta').map((e) => e.delta.thinking).join('');
  assert.equal(thinking, 'Hmm yes');
  assert.equal(got.filter((e) => e.type === 'content_block_stop').length, 4);
  assert.equal(got.find((e) => e.index === 3 && e.delta)!.delta.partial_json, '{"x":1}');
});

test('events and messages: tool ids another provider minted are made valid Anthropic ids, the same way both times', () => {
  const got = events([chunk({ tool_calls: [{ index: 0, id: 'get_weather:0', function: { name: 'get_weather', arguments: '{}' } }] }, 'tool_calls')]);
  assert.equal(got.find((e) => e.type === 'content_block_start')!.content_block.id, 'get_weather_0');
  const whole = toMessage({ id: 'x', object: 'chat.completion', created: 1, model: 'kimi', choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'get_weather:0', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] } }] });
  assert.equal((whole.content[0] as { id: string }).id, 'get_weather_0');
});

test('events: an answer with no content still opens and closes the message; finish reasons map', () => {
  const empty = events([], null);
  assert.deepEqual(empty.map((e) => e.type), ['message_start', 'ping', 'message_delta', 'message_stop']);
  assert.equal(empty[2]!.usage.input_tokens, 9, 'no usage from upstream: the estimate stands');
  const cut = events([chunk({ content: 'a b c' }), chunk({}, 'length')]);
  assert.equal(cut.find((e) => e.type === 'message_delta')!.delta.stop_reason, 'max_tokens');
});

test('request: system blocks, tool results ahead of the user\'s words, errors marked, images from results kept', () => {
  const source: MessagesRequest = {
    model: 'openai/gpt-4o-mini', max_tokens: 100,
    system: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }],
    tools: [{ name: 'look', input_schema: { type: 'object', properties: {} } }],
    tool_choice: { type: 'any', disable_parallel_tool_use: true },
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 's' }, { type: 'text', text: 'ok' }, { type: 'tool_use', id: 'tu1', name: 'look', input: { q: 1 } }] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'tu1', is_error: true, content: [{ type: 'text', text: 'boom' }, { type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] },
        { type: 'input_text', text: 'and now?' },
      ] },
    ],
  };
  const { request, anthropicOnly } = toChatRequest(source, catalog);
  assert.equal(anthropicOnly, undefined);
  assert.deepEqual(request.messages, [
    { role: 'system', content: 'A\n\nB' },
    { role: 'user', content: 'go' },
    { role: 'assistant', content: 'ok', tool_calls: [{ id: 'tu1', type: 'function', function: { name: 'look', arguments: '{"q":1}' } }] },
    { role: 'tool', tool_call_id: 'tu1', content: 'Error: boom' },
    { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }, { type: 'text', text: 'and now?' }] },
  ]);
  assert.equal(request.tool_choice, 'required');
  assert.equal(request.parallel_tool_calls, false);
  assert.equal(request.provider, undefined);
});

test('request: Anthropic-only content keeps the request on Anthropic; thinking becomes an effort where the model reasons', () => {
  const web = toChatRequest({ model: 'claude-haiku-4-5', max_tokens: 10, tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'news' }] }, catalog);
  assert.match(web.anthropicOnly ?? '', /tools\.0 is Anthropic's web_search_20250305 tool/);
  assert.deepEqual(web.request.provider, { only: ['anthropic'] });
  assert.equal(web.request.tools, undefined);

  const think = (model: string, thinking: MessagesRequest['thinking']) => toChatRequest({ model, max_tokens: 10, thinking, messages: [{ role: 'user', content: 'x' }] }, catalog).request.reasoning_effort;
  assert.equal(think('google/gemini-2.5-flash-lite', { type: 'enabled', budget_tokens: 2000 }), 'low');
  assert.equal(think('claude-haiku-4-5', { type: 'enabled', budget_tokens: 10_000 }), 'medium');
  assert.equal(think('claude-haiku-4-5', { type: 'adaptive' }), 'medium');
  assert.equal(think('openai/gpt-4o-mini', { type: 'enabled', budget_tokens: 20_000 }), undefined, 'gpt-4o-mini does not reason: no effort it would refuse');
  assert.equal(think('google/gemini-2.5-flash-lite', { type: 'disabled' }), undefined);
});

test('request: a JSON schema in output_config becomes response_format', () => {
  const { request } = toChatRequest({ model: 'openai/gpt-4o-mini', max_tokens: 10, output_config: { format: { type: 'json_schema', schema: { type: 'object' } } }, messages: [{ role: 'user', content: 'x' }] }, catalog);
  assert.deepEqual(request.response_format, { type: 'json_schema', json_schema: { name: 'output', schema: { type: 'object' }, strict: true } });
});

test('message: a canonical answer as an Anthropic message, cached input counted apart', () => {
  const message = toMessage({
    id: 'chatcmpl-9', object: 'chat.completion', created: 1, model: 'gpt-4o-mini',
    choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: 'Checking', reasoning_content: 'why', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] } }],
    usage: { prompt_tokens: 30, completion_tokens: 4, total_tokens: 34, prompt_tokens_details: { cached_tokens: 10 } },
  });
  assert.deepEqual(message, {
    id: 'msg_chatcmpl-9', type: 'message', role: 'assistant', model: 'gpt-4o-mini',
    content: [{ type: 'thinking', thinking: 'why', signature: '' }, { type: 'text', text: 'Checking' }, { type: 'tool_use', id: 'c1', name: 'f', input: { a: 1 } }],
    stop_reason: 'tool_use', stop_sequence: null,
    usage: { input_tokens: 20, output_tokens: 4, cache_creation_input_tokens: 0, cache_read_input_tokens: 10 },
  });
});

test('native body: the model is spliced in place, or the body re-encoded when "model" is also a key elsewhere', () => {
  const bytes = Buffer.from('{"model" : "claude-haiku-4-5", "max_tokens":5,"messages":[{"role":"user","content":"say \\"model\\": x"}]}');
  const native = { format: 'anthropic-messages' as const, bytes, model: 'claude-haiku-4-5', headers: {} };
  assert.equal(nativeBodyFor(native, 'claude-haiku-4-5'), bytes, 'same model: the very bytes');
  const spliced = nativeBodyFor(native, 'claude-haiku-4-5-20251001');
  assert.ok(Buffer.isBuffer(spliced), 'spliced as bytes, not decoded and re-encoded');
  assert.equal(spliced.toString(), bytes.toString().replace('"claude-haiku-4-5"', '"claude-haiku-4-5-20251001"'));
  // Whitespace around the colon (JSON's four kinds), and a value that is not the model as the caller wrote it: re-encoded.
  const spaced = Buffer.from('{\t"model"\r\n:\t "a", "messages":[]}');
  assert.equal(nativeBodyFor({ ...native, bytes: spaced, model: 'a' }, 'b').toString(), '{\t"model"\r\n:\t "b", "messages":[]}');
  const escaped = Buffer.from('{"model":"\\u0061","messages":[]}');
  assert.deepEqual(JSON.parse(nativeBodyFor({ ...native, bytes: escaped, model: 'a' }, 'b').toString()), { model: 'b', messages: [] });
  // A key that ends in an escaped quote and "model" is not the model key, but counts as one: re-encoded, content kept.
  const lookalike = Buffer.from('{"x\\"model":1,"model":"a"}');
  assert.deepEqual(JSON.parse(nativeBodyFor({ ...native, bytes: lookalike, model: 'a' }, 'b').toString()), { 'x"model': 1, model: 'b' });
  const nested = Buffer.from('{"model":"m","tools":[{"name":"t","input_schema":{"type":"object","properties":{"model":{"type":"string"}}}}]}');
  const redone = nativeBodyFor({ ...native, bytes: nested, model: 'm' }, 'm2') as string;
  assert.deepEqual(JSON.parse(redone), { ...JSON.parse(nested.toString()), model: 'm2' });
});

test('estimate: four characters a token, images at 1,600, tool definitions counted', () => {
  assert.equal(estimateInputTokens({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(40) }] }), 10);
  assert.equal(estimateInputTokens({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'u' } }] }] }), 1600);
  const withTool = estimateInputTokens({ model: 'm', tools: [{ name: 'f', input_schema: { type: 'object' } }], messages: [{ role: 'user', content: 'x' }] });
  assert.ok(withTool > 1);
});
