/**
 * Requests the gateway refuses before any provider is called: each answer is checked for its status and for
 * OpenAI's error body `{error:{message,type,param,code}}`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { assertOpenAIError, gwClient, postRaw, simEnv } from './gw-helpers.js';

let sim: Simulator;
let gw: RunningGateway;
let small: RunningGateway;
let keyless: RunningGateway;

const LIMIT = 300;
const GOOD = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] };

before(async () => {
  sim = await startSimulator();
  gw = await startTestGateway({ env: simEnv(sim, ['openai']) });
  small = await startTestGateway({ env: { ...simEnv(sim, ['openai']), WAI_BODY_LIMIT: String(LIMIT) } });
  keyless = await startTestGateway({ env: { OPENAI_BASE_URL: sim.baseUrl('openai') } });
});

after(async () => {
  await Promise.all([gw?.close(), small?.close(), keyless?.close()]);
  await sim?.close();
});

const chatUrl = () => `${gw.url}/v1/chat/completions`;

/** No request reached the simulator during `fn`. */
async function noUpstreamCall<T>(fn: () => Promise<T>): Promise<T> {
  const before = sim.requests().length;
  const out = await fn();
  assert.equal(sim.requests().length, before, 'no provider was called');
  return out;
}

describe('malformed bodies', () => {
  it('malformed JSON: 400', async () => {
    const raw = await noUpstreamCall(() => postRaw(chatUrl(), '{"model": "openai/gpt-4o-mini", "messages": ['));
    assert.equal(raw.status, 400);
    const error = assertOpenAIError(raw.json, { type: 'invalid_request_error' });
    assert.match(error.message, /JSON/);
    assert.ok(raw.headers.get('x-wai-request-id'));
  });

  it('an empty body: 400', async () => {
    const raw = await noUpstreamCall(() => postRaw(chatUrl(), ''));
    assert.equal(raw.status, 400);
    assertOpenAIError(raw.json, { type: 'invalid_request_error' });
  });

  it('a body that is an array: 400', async () => {
    const raw = await noUpstreamCall(() => postRaw(chatUrl(), [GOOD]));
    assert.equal(raw.status, 400);
    const error = assertOpenAIError(raw.json, { type: 'invalid_request_error' });
    assert.match(error.message, /object/);
  });

  it('a body that is a JSON string: 400', async () => {
    const raw = await noUpstreamCall(() => postRaw(chatUrl(), '"hello"'));
    assert.equal(raw.status, 400);
    assertOpenAIError(raw.json);
  });
});

describe('invalid fields name the parameter', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing model', { messages: GOOD.messages }, 'model'],
    ['empty model', { model: '', messages: GOOD.messages }, 'model'],
    ['model that is not a string', { model: 42, messages: GOOD.messages }, 'model'],
    ['missing messages', { model: GOOD.model }, 'messages'],
    ['empty messages', { model: GOOD.model, messages: [] }, 'messages'],
    ['messages that is not an array', { model: GOOD.model, messages: 'hi' }, 'messages'],
    ['a bogus role deep inside', { model: GOOD.model, messages: [{ role: 'bogus', content: 'x' }] }, 'messages[0].role'],
    ['a wrong type deeper inside', { model: GOOD.model, messages: [{ role: 'user', content: 'x' }, { role: 'user', content: [{ type: 'text', text: 7 }] }] }, 'messages[1].content'],
    ['temperature 5', { ...GOOD, temperature: 5 }, 'temperature'],
    ['temperature as a string', { ...GOOD, temperature: 'hot' }, 'temperature'],
    ['top_p above 1', { ...GOOD, top_p: 1.5 }, 'top_p'],
    ['negative max_tokens', { ...GOOD, max_tokens: -1 }, 'max_tokens'],
    ['stream that is not a boolean', { ...GOOD, stream: 'yes' }, 'stream'],
    ['a tool without a name', { ...GOOD, tools: [{ type: 'function', function: { parameters: {} } }] }, 'tools[0].function.name'],
    ['an unknown wai option', { ...GOOD, wai: { bogus: true } }, 'wai'],
  ];
  for (const [name, body, param] of cases) {
    it(`${name}: 400 with param '${param}'`, async () => {
      const raw = await noUpstreamCall(() => postRaw(chatUrl(), body));
      assert.equal(raw.status, 400, raw.text);
      const error = assertOpenAIError(raw.json, { type: 'invalid_request_error' });
      assert.ok(error.param === param || error.param?.startsWith(param), `param ${error.param} names ${param}`);
      assert.ok(error.message.includes(param.split(/[.[]/)[0]!), `the message names the field: ${error.message}`);
    });
  }

  it('the openai client sees a BadRequestError carrying the param', async () => {
    await assert.rejects(
      gwClient(gw.url).chat.completions.create({ model: GOOD.model, messages: [], temperature: 1 }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && err.status === 400 && err.param === 'messages',
    );
  });
});

