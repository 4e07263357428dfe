/**
 * The OpenAI-dialect provider simulator, driven by the official `openai` client
 * (and by plain fetch where the wire bytes matter).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { Recorder } from '../../simulators/openai-compatible/recorder.js';
import { CASES, GOOD_KEY, clientFor, collect, parseSse, rawChat, streamUsage, words, type Case } from './sim-helpers.js';

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim.close();
});

const SYS = 'You are terse';
const USER = 'What is the weather in Paris today';
const MESSAGES = [
  { role: 'system' as const, content: SYS },
  { role: 'user' as const, content: USER },
];
const PROMPT_WORDS = 10;
const TOOLS = [
  { type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { input: { type: 'string' } } } } },
  { type: 'function' as const, function: { name: 'other_tool', parameters: { type: 'object', properties: {} } } },
];
const expectedText = (cs: Case) => `Hello from ${cs.id} (${cs.model}): ${USER}`;
const byId = (id: string) => CASES.find((x) => x.id === id)!;

/** Providers that put usage in the stream even without stream_options.include_usage. */
const ALWAYS_STREAM_USAGE = new Set(['groq', 'deepseek', 'mistral', 'moonshot', 'openrouter', 'together', 'perplexity']);

for (const cs of CASES) {
  describe(`success paths via the openai client: ${cs.id}`, () => {
    it('non-stream text with usage', async () => {
      const { client, opts } = clientFor(sim, cs);
      const r = await client.chat.completions.create({ model: cs.model, messages: MESSAGES }, opts);
      assert.equal(r.choices[0]!.message.content, expectedText(cs));
      assert.equal(r.choices[0]!.finish_reason, 'stop');
      assert.equal(r.model, cs.model);
      assert.equal(r.usage?.prompt_tokens, PROMPT_WORDS);
      assert.equal(r.usage?.completion_tokens, words(expectedText(cs)));
      assert.equal(r.usage?.total_tokens, PROMPT_WORDS + words(expectedText(cs)));
    });

    it('streamed text joins to the non-stream content, with usage', async () => {
      const { client, opts } = clientFor(sim, cs);
      const stream = await client.chat.completions.create(
        { model: cs.model, messages: MESSAGES, stream: true, ...(cs.acceptsStreamOptions ? { stream_options: { include_usage: true } } : {}) },
        opts,
      );
      const got = await collect(stream);
      assert.equal(got.content, expectedText(cs));
      assert.ok(got.chunks.length >= 4, 'several deltas');
      assert.equal(got.chunks[0].choices[0].delta.role, 'assistant');
      assert.equal(got.finish, 'stop');
      const u = streamUsage(got.chunks);
      assert.ok(u, 'usage present');
      assert.equal(u.prompt_tokens, PROMPT_WORDS);
      assert.equal(u.completion_tokens, words(expectedText(cs)));
    });

    it(`stream usage without include_usage: ${ALWAYS_STREAM_USAGE.has(cs.id) ? 'still sent' : 'absent'}`, async () => {
      const { client, opts } = clientFor(sim, cs);
      const got = await collect(await client.chat.completions.create({ model: cs.model, messages: MESSAGES, stream: true }, opts));
      assert.equal(streamUsage(got.chunks) !== undefined, ALWAYS_STREAM_USAGE.has(cs.id));
    });

    it('tool call, whole', async () => {
      const { client, opts } = clientFor(sim, cs);
      const r = await client.chat.completions.create({ model: cs.model, messages: MESSAGES, tools: TOOLS }, opts);
      const choice = r.choices[0]!;
      assert.equal(choice.finish_reason, 'tool_calls');
      const call = choice.message.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
      assert.equal(call.function.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.function.arguments), { input: USER });
      assert.ok(call.id.length > 0);
      if (cs.id === 'mistral') assert.match(call.id, /^[a-zA-Z0-9]{9}$/);
    });

    it('tool call, streamed (keyed by index, id/name in the first fragment)', async () => {
      const { client, opts } = clientFor(sim, cs);
      const got = await collect(
        await client.chat.completions.create(
          { model: cs.model, messages: MESSAGES, tools: TOOLS, tool_choice: { type: 'function', function: { name: 'other_tool' } }, stream: true },
          opts,
        ),
      );
      assert.equal(got.finish, 'tool_calls');
      const call = got.calls.get(0)!;
      assert.equal(call.name, 'other_tool');
      assert.ok(call.id);
      assert.deepEqual(JSON.parse(call.args), { input: USER });
      if (cs.wholeToolCall) assert.equal(call.argPieces, 1);
      else assert.ok(call.argPieces >= 2, `arguments in pieces (${call.argPieces})`);
    });

    it('tool result turns into "Tool said: ..." (also with tool_choice none)', async () => {
      const { client, opts } = clientFor(sim, cs);
      const first = await client.chat.completions.create({ model: cs.model, messages: MESSAGES, tools: TOOLS }, opts);
      const call = first.choices[0]!.message.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
      const r = await client.chat.completions.create(
        {
          model: cs.model,
          tools: TOOLS,
          messages: [
            ...MESSAGES,
            { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: call.function }] },
            { role: 'tool', tool_call_id: call.id, content: 'sunny and 21C' },
          ],
        },
        opts,
      );
      assert.equal(r.choices[0]!.message.content, 'Tool said: sunny and 21C');
      const none = await client.chat.completions.create({ model: cs.model, messages: MESSAGES, tools: TOOLS, tool_choice: 'none' }, opts);
      assert.equal(none.choices[0]!.message.content, expectedText(cs));
    });

    it('json mode returns a JSON string', async () => {
      const { client, opts } = clientFor(sim, cs);
      const r = await client.chat.completions.create({ model: cs.model, messages: MESSAGES, response_format: { type: 'json_object' } }, opts);
      assert.deepEqual(JSON.parse(r.choices[0]!.message.content!), { answer: expectedText(cs) });
    });

    it('image parts are counted', async () => {
      const { client, opts } = clientFor(sim, cs);
      const r = await client.chat.completions.create(
        {
          model: cs.model,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe this' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }],
        },
        opts,
      );
      assert.match(r.choices[0]!.message.content!, /saw 1 image\(s\)/);
    });

    it('GET models', async () => {
      const { client } = clientFor(sim, cs);
      const page = await client.models.list(cs.modelsPath === '/models' ? {} : { path: cs.modelsPath });
      assert.ok(page.data.length > 0);
      assert.ok(page.data.every((m) => typeof m.id === 'string'));
    });
  });
}

