/**
 * What SDKs and browsers need around the API: `GET /v1/models/{id}` (slashes, percent-encoded or not) in OpenAI's
 * model shape and 404 format; opt-in CORS with preflight; `x-request-id` on every response (the SDKs' `request_id`);
 * and the serving provider's rate-limit headers passed to the caller.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/config-error.js';

let sim: Simulator;
let gw: RunningGateway;
let client: OpenAI;
const APP = 'https://app.example.com';

function configWith(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'wai-cors-')), 'wai.yaml');
  writeFileSync(file, text);
  return file;
}

before(async () => {
  sim = await startSimulator();
  gw = await startTestGateway({
    env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: sim.baseUrl('openai') },
    configFile: configWith(`server:\n  cors:\n    origins: ["${APP}"]\n`),
  });
  client = new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
after(async () => {
  await gw.close();
  await sim.close();
});
beforeEach(() => sim.reset());

describe('GET /v1/models/{id}', () => {
  it('models.retrieve with a slash in the id (the SDK percent-encodes it) gives OpenAI\'s model object', async () => {
    const model = await client.models.retrieve('openai/gpt-4o');
    assert.deepEqual({ ...model }, { id: 'openai/gpt-4o', object: 'model', created: 0, owned_by: 'openai' });
    const raw = await fetch(`${gw.url}/v1/models/openai/gpt-4o`);
    assert.equal(raw.status, 200);
    assert.equal((await raw.json() as { id: string }).id, 'openai/gpt-4o');
  });

  it('a catalog name with a keyed provider behind it resolves; an unknown id is OpenAI\'s 404', async () => {
    assert.equal((await client.models.retrieve('text-embedding-3-small')).owned_by, 'openai');
    const error = await client.models.retrieve('nobody/no-such-model').catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.NotFoundError, String(error));
    assert.equal(error.code, 'model_not_found');
    assert.equal(error.param, 'model');
    assert.equal((error.error as { type: string }).type, 'not_found_error');
    assert.match(error.message, /nobody\/no-such-model/);
  });

  it('a catalog model no configured provider serves is a 404 too', async () => {
    const error = await client.models.retrieve('claude-sonnet-4-5').catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.NotFoundError, String(error));
  });
});

describe('x-request-id', () => {
  it('every response carries one; the SDK\'s request_id is WAI\'s id, or the caller\'s own when it sent a sane one', async () => {
    const { request_id: requestId, response } = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.ok(requestId);
    assert.equal(requestId, response.headers.get('x-wai-request-id'));
    const own = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-request-id': 'trace-42.abc' } });
    assert.equal(own._request_id, 'trace-42.abc');
    const errorAnswer = await fetch(`${gw.url}/v1/nowhere`, { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.equal(errorAnswer.status, 404);
    assert.match(errorAnswer.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, 'an unusable id is replaced by WAI\'s');
    assert.equal(errorAnswer.headers.get('x-request-id'), errorAnswer.headers.get('x-wai-request-id'));
    const health = await fetch(`${gw.url}/health`);
    assert.ok(health.headers.get('x-request-id'));
  });
});

describe('CORS (opt-in)', () => {
  it('a preflight from an allowed origin is answered 204 with the allow headers', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-stainless-os' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), APP);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(res.headers.get('access-control-allow-headers'), 'authorization, content-type, x-stainless-os');
    assert.equal(res.headers.get('vary'), 'Origin');
  });

  it('the real request gets the origin and the readable headers; another origin gets none', async () => {
    const body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    const allowed = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { origin: APP, 'content-type': 'application/json' }, body });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), APP);
    assert.match(allowed.headers.get('access-control-expose-headers') ?? '', /x-request-id.*x-wai-provider/);
    const other = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('without server.cors no CORS header is sent and OPTIONS is not answered as a preflight', async () => {
    const plain = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: sim.baseUrl('openai') } });
    try {
      const res = await fetch(`${plain.url}/v1/chat/completions`, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'POST' } });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'method_not_allowed');
    } finally {
      await plain.close();
    }
  });

  it('an origin that is not one (a path, no scheme) is refused at start, naming the field', () => {
    assert.throws(() => loadConfig({ env: {}, configFile: configWith('server:\n  cors:\n    origins: ["https://app.example.com/path"]\n') }),
      (e: unknown) => e instanceof ConfigError && /server\.cors\.origins/.test(e.message));
  });
});

describe('rate-limit headers of the serving provider', () => {
  it('OpenAI\'s x-ratelimit-* reach the caller, whole and streamed', async () => {
    const { response } = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal(response.headers.get('x-ratelimit-remaining-tokens'), '29990');
    assert.equal(response.headers.get('x-ratelimit-reset-requests'), '120ms');
    const streamed = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }).withResponse();
    for await (const _ of streamed.data) { /* drain */ }
    assert.equal(streamed.response.headers.get('x-ratelimit-limit-requests'), '500');
  });
});