describe('unknown models and providers', () => {
  it('an unknown provider prefix: 404 listing the providers', async () => {
    const raw = await noUpstreamCall(() => postRaw(chatUrl(), { ...GOOD, model: 'nope/x' }));
    assert.equal(raw.status, 404);
    const error = assertOpenAIError(raw.json, { param: 'model' });
    assert.match(error.message, /nope/);
    for (const id of ['openai', 'openrouter', 'mistral', 'groq']) assert.ok(error.message.includes(id), `lists ${id}`);
    await assert.rejects(gwClient(gw.url).chat.completions.create({ ...GOOD, model: 'nope/x' } as any), (err: unknown) => err instanceof OpenAI.NotFoundError);
  });

  it('an unknown bare model: 404 naming it', async () => {
    const raw = await noUpstreamCall(() => postRaw(chatUrl(), { ...GOOD, model: 'totally-unknown-model-xyz' }));
    assert.equal(raw.status, 404);
    const error = assertOpenAIError(raw.json, { param: 'model' });
    assert.match(error.message, /totally-unknown-model-xyz/);
  });

  it('no key for the provider: 503 naming the key variable', async () => {
    const raw = await noUpstreamCall(() => postRaw(`${keyless.url}/v1/chat/completions`, GOOD));
    assert.equal(raw.status, 503);
    const error = assertOpenAIError(raw.json);
    assert.match(error.message, /OPENAI_API_KEY/);
  });
});

describe('body size, methods and paths', () => {
  it('a body over the limit (WAI_BODY_LIMIT): 413', async () => {
    assert.equal(small.config.bodyLimitBytes, LIMIT);
    const big = { ...GOOD, messages: [{ role: 'user', content: 'x'.repeat(LIMIT * 2) }] };
    const raw = await postRaw(`${small.url}/v1/chat/completions`, big);
    assert.equal(raw.status, 413);
    const error = assertOpenAIError(raw.json);
    assert.match(error.message, new RegExp(String(LIMIT)));
  });

  it('a chunked body over the limit (no content-length): 413', async () => {
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${small.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(100));
      req.end();
    });
    assert.equal(result.status, 413);
    assertOpenAIError(JSON.parse(result.body));
  });

  it('a body under the limit is served by the small gateway', async () => {
    const raw = await postRaw(`${small.url}/v1/chat/completions`, GOOD);
    assert.equal(raw.status, 200);
  });

  it('GET /v1/chat/completions: 405 with an allow header', async () => {
    const raw = await postRaw(chatUrl(), undefined, { method: 'GET' });
    assert.equal(raw.status, 405);
    assert.equal(raw.headers.get('allow'), 'POST');
    assertOpenAIError(raw.json);
  });

  it('POST /v1/models: 405 allowing GET', async () => {
    const raw = await postRaw(`${gw.url}/v1/models`, {});
    assert.equal(raw.status, 405);
    assert.equal(raw.headers.get('allow'), 'GET');
    assertOpenAIError(raw.json);
  });

  it('an unknown path: 404', async () => {
    const raw = await postRaw(`${gw.url}/v1/nothing-here`, GOOD);
    assert.equal(raw.status, 404);
    const error = assertOpenAIError(raw.json);
    assert.match(error.message, /nothing-here/);
  });

  it('a query string does not change the route', async () => {
    const raw = await postRaw(`${chatUrl()}?trace=1`, GOOD);
    assert.equal(raw.status, 200);
  });

  it('GET /v1/models lists the keyed provider only, in OpenAI list format', async () => {
    const list = await gwClient(gw.url).models.list();
    const ids = list.data.map((m) => m.id);
    assert.equal(list.object, 'list');
    assert.ok(ids.some((id) => id.includes('gpt-4o-mini')), ids.join(', '));
    assert.ok(!ids.some((id) => id.startsWith('groq/') || id.startsWith('mistral/')), `no unkeyed provider is listed: ${ids.join(', ')}`);
  });

  it('GET /health answers 200', async () => {
    const res = await fetch(`${gw.url}/health`);
    assert.equal(res.status, 200);
    await res.text();
  });
});