describe('echo truncation and word counts', () => {
  it('truncates the last user message to 40 chars and counts words of all messages', async () => {
    const cs = byId('openai');
    const { client } = clientFor(sim, cs);
    const long = 'one two three four five six seven eight nine ten eleven twelve';
    const r = await client.chat.completions.create({ model: cs.model, messages: [{ role: 'user', content: long }] });
    assert.equal(r.choices[0]!.message.content, `Hello from openai (gpt-4o-mini): ${long.slice(0, 40)}`);
    assert.equal(r.usage?.prompt_tokens, 12);
  });
});

describe('auth and unknown models: each provider\'s real error shape', () => {
  const AUTH: Record<string, { status: number; check: (text: string, missing: boolean) => void }> = {
    openai: { status: 401, check: (t) => assert.equal(JSON.parse(t).error.type, 'invalid_request_error') },
    groq: { status: 401, check: (t, m) => !m && assert.deepEqual(JSON.parse(t), { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }) },
    deepseek: { status: 401, check: (t) => assert.equal(JSON.parse(t).error.type, 'authentication_error') },
    mistral: { status: 401, check: (t) => assert.deepEqual(JSON.parse(t), { detail: 'Unauthorized' }) },
    moonshot: { status: 401, check: (t) => assert.deepEqual(JSON.parse(t), { error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } }) },
    openrouter: { status: 401, check: (t, m) => assert.deepEqual(JSON.parse(t).error, { message: m ? 'No auth credentials found' : 'User not found.', code: 401 }) },
    together: { status: 401, check: (t) => assert.equal(JSON.parse(t).error.code, 'invalid_api_key') },
    xai: { status: 400, check: (t) => { const b = JSON.parse(t); assert.equal(b.code, 'Client specified an invalid argument'); assert.match(b.error, /Incorrect API key/); } },
    perplexity: { status: 401, check: (t) => assert.match(t, /<title>401 Authorization Required<\/title>/) },
    fireworks: { status: 401, check: (t) => assert.equal(JSON.parse(t).error.object, 'error') },
    huggingface: { status: 401, check: (t) => assert.deepEqual(JSON.parse(t), { error: 'Invalid credentials in Authorization header' }) },
    ai21: { status: 401, check: (t) => assert.equal(typeof JSON.parse(t).detail, 'string') },
    sarvam: { status: 403, check: (t) => assert.equal(JSON.parse(t).error.code, 'invalid_api_key_error') },
    writer: { status: 401, check: (t) => assert.equal(JSON.parse(t).error.type, 'invalid_request_error') },
    'aleph-alpha': { status: 401, check: (t) => assert.equal(JSON.parse(t).code, 'UNAUTHENTICATED') },
    meta: { status: 401, check: (t) => assert.equal(JSON.parse(t).error.type, 'invalid_request_error') },
  };
  const NOT_FOUND: Record<string, number> = { deepseek: 400, mistral: 400, openrouter: 400, perplexity: 400 };

  for (const cs of CASES) {
    it(`${cs.id}: bad key, missing key, unknown model`, async () => {
      const req = { model: cs.model, messages: MESSAGES };
      const bad = await rawChat(sim, cs, req, { authorization: 'Bearer sk-bad-key' });
      assert.equal(bad.status, AUTH[cs.id]!.status, bad.text);
      AUTH[cs.id]!.check(bad.text, false);
      const missing = await rawChat(sim, cs, req, {});
      assert.equal(missing.status, AUTH[cs.id]!.status);
      AUTH[cs.id]!.check(missing.text, true);
      const nf = await rawChat(sim, cs, { model: 'model-does-not-exist', messages: MESSAGES });
      assert.equal(nf.status, NOT_FOUND[cs.id] ?? 404, nf.text);
      assert.match(nf.text, /model-does-not-exist|Model Not Exist|Model not found|not_found/);
    });
  }

  it('the openai client maps them to its error classes', async () => {
    const { client } = clientFor(sim, byId('openai'), 'sk-bad');
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }), (e: unknown) => e instanceof OpenAI.AuthenticationError && e.code === 'invalid_api_key');
    const ok = clientFor(sim, byId('openai')).client;
    await assert.rejects(ok.chat.completions.create({ model: 'gpt-does-not-exist', messages: MESSAGES }), (e: unknown) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found');
  });

  it('sarvam accepts its api-subscription-key header as well as Bearer', async () => {
    const cs = byId('sarvam');
    const r = await rawChat(sim, cs, { model: cs.model, messages: MESSAGES }, { 'api-subscription-key': GOOD_KEY });
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.text).choices[0].message.content, expectedText(cs));
  });

  it('keys option: only the configured key is accepted', async () => {
    const strict = await startSimulator({ keys: { openai: 'sk-exact' } });
    try {
      const cs = byId('openai');
      assert.equal((await rawChat(strict, cs, { model: cs.model, messages: MESSAGES }, { authorization: 'Bearer sk-other' })).status, 401);
      assert.equal((await rawChat(strict, cs, { model: cs.model, messages: MESSAGES }, { authorization: 'Bearer sk-exact' })).status, 200);
      assert.equal((await rawChat(strict, byId('groq'), { model: 'llama-3.3-70b-versatile', messages: MESSAGES })).status, 200);
    } finally {
      await strict.close();
    }
  });
});

