/**
 * `POST /v1/embeddings` through the gateway with the official `openai` client: float and base64 vectors from
 * OpenAI, Gemini, Cohere and Bedrock (Titan and Cohere) upstreams, the wire request each received, usage and cost,
 * and fallback to the same model on another provider (never to another model).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { embed, embedError, served, simTokens, simVector, startEmbeddingsRig, vectorBase64, withGateway, type EmbeddingsRig } from './embeddings-helpers.js';

let rig: EmbeddingsRig;
before(async () => {
  rig = await startEmbeddingsRig();
});
after(async () => {
  await rig.close();
});
beforeEach(() => rig.reset());

const TEXTS = ['The quick brown fox', 'jumps over the lazy dog'];
const tokensOf = (texts: string[]) => texts.reduce((sum, t) => sum + simTokens(t), 0);

describe('embeddings: OpenAI serves', () => {
  it('floats: one vector per input, in order, the provider\'s usage and the catalog price', async () => {
    const { body, headers } = await withGateway(rig, (client) => embed(client, { model: 'text-embedding-3-small', input: TEXTS, encoding_format: 'float' }));
    assert.deepEqual(served(headers), { provider: 'openai', model: 'text-embedding-3-small', level: '1', attempts: '1' });
    assert.equal(body.object, 'list');
    assert.deepEqual(body.data.map((d) => d.index), [0, 1]);
    assert.deepEqual(body.data[0]!.embedding, simVector('text-embedding-3-small', TEXTS[0]!, 1536));
    assert.deepEqual(body.data[1]!.embedding, simVector('text-embedding-3-small', TEXTS[1]!, 1536));
    assert.deepEqual(body.usage, { prompt_tokens: tokensOf(TEXTS), total_tokens: tokensOf(TEXTS) });
    assert.equal(Number(headers.get('x-wai-cost')), tokensOf(TEXTS) * 0.02 / 1e6);
    const [seen] = rig.openai.requests('openai');
    assert.equal(seen!.path, '/openai/v1/embeddings');
    assert.deepEqual(seen!.body, { model: 'text-embedding-3-small', input: TEXTS });
  });

  it('base64 asked of OpenAI passes through as OpenAI encoded it; the SDK default (base64, decoded) gives the floats', async () => {
    await withGateway(rig, async (client) => {
      const raw = await embed(client, { model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'base64', dimensions: 64 });
      assert.equal(raw.body.data[0]!.embedding as unknown as string, vectorBase64(simVector('text-embedding-3-small', 'hello world', 64)));
      const decoded = await embed(client, { model: 'text-embedding-3-small', input: 'hello world', dimensions: 64 });
      assert.deepEqual(decoded.body.data[0]!.embedding, simVector('text-embedding-3-small', 'hello world', 64));
    });
    const [first, second] = rig.openai.requests('openai');
    assert.deepEqual(first!.body, { model: 'text-embedding-3-small', input: 'hello world', dimensions: 64, encoding_format: 'base64' });
    assert.equal((second!.body as { encoding_format?: string }).encoding_format, 'base64', 'the openai SDK asks for base64 by default');
  });

  it('token ids go to OpenAI as they are', async () => {
    const { body } = await withGateway(rig, (client) => embed(client, { model: 'text-embedding-3-small', input: [[1, 2, 3], [4, 5]], encoding_format: 'float' }));
    assert.deepEqual(body.data[1]!.embedding, simVector('text-embedding-3-small', [4, 5], 1536));
    assert.deepEqual(body.usage.prompt_tokens, 5);
    assert.deepEqual((rig.openai.requests('openai')[0]!.body as { input: unknown }).input, [[1, 2, 3], [4, 5]]);
  });
});
