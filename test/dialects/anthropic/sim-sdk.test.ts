/**
 * Simulator fidelity: the official `@anthropic-ai/sdk` client, pointed at the Anthropic simulator, parses its
 * answers (text, tool calls, thinking, streams) and raises its own error classes for the simulated faults.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { MODEL, words } from './helpers.js';

let sim: AnthropicSimulator;
let client: Anthropic;
before(async () => {
  sim = await startAnthropicSimulator();
  client = new Anthropic({ apiKey: 'sk-ant-sim', baseURL: sim.baseUrl, maxRetries: 0, logLevel: 'off' });
});
after(async () => {
  await sim.close();
});

const USER = 'What is the weather in Paris today';
const SYSTEM = 'You are terse';
const TEXT = `Hello from anthropic (${MODEL}): ${USER}`;
const TOOLS: Anthropic.Tool[] = [
  { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { input: { type: 'string' } } } },
];
const base = { model: MODEL, max_tokens: 256, system: SYSTEM, messages: [{ role: 'user' as const, content: USER }] };

describe('anthropic simulator: success paths through the official SDK', () => {
  it('answers text with usage and a request id', async () => {
    const { data: msg, request_id } = await client.messages.create(base).withResponse();
    assert.equal(msg.type, 'message');
    assert.equal(msg.content[0]?.type, 'text');
    assert.equal((msg.content[0] as Anthropic.TextBlock).text, TEXT);
    assert.equal(msg.stop_reason, 'end_turn');
    assert.equal(msg.usage.input_tokens, words(SYSTEM) + words(USER));
    assert.equal(msg.usage.output_tokens, words(TEXT));
    assert.match(msg.id, /^msg_01/);
    assert.match(request_id ?? '', /^req_/);
  });

  it('calls a tool, then answers from its result', async () => {
    const first = await client.messages.create({ ...base, tools: TOOLS });
    assert.equal(first.stop_reason, 'tool_use');
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { input: USER });
    assert.match(use.id, /^toolu_/);
    const second = await client.messages.create({
      ...base, tools: TOOLS,
      messages: [...base.messages, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny' }] }],
    });
    assert.equal((second.content[0] as Anthropic.TextBlock).text, 'Tool said: sunny');
  });

  it('streams text through messages.stream(), joining to the whole answer', async () => {
    const stream = client.messages.stream(base);
    let joined = '';
    stream.on('text', (t) => { joined += t; });
    const final = await stream.finalMessage();
    assert.equal(joined, TEXT);
    assert.equal((final.content[0] as Anthropic.TextBlock).text, TEXT);
    assert.equal(final.stop_reason, 'end_turn');
    assert.equal(final.usage.output_tokens, words(TEXT));
    assert.equal(final.usage.input_tokens, words(SYSTEM) + words(USER));
  });

  it('streams a tool call whose input the SDK assembles from input_json_delta pieces', async () => {
    const events: string[] = [];
    const stream = await client.messages.create({ ...base, tools: TOOLS, stream: true });
    for await (const event of stream) events.push(event.type);
    assert.deepEqual([events[0], events.at(-1)], ['message_start', 'message_stop']);
    const final = await client.messages.stream({ ...base, tools: TOOLS }).finalMessage();
    const use = final.content[0] as Anthropic.ToolUseBlock;
    assert.equal(use.type, 'tool_use');
    assert.deepEqual(use.input, { input: USER });
    assert.equal(final.stop_reason, 'tool_use');
  });

  it('sends thinking blocks (with a signature) when thinking is enabled, whole and streamed', async () => {
    const body = { ...base, max_tokens: 2048, thinking: { type: 'enabled' as const, budget_tokens: 1024 } };
    const whole = await client.messages.create(body);
    const thinking = whole.content[0] as Anthropic.ThinkingBlock;
    assert.equal(thinking.type, 'thinking');
    assert.equal(thinking.thinking, `Thinking about: ${USER.slice(0, 40)}`);
    assert.ok(thinking.signature);
    const streamed = await client.messages.stream(body).finalMessage();
    assert.deepEqual(streamed.content, whole.content);
  });

  it('counts images and honours stop sequences and max_tokens', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    const img = await client.messages.create({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }] }],
    });
    assert.match((img.content[0] as Anthropic.TextBlock).text, /\(saw 1 image\(s\)\)$/);
    const stopped = await client.messages.create({ ...base, stop_sequences: ['Paris'] });
    assert.equal(stopped.stop_reason, 'stop_sequence');
    assert.equal(stopped.stop_sequence, 'Paris');
    assert.equal((stopped.content[0] as Anthropic.TextBlock).text, TEXT.slice(0, TEXT.indexOf('Paris')));
    const short = await client.messages.create({ ...base, max_tokens: 3 });
    assert.equal(short.stop_reason, 'max_tokens');
    assert.equal(words((short.content[0] as Anthropic.TextBlock).text), 3);
  });
});

describe('anthropic simulator: faults raise the SDK error classes', () => {
  const expectError = async (fault: Parameters<AnthropicSimulator['enqueue']>[0], check: (e: unknown) => void) => {
    sim.enqueue(fault);
    await assert.rejects(client.messages.create(base), (e: unknown) => {
      check(e);
      return true;
    });
  };

  it('bad key: AuthenticationError with authentication_error', async () => {
    const bad = new Anthropic({ apiKey: 'sk-ant-bad', baseURL: sim.baseUrl, maxRetries: 0, logLevel: 'off' });
    await assert.rejects(bad.messages.create(base), (e: unknown) => {
      assert.ok(e instanceof Anthropic.AuthenticationError);
      assert.equal(e.type, 'authentication_error');
      assert.equal(e.apiMessage, 'invalid x-api-key');
      return true;
    });
  });

  it('a missing key and a missing anthropic-version header are refused as the API does', async () => {
    const noKey = await fetch(sim.baseUrl + '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(base) });
    assert.equal(noKey.status, 401);
    assert.deepEqual(((await noKey.json()) as { error: unknown }).error, { type: 'authentication_error', message: 'x-api-key header is required' });
    const noVersion = await fetch(sim.baseUrl + '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify(base) });
    assert.equal(noVersion.status, 400);
  });

  it('429: RateLimitError with retry-after and anthropic-ratelimit headers', () =>
    expectError({ status: 429 }, (e) => {
      assert.ok(e instanceof Anthropic.RateLimitError);
      assert.equal(e.headers.get('retry-after'), '1');
      assert.equal(e.headers.get('anthropic-ratelimit-requests-remaining'), '0');
      assert.match(e.headers.get('anthropic-ratelimit-requests-reset') ?? '', /^\d{4}-\d\d-\d\dT/);
    }));

  it('429 spend limit: EnforcedSpendLimitReachedError, no retry-after', () =>
    expectError({ errorCode: 'spend_limit' }, (e) => {
      assert.ok(e instanceof Anthropic.EnforcedSpendLimitReachedError);
      assert.equal((e as APIError).errorCode, 'enforced_spend_limit_reached');
      assert.equal((e as APIError).headers?.get('retry-after'), null);
    }));

  const statusCases: Array<[number, new (...args: never[]) => Error, string]> = [
    [400, Anthropic.BadRequestError, 'invalid_request_error'],
    [402, Anthropic.PaymentRequiredError, 'billing_error'],
    [403, Anthropic.PermissionDeniedError, 'permission_error'],
    [404, Anthropic.NotFoundError, 'not_found_error'],
    [413, Anthropic.ContentTooLargeError, 'request_too_large'],
    [500, Anthropic.InternalServerError, 'api_error'],
    [529, Anthropic.OverloadedError, 'overloaded_error'],
  ];
  for (const [status, cls, type] of statusCases) {
    it(`${status}: ${cls.name} with ${type}`, () =>
      expectError({ status }, (e) => {
        assert.ok(e instanceof cls, `got ${String(e)}`);
        assert.equal((e as APIError).type, type);
        assert.match((e as APIError).requestID ?? '', /^req_/);
      }));
  }

  it('a low credit balance is a 400 invalid_request_error naming the balance', () =>
    expectError({ errorCode: 'insufficient_quota' }, (e) => {
      assert.ok(e instanceof Anthropic.BadRequestError);
      assert.match((e as APIError).apiMessage ?? '', /credit balance is too low/);
    }));

  it('unknown model: NotFoundError naming the model', async () => {
    await assert.rejects(client.messages.create({ ...base, model: 'claude-does-not-exist' }), (e: unknown) => {
      assert.ok(e instanceof Anthropic.NotFoundError);
      assert.equal(e.apiMessage, 'model: claude-does-not-exist');
      return true;
    });
  });

  it('in-stream error event: the SDK throws an APIError of that type', async () => {
    sim.enqueue({ streamError: { afterChunks: 3 } });
    const stream = await client.messages.create({ ...base, stream: true });
    const seen: string[] = [];
    await assert.rejects(
      (async () => { for await (const event of stream) seen.push(event.type); })(),
      (e: unknown) => {
        assert.ok(e instanceof APIError);
        assert.equal(e.type, 'overloaded_error');
        return true;
      },
    );
    assert.equal(seen[0], 'message_start');
  });

  it('malformed and cut streams fail in the SDK, truncated whole bodies do too', async () => {
    sim.enqueue({ malformed: true });
    const broken = await client.messages.create({ ...base, stream: true });
    await assert.rejects((async () => { for await (const _ of broken) { /* drain */ } })());
    sim.enqueue({ cutAfterChunks: 2 });
    await assert.rejects(client.messages.stream(base).finalMessage());
    sim.enqueue({ truncate: true });
    await assert.rejects(client.messages.create(base));
  });

  it('hang and reset: the SDK times out and reports a connection error', async () => {
    const quick = new Anthropic({ apiKey: 'sk-ant-sim', baseURL: sim.baseUrl, maxRetries: 0, timeout: 150, logLevel: 'off' });
    sim.enqueue({ hang: true });
    await assert.rejects(quick.messages.create(base), Anthropic.APIConnectionTimeoutError);
    sim.enqueue({ reset: true });
    await assert.rejects(client.messages.create(base), Anthropic.APIConnectionError);
  });

  it('the x-sim-fault header applies to one request without using up the queue', async () => {
    await assert.rejects(
      client.messages.create(base, { headers: { 'x-sim-fault': JSON.stringify({ status: 403 }) } }),
      Anthropic.PermissionDeniedError,
    );
    const ok = await client.messages.create(base);
    assert.equal(ok.type, 'message');
  });

  it('records what it received, with the key redacted', async () => {
    sim.reset();
    await client.messages.create(base);
    const [req] = sim.requests();
    assert.equal(req?.path, '/v1/messages');
    // SDK 1.x sends the API key as a Bearer token (the gateway uses x-api-key); either way it is redacted.
    assert.equal(req?.headers.authorization, '***');
    assert.ok(req?.headers['anthropic-version']);
    assert.deepEqual(req?.body, base);
  });
});