describe('provider quirks on the wire', () => {
  const stream = (cs: Case, extra: Record<string, unknown> = {}) => rawChat(sim, cs, { model: cs.model, messages: MESSAGES, stream: true, ...extra });

  it('groq: x_groq on the non-stream body, on the first chunk, and x_groq.usage + usage on the last', async () => {
    const cs = byId('groq');
    const body = JSON.parse((await rawChat(sim, cs, { model: cs.model, messages: MESSAGES })).text);
    assert.match(body.x_groq.id, /^req_/);
    assert.equal(typeof body.usage.queue_time, 'number');
    const { data, done } = parseSse((await stream(cs)).text);
    assert.ok(done);
    assert.match(data[0].x_groq.id, /^req_/);
    const last = data[data.length - 1];
    assert.equal(last.choices[0].finish_reason, 'stop');
    assert.deepEqual(last.x_groq.usage, last.usage);
  });

  it('deepseek: keep-alive comment before the first chunk, blank lines before the JSON, /v1 path, cache usage', async () => {
    const cs = byId('deepseek');
    const s = await stream(cs);
    assert.ok(s.text.startsWith(': keep-alive\n\n'));
    assert.equal(s.headers.get('content-type'), 'text/event-stream');
    const last = parseSse(s.text).data.at(-1);
    assert.equal(last.choices[0].finish_reason, 'stop');
    assert.equal(last.usage.prompt_cache_miss_tokens, PROMPT_WORDS);
    const plain = await rawChat(sim, cs, { model: cs.model, messages: MESSAGES });
    assert.ok(plain.text.startsWith('\n\n{'));
    assert.equal(JSON.parse(plain.text).usage.prompt_cache_hit_tokens, 0);
    const v1 = await rawChat(sim, { ...cs, chatPath: '/v1/chat/completions' }, { model: cs.model, messages: MESSAGES });
    assert.equal(v1.status, 200);
  });

  it('deepseek-reasoner: reasoning_content in the message and in deltas', async () => {
    const cs = { ...byId('deepseek'), model: 'deepseek-reasoner' };
    const { client } = clientFor(sim, cs);
    const r = await client.chat.completions.create({ model: cs.model, messages: MESSAGES });
    const msg = r.choices[0]!.message as unknown as { reasoning_content: string; content: string };
    assert.equal(msg.reasoning_content, `Thinking about: ${USER}`);
    assert.equal(msg.content, expectedText(cs));
    const got = await collect(await client.chat.completions.create({ model: cs.model, messages: MESSAGES, stream: true }));
    assert.equal(got.reasoning, msg.reasoning_content);
    assert.equal(got.content, msg.content);
    assert.equal((r.usage as unknown as { completion_tokens_details: { reasoning_tokens: number } }).completion_tokens_details.reasoning_tokens, words(msg.reasoning_content));
  });

  it('moonshot: stream usage sits inside choices[0].usage of the final chunk, not top level', async () => {
    const { data } = parseSse((await stream(byId('moonshot'), { stream_options: { include_usage: true } })).text);
    const last = data.at(-1);
    assert.equal(last.usage, undefined);
    assert.equal(last.choices[0].usage.prompt_tokens, PROMPT_WORDS);
    assert.ok(data.every((d: any) => d.usage === undefined));
  });

  it('perplexity: running usage, citations and search_results on every chunk; last is chat.completion.done', async () => {
    const cs = byId('perplexity');
    const { data } = parseSse((await stream(cs)).text);
    assert.ok(data.every((d: any) => Array.isArray(d.citations) && Array.isArray(d.search_results) && d.usage));
    const counts = data.map((d: any) => d.usage.completion_tokens);
    assert.deepEqual(counts, [...counts].sort((a: number, b: number) => a - b));
    assert.equal(data.at(-1).object, 'chat.completion.done');
    assert.equal(data.at(-1).choices[0].finish_reason, 'stop');
    assert.equal(data[0].object, 'chat.completion.chunk');
    const body = JSON.parse((await rawChat(sim, cs, { model: cs.model, messages: MESSAGES })).text);
    assert.ok(body.citations.length > 0 && body.search_results.length > 0);
  });

  it('openrouter: processing comments, X-Generation-Id, usage chunk after the finish chunk', async () => {
    const s = await stream(byId('openrouter'));
    const { comments, data } = parseSse(s.text);
    assert.deepEqual(comments, [': OPENROUTER PROCESSING']);
    assert.equal(s.headers.get('x-generation-id'), data[0].id);
    assert.match(data[0].id, /^gen-/);
    assert.equal(data.at(-2).choices[0].finish_reason, 'stop');
    assert.equal(data.at(-1).choices[0].finish_reason, null);
    assert.equal(data.at(-1).usage.prompt_tokens, PROMPT_WORDS);
    assert.equal(typeof data.at(-1).usage.cost, 'number');
  });

  it('openrouter: GET /models in OpenRouter\'s model-list format', async () => {
    const res = await fetch(sim.baseUrl('openrouter') + '/models'); // public: no key needed
    const { data } = (await res.json()) as { data: any[] };
    const ids = data.map((m) => m.id);
    for (const id of ['meta-llama/llama-3.1-405b-instruct', 'meta-llama/llama-3.1-405b-instruct:free', 'meta-llama/llama-3.3-70b-instruct', 'anthropic/claude-sonnet-4', 'cohere/command-a', 'x-ai/grok-4', 'moonshotai/kimi-k2']) {
      assert.ok(ids.includes(id), id);
    }
    for (const m of data) {
      assert.equal(typeof m.canonical_slug, 'string');
      assert.equal(typeof m.name, 'string');
      assert.equal(typeof m.context_length, 'number');
      assert.ok(Number.isFinite(Number(m.pricing.prompt)) && typeof m.pricing.prompt === 'string');
      assert.ok(Number.isFinite(Number(m.pricing.completion)) && typeof m.pricing.completion === 'string');
      assert.ok(Array.isArray(m.architecture.input_modalities));
      assert.equal(typeof m.top_provider.context_length, 'number');
      assert.ok(Array.isArray(m.supported_parameters));
    }
    assert.equal(data.find((m) => m.id.endsWith(':free')).pricing.prompt, '0');
  });

  it('mistral: parameters outside its schema get a 422 extra_forbidden body', async () => {
    const cs = byId('mistral');
    for (const param of ['seed', 'max_completion_tokens', 'user', 'logit_bias', 'store', 'service_tier', 'stream_options']) {
      const value = param === 'stream_options' ? { include_usage: true } : param === 'logit_bias' ? {} : param === 'store' ? false : 1;
      const r = await rawChat(sim, cs, { model: cs.model, messages: MESSAGES, [param]: value });
      assert.equal(r.status, 422, param);
      assert.deepEqual(JSON.parse(r.text), { detail: [{ type: 'extra_forbidden', loc: ['body', param], msg: 'Extra inputs are not permitted', input: value }] });
    }
    const ok = await rawChat(sim, cs, { model: cs.model, messages: MESSAGES, random_seed: 7, safe_prompt: false, metadata: { a: 'b' }, max_tokens: 10 });
    assert.equal(ok.status, 200);
    const extraInMsg = await rawChat(sim, cs, { model: cs.model, messages: [{ role: 'assistant', content: 'x', reasoning_content: 'y' }, { role: 'user', content: 'hi' }] });
    assert.equal(extraInMsg.status, 422);
    assert.deepEqual(JSON.parse(extraInMsg.text).detail[0].loc, ['body', 'messages', 0, 'assistant', 'reasoning_content']);
  });

  it('mistral: tool-call ids must be 9 alphanumerics; its own ids are, and carry no `type`', async () => {
    const cs = byId('mistral');
    const r = await rawChat(sim, cs, {
      model: cs.model,
      messages: [...MESSAGES, { role: 'assistant', content: '', tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'call_abc123', content: 'x' }],
    });
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.text), { object: 'error', message: 'Tool call id was call_abc123 but must be a-z, A-Z, 0-9, with a length of 9.', type: 'invalid_function_call', param: null, code: '3280' });
    const body = JSON.parse((await rawChat(sim, cs, { model: cs.model, messages: MESSAGES, tools: TOOLS })).text);
    const call = body.choices[0].message.tool_calls[0];
    assert.match(call.id, /^[a-zA-Z0-9]{9}$/);
    assert.equal(call.type, undefined);
  });

  it('writer answers on /v1/chat only', async () => {
    const cs = byId('writer');
    assert.equal((await rawChat(sim, cs, { model: cs.model, messages: MESSAGES })).status, 200);
    assert.equal((await rawChat(sim, { ...cs, chatPath: '/v1/chat/completions' }, { model: cs.model, messages: MESSAGES })).status, 404);
  });

  it('SSE framing: data: <json>\\n\\n events ending with data: [DONE]', async () => {
    const s = await stream(byId('openai'));
    assert.equal(s.headers.get('content-type'), 'text/event-stream');
    assert.ok(s.text.endsWith('data: [DONE]\n\n'));
    for (const block of s.text.split('\n\n').filter(Boolean)) assert.match(block, /^data: /);
  });
});

