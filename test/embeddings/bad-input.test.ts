/** Bad input on /v1/embeddings (and the routes around it) gets OpenAI's error format with the field named. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { rigEnv, startEmbeddingsRig, type EmbeddingsRig } from './helpers.js';

let rig: EmbeddingsRig;
let gw: RunningGateway;
before(async () => {
  rig = await startEmbeddingsRig();
  gw = await startTestGateway({ env: rigEnv(rig) });
});
after(async () => {
  await gw.close();
  await rig.close();
});

async function post(path: string, body: string | object) {
  const res = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() as { error: { message: string; type: string; param: string | null; code: string | null } } };
}

function assertOpenAIError(answer: Awaited<ReturnType<typeof post>>, status: number, param: string | null) {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.deepEqual(Object.keys(answer.body.error).slice(0, 4).sort(), ['code', 'message', 'param', 'type']);
  assert.equal(answer.body.error.type, status === 404 ? 'not_found_error' : 'invalid_request_error');
  assert.equal(answer.body.error.param, param);
  assert.equal(typeof answer.body.error.message, 'string');
}

describe('POST /v1/embeddings: bad input', () => {
  const cases: Array<[string, object, string]> = [
    ['no model', { input: 'x' }, 'model'],
    ['no input', { model: 'text-embedding-3-small' }, 'input'],
    ['an empty string', { model: 'text-embedding-3-small', input: '' }, 'input'],
    ['an empty list', { model: 'text-embedding-3-small', input: [] }, 'input'],
    ['a list mixing texts and numbers', { model: 'text-embedding-3-small', input: ['a', 1] }, 'input'],
    ['more than 2048 inputs', { model: 'text-embedding-3-small', input: Array.from({ length: 2049 }, () => 'a') }, 'input'],
    ['an unknown encoding_format', { model: 'text-embedding-3-small', input: 'x', encoding_format: 'int8' }, 'encoding_format'],
    ['dimensions of zero', { model: 'text-embedding-3-small', input: 'x', dimensions: 0 }, 'dimensions'],
    ['more dimensions than the model has', { model: 'text-embedding-3-small', input: 'x', dimensions: 4096 }, 'dimensions'],
    ['dimensions on a fixed-size model', { model: 'embed-english-v3.0', input: 'x', dimensions: 512 }, 'dimensions'],
    ['a chat model', { model: 'gpt-4o', input: 'x' }, 'model'],
    ['a bad provider preference', { model: 'text-embedding-3-small', input: 'x', provider: { sort: 'random' } }, 'provider.sort'],
  ];
  for (const [what, body, param] of cases) {
    it(`${what}: 400 naming \`${param}\``, async () => {
      assertOpenAIError(await post('/v1/embeddings', body), 400, param);
    });
  }

  it('a body that is not JSON, or not an object: 400', async () => {
    const notJson = await post('/v1/embeddings', '{"model": ');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error.code, 'invalid_json');
    assertOpenAIError(await post('/v1/embeddings', '[1,2]'), 400, null);
  });

  it('an unknown model: 404 naming `model`', async () => {
    assertOpenAIError(await post('/v1/embeddings', { model: 'nobody/embed-nothing', input: 'x' }), 404, 'model');
  });

  it('no provider was called for any of them', () => {
    assert.equal(rig.openai.requests('openai').length + rig.gemini.requests().length + rig.cohere.requests().length, 0);
  });
});

describe('the other side: an embedding model on chat', () => {
  it('is a 400 naming `model` that points to /v1/embeddings', async () => {
    const answer = await post('/v1/chat/completions', { model: 'text-embedding-3-small', messages: [{ role: 'user', content: 'x' }] });
    assertOpenAIError(answer, 400, 'model');
    assert.match(answer.body.error.message, /\/v1\/embeddings/);
  });

  it('and on speech, a 400 pointing to /v1/embeddings', async () => {
    const answer = await post('/v1/audio/speech', { model: 'text-embedding-3-small', input: 'x', voice: 'alloy' });
    assertOpenAIError(answer, 400, 'model');
    assert.match(answer.body.error.message, /\/v1\/embeddings/);
  });

  it('a chat request with a bad logprobs or tool_choice names the field', async () => {
    assertOpenAIError(await post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], top_logprobs: 50 }), 400, 'top_logprobs');
    assertOpenAIError(await post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'sometimes', tools: [] } } }), 400, 'tool_choice');
  });
});

describe('GET /v1/models/{id}: bad input', () => {
  it('broken percent-encoding: 400 naming `model`', async () => {
    const res = await fetch(`${gw.url}/v1/models/openai%2`);
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { param: string } }).error.param, 'model');
  });
});

describe('GET /v1/route for an embedding model', () => {
  it('explains the embeddings route: the same model on each provider, no substitute', async () => {
    const res = await fetch(`${gw.url}/v1/route?model=text-embedding-3-small`);
    assert.equal(res.status, 200);
    const body = await res.json() as { candidates: Array<{ provider: string; model: string; substituteFor?: string }> };
    assert.deepEqual(body.candidates.map((c) => c.provider).sort(), ['azure-openai', 'openai', 'openrouter']);
    assert.ok(body.candidates.every((c) => c.substituteFor === undefined && /text-embedding-3-small/.test(c.model)));
  });
});