const COUNT_USER = 'How many words are in this question';
const LOOKUP: Anthropic.Tool[] = [{ name: 'lookup', input_schema: { type: 'object', properties: {} } }];

describe('anthropic simulator: count_tokens through the official SDK', () => {
  it('countTokens: the input count a message reports, system and tool results included', async () => {
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: COUNT_USER },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'seven words' }] },
    ];
    const { data, request_id } = await client.messages.countTokens({ model: MODEL, system: SYSTEM, tools: LOOKUP, messages }).withResponse();
    assert.deepEqual(data, { input_tokens: words(SYSTEM) + words(COUNT_USER) + words('seven words') });
    assert.match(request_id ?? '', /^req_/);
    const created = await client.messages.create({ model: MODEL, system: SYSTEM, tools: LOOKUP, messages, max_tokens: 50 });
    assert.equal(created.usage.input_tokens, data.input_tokens);
  });

  it('countTokens refuses what a count does not take (max_tokens) and checks the messages like a create', async () => {
    await assert.rejects(
      client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: COUNT_USER }], max_tokens: 5 } as Anthropic.MessageCountTokensParams),
      (error: unknown) => error instanceof Anthropic.BadRequestError && /max_tokens: Extra inputs are not permitted/.test(error.message),
    );
    await assert.rejects(
      client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: '' }] }),
      (error: unknown) => error instanceof Anthropic.BadRequestError,
    );
  });

  it('countTokens needs a key and knows the models', async () => {
    const badKey = new Anthropic({ apiKey: 'bad-key', baseURL: sim.baseUrl, maxRetries: 0, logLevel: 'off' });
    await assert.rejects(badKey.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: COUNT_USER }] }), Anthropic.AuthenticationError);
    await assert.rejects(client.messages.countTokens({ model: 'claude-does-not-exist', messages: [{ role: 'user', content: COUNT_USER }] }), Anthropic.NotFoundError);
  });
});