describe('faults', () => {
  const openai = () => byId('openai');
  const ask = (cs = openai(), extra: Record<string, unknown> = {}, headers?: Record<string, string>, signal?: AbortSignal) =>
    rawChat(sim, cs, { model: cs.model, messages: MESSAGES, ...extra }, { authorization: `Bearer ${GOOD_KEY}`, ...headers }, signal);

  it('status: 429 with the OpenAI body, rate-limit headers and extra headers; the client sees RateLimitError', async () => {
    sim.enqueue('openai', { status: 429, headers: { 'retry-after': '2' } });
    const { client } = clientFor(sim, openai());
    const err = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.RateLimitError);
    assert.equal(err.status, 429);
    assert.equal(err.code, 'rate_limit_exceeded');
    assert.equal(err.headers?.get('retry-after'), '2');
    assert.equal(err.headers?.get('x-ratelimit-remaining-requests'), '0');
    assert.deepEqual(Object.keys((err.error as object) ?? {}).sort(), ['code', 'message', 'param', 'type']);
  });

  it('errorCode picks the flavour and that provider\'s status', async () => {
    sim.enqueue('openai', { errorCode: 'insufficient_quota' });
    const q = await ask();
    assert.equal(q.status, 429);
    assert.equal(JSON.parse(q.text).error.type, 'insufficient_quota');
    sim.enqueue('deepseek', { errorCode: 'insufficient_quota' });
    const d = await ask(byId('deepseek'));
    assert.equal(d.status, 402);
    assert.equal(JSON.parse(d.text).error.message, 'Insufficient Balance');
    sim.enqueue('openrouter', { errorCode: 'insufficient_quota' });
    const o = await ask(byId('openrouter'));
    assert.equal(o.status, 402);
    assert.equal(JSON.parse(o.text).error.code, 402);
    sim.enqueue('groq', { status: 429 });
    const g = await ask(byId('groq'));
    assert.deepEqual(Object.keys(JSON.parse(g.text).error).sort(), ['code', 'message', 'type']);
    assert.equal(g.headers.get('x-ratelimit-limit-tokens'), '6000');
    assert.equal(g.headers.get('retry-after'), '1');
    sim.enqueue('mistral', { status: 503, errorCode: 'overloaded' });
    const m = await ask(byId('mistral'));
    assert.equal(m.status, 503);
    assert.equal(JSON.parse(m.text).object, 'error');
    sim.enqueue('sarvam', { status: 429, errorCode: 'insufficient_quota' });
    assert.equal(JSON.parse((await ask(byId('sarvam'))).text).error.code, 'insufficient_quota_error');
    sim.enqueue('xai', { status: 500 });
    assert.deepEqual(Object.keys(JSON.parse((await ask(byId('xai'))).text)).sort(), ['code', 'error']);
  });

  it('body: raw override, status defaults to 200', async () => {
    sim.enqueue('openai', { body: 'not even json' }, { status: 418, body: '{"teapot":true}', headers: { 'x-extra': 'yes' } });
    const a = await ask();
    assert.equal(a.status, 200);
    assert.equal(a.text, 'not even json');
    const b = await ask();
    assert.equal(b.status, 418);
    assert.equal(b.headers.get('x-extra'), 'yes');
    assert.equal(b.text, '{"teapot":true}');
  });

  it('latencyMs delays the response headers', async () => {
    sim.enqueue('openai', { latencyMs: 120 });
    const t0 = performance.now();
    const r = await ask();
    assert.equal(r.status, 200);
    assert.ok(performance.now() - t0 >= 110);
  });

  it('hang never answers; the client gives up via its AbortSignal and the simulator keeps serving', async () => {
    sim.enqueue('openai', { hang: true });
    const { client } = clientFor(sim, openai());
    const t0 = performance.now();
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }, { signal: AbortSignal.timeout(150) }), (e: unknown) => e instanceof OpenAI.APIUserAbortError);
    assert.ok(performance.now() - t0 >= 140);
    assert.equal((await ask()).status, 200);
  });

  it('reset destroys the socket without answering', async () => {
    sim.enqueue('openai', { reset: true });
    const { client } = clientFor(sim, openai());
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }), (e: unknown) => e instanceof OpenAI.APIConnectionError);
    sim.enqueue('openai', { reset: true });
    await assert.rejects(ask(), TypeError);
  });

  it('malformed: non-JSON body (non-stream) and a non-JSON data line (stream)', async () => {
    sim.enqueue('openai', { malformed: true }, { malformed: true });
    const a = await ask();
    assert.equal(a.status, 200);
    assert.throws(() => JSON.parse(a.text), SyntaxError);
    const s = parseSse((await ask(openai(), { stream: true })).text);
    assert.equal(s.junk.length, 1);
    assert.ok(s.done);
    sim.enqueue('openai', { malformed: true });
    const { client } = clientFor(sim, openai());
    await assert.rejects(collect(await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, stream: true })), SyntaxError);
  });

  it('truncate: the stream stops early without [DONE] but ends cleanly; non-stream gets half the JSON', async () => {
    sim.enqueue('openai', { truncate: true });
    const { client } = clientFor(sim, openai());
    const got = await collect(await client.chat.completions.create({ model: openai().model, messages: MESSAGES, stream: true }));
    assert.ok(got.chunks.length >= 1);
    assert.equal(got.finish, null);
    assert.ok(expectedText(openai()).startsWith(got.content) && got.content.length < expectedText(openai()).length);
    sim.enqueue('openai', { truncate: true });
    const raw = await ask(openai(), { stream: true });
    assert.equal(parseSse(raw.text).done, false);
    sim.enqueue('openai', { truncate: true });
    const half = await ask();
    assert.equal(half.status, 200);
    assert.throws(() => JSON.parse(half.text), SyntaxError);
    assert.ok(half.text.startsWith('{"id":'));
  });

  it('cutAfterChunks destroys the socket after N data events', async () => {
    sim.enqueue('openai', { cutAfterChunks: 3 });
    const { client } = clientFor(sim, openai());
    const seen: any[] = [];
    await assert.rejects(
      (async () => {
        const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, stream: true });
        for await (const ch of stream) seen.push(ch);
      })(),
    );
    assert.equal(seen.length, 3);
  });

  it('streamError: an OpenRouter in-stream error event under HTTP 200, which the client throws', async () => {
    const cs = byId('openrouter');
    sim.enqueue('openrouter', { streamError: { afterChunks: 2, message: 'Provider disconnected unexpectedly', code: 502 } });
    const raw = await ask(cs, { stream: true });
    assert.equal(raw.status, 200);
    const { data, done } = parseSse(raw.text);
    assert.equal(done, false);
    assert.equal(data.length, 3);
    assert.deepEqual(data[2].error, { code: 502, message: 'Provider disconnected unexpectedly' });
    assert.equal(data[2].choices[0].finish_reason, 'error');
    sim.enqueue('openrouter', { streamError: { afterChunks: 2 } });
    const { client } = clientFor(sim, cs);
    const seen: any[] = [];
    await assert.rejects(
      (async () => {
        for await (const ch of await client.chat.completions.create({ model: cs.model, messages: MESSAGES, stream: true })) seen.push(ch);
      })(),
      (e: unknown) => e instanceof OpenAI.APIError && /Provider disconnected/.test(e.message),
    );
    assert.equal(seen.length, 2);
    sim.enqueue('openai', { streamError: { afterChunks: 1, message: 'boom' } });
    const oa = parseSse((await ask(openai(), { stream: true })).text);
    assert.deepEqual(oa.data[1], { error: { message: 'boom', type: 'server_error', param: null, code: null } });
  });

  it('chunkDelayMs spaces the stream events', async () => {
    sim.enqueue('openai', { chunkDelayMs: 15 });
    const t0 = performance.now();
    const { data, done } = parseSse((await ask(openai(), { stream: true })).text);
    assert.ok(done);
    assert.ok(performance.now() - t0 >= 15 * data.length - 5);
  });

  it('queue order, then the default, and the x-sim-fault header takes precedence', async () => {
    sim.enqueue('groq', { status: 500 }, { status: 502 });
    sim.setDefault('groq', { status: 503 });
    const g = byId('groq');
    assert.equal((await ask(g, {}, { 'x-sim-fault': JSON.stringify({ status: 418 }) })).status, 418);
    assert.equal((await ask(g)).status, 500);
    assert.equal((await ask(g)).status, 502);
    assert.equal((await ask(g)).status, 503);
    assert.equal((await ask(g)).status, 503);
    sim.setDefault('groq', null);
    assert.equal((await ask(g)).status, 200);
    assert.equal((await ask(g, {}, { 'x-sim-fault': '{nope' })).status, 400);
  });
});

