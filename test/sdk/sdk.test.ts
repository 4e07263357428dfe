/**
 * The SDK: `createWai({ env })` runs the same engine in-process, shaped like the OpenAI client.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { createWai, GatewayError, type Wai } from '../../src/index.js';
import { collect, simEnv, simText, words } from '../gateway/gw-helpers.js';

let sim: Simulator;
const instances: Wai[] = [];

const MODEL = 'llama-3.3-70b-versatile';
const M = `groq/${MODEL}`;
const USER = 'Name three rivers in Europe';
const MESSAGES = [{ role: 'user' as const, content: USER }];
const TEXT = simText('groq', MODEL, USER);
const GROQ_KEY = 'gsk_sdk_test_key_0123456789';

before(async () => {
  sim = await startSimulator();
});

after(async () => {
  await Promise.all(instances.map((w) => w.close()));
  await sim?.close();
});

beforeEach(() => sim.reset());

function wai(ids: string[] = ['groq'], extra: Record<string, string> = {}): Wai {
  const instance = createWai({ env: { ...simEnv(sim, ids, { groq: GROQ_KEY }), ...extra }, timeouts: { firstByteMs: 300, attemptMs: 600 } });
  instances.push(instance);
  return instance;
}

async function rejectsWith(promise: Promise<unknown>, status: number, check?: (e: GatewayError) => void): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(GatewayError.is(err), `a GatewayError, not ${inspect(err)}`);
    assert.ok(err instanceof GatewayError);
    assert.equal(err.status, status);
    const body = err.toBody();
    assert.equal(typeof body.error.message, 'string');
    check?.(err);
    return true;
  });
}

describe('createWai: completions', () => {
  it('returns an OpenAI-shaped completion with wai.provider and wai.level', async () => {
    const w = wai();
    const r = await w.chat.completions.create({ model: M, messages: MESSAGES });
    assert.equal(r.object, 'chat.completion');
    assert.equal(typeof r.id, 'string');
    assert.equal(r.model, MODEL);
    assert.equal(r.choices[0]!.message.role, 'assistant');
    assert.equal(r.choices[0]!.message.content, TEXT);
    assert.equal(r.choices[0]!.finish_reason, 'stop');
    assert.equal(r.usage?.prompt_tokens, words(USER));
    assert.equal(r.usage?.completion_tokens, words(TEXT));
    assert.equal(r.wai.provider, 'groq');
    assert.equal(r.wai.model, MODEL);
    assert.equal(r.wai.level, 1);
    assert.equal(r.wai.attempts.length, 1);
    assert.equal(r.wai.attempts[0]!.ok, true);
    assert.ok(r.wai.requestId);
    assert.equal(sim.requests('groq').length, 1);
  });

  it('streaming returns an async iterable of chunks, with wai and the usage once it ends', async () => {
    const w = wai();
    const stream = await w.chat.completions.create({ model: M, messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
    assert.equal(stream.wai.provider, 'groq');
    assert.equal(stream.wai.level, 1);
    assert.equal(typeof stream[Symbol.asyncIterator], 'function');
    const got = await collect(stream);
    for (const chunk of got.chunks) assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(got.content, TEXT);
    assert.equal(got.finish, 'stop');
    assert.equal(stream.usage?.prompt_tokens, words(USER));
    assert.equal(stream.usage?.completion_tokens, words(TEXT));
  });

  it('tool calls come back in the OpenAI shape', async () => {
    const w = wai(['mistral']);
    const r = await w.chat.completions.create({
      model: 'mistral/mistral-large-latest',
      messages: MESSAGES,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
    });
    const call = r.choices[0]!.message.tool_calls![0]!;
    assert.equal(call.type, 'function');
    assert.equal(call.function.name, 'lookup');
    assert.deepEqual(JSON.parse(call.function.arguments), { input: USER });
  });

  it('provider keys and base URLs can be given as options instead of the environment', async () => {
    const w = createWai({ env: {}, providers: { groq: { apiKey: GROQ_KEY, baseUrl: sim.baseUrl('groq') } } });
    instances.push(w);
    const r = await w.chat.completions.create({ model: M, messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, TEXT);
  });
});

describe('createWai: errors are GatewayErrors with a status', () => {
  it('bad input: 400 naming the field', async () => {
    await rejectsWith(wai().chat.completions.create({ model: M, messages: [] }), 400, (e) => assert.equal(e.param, 'messages'));
    await rejectsWith(wai().chat.completions.create({ model: M, messages: MESSAGES, temperature: 9 }), 400, (e) => assert.equal(e.param, 'temperature'));
    assert.equal(sim.requests().length, 0);
  });

  it('unknown provider and unknown model: 404', async () => {
    await rejectsWith(wai().chat.completions.create({ model: 'nope/x', messages: MESSAGES }), 404);
    await rejectsWith(wai().chat.completions.create({ model: 'no-such-model-anywhere', messages: MESSAGES }), 404);
  });

  it('no key: 503 naming the variable', async () => {
    const w = wai([]);
    await rejectsWith(w.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: MESSAGES }), 503, (e) => assert.match(e.message, /OPENAI_API_KEY/));
  });

  it('an upstream 401: status 401 and the provider named', async () => {
    sim.setDefault('groq', { status: 401 });
    await rejectsWith(wai().chat.completions.create({ model: M, messages: MESSAGES }), 401, (e) => {
      assert.equal(e.toBody().error.provider, 'groq');
      assert.match(e.message, /Invalid API Key/);
    });
  });

  it('an upstream hang: 504', async () => {
    sim.setDefault('groq', { hang: true });
    await rejectsWith(wai().chat.completions.create({ model: M, messages: MESSAGES }), 504);
  });

  it('an error after the stream started is thrown from the iteration as a GatewayError', async () => {
    sim.setDefault('openrouter', { streamError: { afterChunks: 3, message: 'provider went away' } });
    const w = wai(['openrouter']);
    const stream = await w.chat.completions.create({ model: 'openrouter/openai/gpt-4o-mini', messages: MESSAGES, stream: true });
    let content = '';
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) content += chunk.choices[0]?.delta?.content ?? '';
      })(),
      (err: unknown) => GatewayError.is(err) && typeof err.status === 'number' && err.status >= 500 && /provider went away/.test(err.message),
    );
    assert.ok(content.length > 0);
  });

  it('an aborted signal rejects the call', async () => {
    sim.setDefault('groq', { latencyMs: 2000 });
    const controller = new AbortController();
    const pending = wai().chat.completions.create({ model: M, messages: MESSAGES }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await assert.rejects(pending);
    assert.ok(Date.now() - started < 1500, 'the call ended soon after the abort');
  });
});

describe('createWai: models.list()', () => {
  it("lists the keyed providers' models and nothing else", async () => {
    const list: any = await wai(['groq', 'mistral']).models.list();
    const items: any[] = Array.isArray(list) ? list : list.data;
    const ids = items.map((m) => m.id);
    assert.ok(ids.includes(`groq/${MODEL}`), ids.join(', '));
    assert.ok(ids.some((id) => id.startsWith('mistral/')));
    assert.ok(!ids.some((id) => id.startsWith('openai/') || id.startsWith('together/')), 'no unkeyed provider');
    for (const item of items) assert.equal(item.object, 'model');
  });

  it('lists nothing reachable without keys', async () => {
    const list: any = await wai([]).models.list();
    const items: any[] = Array.isArray(list) ? list : list.data;
    assert.equal(items.length, 0);
  });
});

describe('createWai: the instance does not print keys', () => {
  it('inspect and JSON of the instance config hold no key', () => {
    const w = wai();
    for (const view of [JSON.stringify(w.config), inspect(w.config, { depth: 10 }), inspect(w, { depth: 3 })]) {
      assert.ok(!view.includes(GROQ_KEY), 'no key in a printed view');
    }
  });
});