describe('request records', () => {
  it('records provider, method, path, parsed body, redacted auth headers; reset() clears', async () => {
    sim.reset();
    const cs = byId('sarvam');
    await rawChat(sim, cs, { model: cs.model, messages: MESSAGES }, { 'api-subscription-key': 'secret-1', authorization: 'Bearer secret-2' });
    await rawChat(sim, byId('openai'), { model: 'gpt-4o', messages: MESSAGES });
    const recs = sim.requests('sarvam');
    assert.equal(recs.length, 1);
    assert.equal(recs[0]!.method, 'POST');
    assert.equal(recs[0]!.path, '/sarvam/v1/chat/completions');
    assert.equal(recs[0]!.headers['api-subscription-key'], '***');
    assert.equal(recs[0]!.headers.authorization, '***');
    assert.deepEqual((recs[0]!.body as { messages: unknown }).messages, MESSAGES);
    assert.ok(recs[0]!.at <= Date.now());
    assert.equal(sim.requests().length, 2);
    sim.reset();
    assert.equal(sim.requests().length, 0);
  });

  it('keeps only the last N (ring buffer)', () => {
    const r = new Recorder(3);
    for (let i = 0; i < 5; i++) r.add('openai', 'POST', `/p${i}`, {}, undefined);
    assert.deepEqual(r.list().map((x) => x.path), ['/p2', '/p3', '/p4']);
  });
});

describe('control plane over HTTP', () => {
  const post = (path: string, body?: unknown) =>
    fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? '' : JSON.stringify(body) });

  it('enqueue, default, requests, reset', async () => {
    const cs = byId('together');
    assert.equal((await post('/__sim/reset')).status, 200);
    const enq = await post('/__sim/enqueue', { provider: 'together', faults: [{ status: 429 }] });
    assert.deepEqual(await enq.json(), { ok: true, queued: 1 });
    assert.equal((await rawChat(sim, cs, { model: cs.model, messages: MESSAGES })).status, 429);
    assert.equal((await post('/__sim/default', { provider: 'together', fault: { status: 500 } })).status, 200);
    assert.equal((await rawChat(sim, cs, { model: cs.model, messages: MESSAGES })).status, 500);
    await post('/__sim/default', { provider: 'together', fault: null });
    assert.equal((await rawChat(sim, cs, { model: cs.model, messages: MESSAGES })).status, 200);
    const list = (await (await fetch(sim.url + '/__sim/requests?provider=together')).json()) as { requests: Array<{ provider: string; headers: Record<string, string> }> };
    assert.equal(list.requests.length, 3);
    assert.ok(list.requests.every((r) => r.provider === 'together' && r.headers.authorization === '***'));
    assert.equal((await post('/__sim/enqueue', { provider: 'nope', faults: [] })).status, 400);
    assert.equal((await post('/__sim/reset')).status, 200);
    assert.equal(sim.requests().length, 0);
  });
});

describe('cli', () => {
  it('prints {"url"} as one JSON line and stops on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../../simulators/cli.js', import.meta.url));
    const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('error', reject);
      });
      const info = JSON.parse(line) as { url: string; providers: Record<string, string> };
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(info.providers.groq, info.url + '/groq/openai/v1');
      const health = await fetch(info.url + '/__sim/health');
      assert.equal(health.status, 200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });
});
