/**
 * `POST /v1/embeddings` through the gateway with the official `openai` client: float and base64 vectors from
 * OpenAI, Gemini, Cohere and Bedrock (Titan and Cohere) upstreams, the wire request each received, usage and cost,
 * and fallback to the same model on another provider (never to another model).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { embed, embedError, served, usd, simTokens, simVector, startEmbeddingsRig, vectorBase64, withGateway, type EmbeddingsRig } from './helpers.js';

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
    assert.equal(Number(headers.get('x-wai-cost')), usd(tokensOf(TEXTS), 0.02));
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

describe('embeddings: Gemini serves', () => {
  it('one text goes to :embedContent, several to :batchEmbedContents; float and base64 (built by WAI); dimensions as outputDimensionality', async () => {
    await withGateway(rig, async (client) => {
      const one = await embed(client, { model: 'gemini-embedding-001', input: 'hello', encoding_format: 'float', dimensions: 768 });
      assert.deepEqual(served(one.headers), { provider: 'google', model: 'gemini-embedding-001', level: '1', attempts: '1' });
      assert.deepEqual(one.body.data[0]!.embedding, simVector('gemini-embedding-001', 'hello', 768));
      // Gemini reports no token count: WAI's estimate (4 characters a token) stands in, and prices the request.
      assert.deepEqual(one.body.usage, { prompt_tokens: 2, total_tokens: 2 });
      assert.equal(Number(one.headers.get('x-wai-cost')), usd(2, 0.15));
      const many = await embed(client, { model: 'google/gemini-embedding-001', input: TEXTS, encoding_format: 'base64' });
      assert.deepEqual(many.body.data.map((d) => d.embedding as unknown as string), TEXTS.map((t) => vectorBase64(simVector('gemini-embedding-001', t, 3072))));
    });
    const [one, many] = rig.gemini.requests();
    assert.equal(one!.path, '/v1beta/models/gemini-embedding-001:embedContent');
    assert.deepEqual(one!.body, { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] }, outputDimensionality: 768 });
    assert.equal(one!.headers['x-goog-api-key'], '***');
    assert.equal(many!.path, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
    assert.deepEqual(many!.body, { requests: TEXTS.map((text) => ({ model: 'models/gemini-embedding-001', content: { parts: [{ text }] } })) });
  });

  it('falls back to the same model on OpenRouter when Gemini is down', async () => {
    rig.gemini.setDefault({ status: 503 });
    const { body, headers } = await withGateway(rig, (client) => embed(client, { model: 'gemini-embedding-001', input: TEXTS }));
    assert.deepEqual(served(headers), { provider: 'openrouter', model: 'google/gemini-embedding-001', level: '2', attempts: '3' });
    assert.deepEqual(body.data[1]!.embedding, simVector('gemini-embedding-001', TEXTS[1]!, 3072), 'the same model gives the same vectors');
    assert.equal((rig.openai.requests('openrouter')[0]!.body as { model: string }).model, 'google/gemini-embedding-001');
  });
});

describe('embeddings: Cohere serves', () => {
  it('texts go to /v2/embed with input_type search_document (or the caller\'s own); billed tokens and price', async () => {
    await withGateway(rig, async (client) => {
      const docs = await embed(client, { model: 'embed-english-v3.0', input: TEXTS, encoding_format: 'float' });
      assert.deepEqual(served(docs.headers), { provider: 'cohere', model: 'embed-english-v3.0', level: '1', attempts: '1' });
      assert.deepEqual(docs.body.data[0]!.embedding, simVector('embed-english-v3.0', TEXTS[0]!, 1024));
      assert.equal(docs.body.usage.prompt_tokens, tokensOf(TEXTS));
      assert.equal(Number(docs.headers.get('x-wai-cost')), usd(tokensOf(TEXTS), 0.1));
      const query = await embed(client, { model: 'cohere/embed-v4.0', input: 'a query', encoding_format: 'base64', dimensions: 256, input_type: 'search_query' });
      assert.equal(query.body.data[0]!.embedding as unknown as string, vectorBase64(simVector('embed-v4.0', 'a query', 256)));
    });
    const [docs, query] = rig.cohere.requests();
    assert.equal(docs!.path, '/v2/embed');
    assert.deepEqual(docs!.body, { model: 'embed-english-v3.0', texts: TEXTS, input_type: 'search_document', embedding_types: ['float'] });
    assert.deepEqual(query!.body, { model: 'embed-v4.0', texts: ['a query'], input_type: 'search_query', embedding_types: ['float'], output_dimension: 256 });
  });

  it('falls back to the same Cohere model on Bedrock when Cohere rate-limits', async () => {
    rig.cohere.enqueue({ status: 429 });
    const { body, headers } = await withGateway(rig, (client) => embed(client, { model: 'embed-english-v3.0', input: TEXTS, encoding_format: 'float' }));
    assert.deepEqual(served(headers), { provider: 'bedrock', model: 'cohere.embed-english-v3', level: '4', attempts: '2' });
    assert.deepEqual(body.data[0]!.embedding, simVector('embed-english-v3.0', TEXTS[0]!, 1024));
    assert.equal(body.usage.prompt_tokens, tokensOf(TEXTS), 'from Bedrock\'s token-count header');
    const [seen] = rig.bedrock.requests();
    assert.equal(seen!.path, '/model/cohere.embed-english-v3/invoke');
    assert.deepEqual(seen!.body, { texts: TEXTS, input_type: 'search_document', embedding_types: ['float'] });
  });
});

describe('embeddings: Bedrock Titan serves', () => {
  it('one InvokeModel call per text, in order; float and base64; dimensions; the token counts added up', async () => {
    await withGateway(rig, async (client) => {
      const floats = await embed(client, { model: 'titan-embed-text-v2', input: TEXTS, encoding_format: 'float', dimensions: 256 });
      assert.deepEqual(served(floats.headers), { provider: 'bedrock', model: 'amazon.titan-embed-text-v2:0', level: '1', attempts: '1' });
      assert.deepEqual(floats.body.data.map((d) => d.embedding), TEXTS.map((t) => simVector('titan-embed-text-v2', t, 256)));
      assert.equal(floats.body.usage.prompt_tokens, tokensOf(TEXTS));
      const b64 = await embed(client, { model: 'bedrock/amazon.titan-embed-text-v2:0', input: 'one text', encoding_format: 'base64' });
      assert.equal(b64.body.data[0]!.embedding as unknown as string, vectorBase64(simVector('titan-embed-text-v2', 'one text', 1024)));
    });
    const calls = rig.bedrock.requests();
    assert.equal(calls.length, 3);
    assert.equal(calls[0]!.path, '/model/amazon.titan-embed-text-v2%3A0/invoke');
    assert.deepEqual(calls.slice(0, 2).map((c) => c.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      TEXTS.map((inputText) => ({ inputText, dimensions: 256 })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    assert.equal(calls[0]!.headers.authorization, '***');
  });

  it('Cohere Embed asked of Bedrock falls back to the same model on Cohere when Bedrock throttles', async () => {
    rig.bedrock.enqueue({ status: 429 });
    const { body, headers } = await withGateway(rig, (client) => embed(client, { model: 'bedrock/cohere.embed-multilingual-v3', input: TEXTS, encoding_format: 'base64' }));
    assert.deepEqual(served(headers), { provider: 'cohere', model: 'embed-multilingual-v3.0', level: '4', attempts: '2' });
    assert.deepEqual(body.data.map((d) => d.embedding as unknown as string), TEXTS.map((t) => vectorBase64(simVector('embed-multilingual-v3.0', t, 1024))));
    assert.equal(rig.bedrock.requests()[0]!.path, '/model/cohere.embed-multilingual-v3/invoke');
  });

  it('a length Titan cannot give is refused before any call, naming `dimensions`', async () => {
    const error = await withGateway(rig, (client) => embedError(client, { model: 'titan-embed-text-v2', input: 'x', dimensions: 300 }));
    assert.equal(error.status, 400);
    assert.equal(error.param, 'dimensions');
    assert.match(error.message, /must be one of 256, 512, 1024/);
    assert.equal(rig.bedrock.requests().length, 0);
  });

  it('when Titan fails there is no other model to turn to, and the error says so', async () => {
    rig.bedrock.setDefault({ status: 500 });
    const error = await withGateway(rig, (client) => embedError(client, { model: 'titan-embed-text-v2', input: 'x' }));
    assert.ok((error.status ?? 0) >= 500, String(error.status));
    assert.match(error.message, /never fall back to another model/);
  });
});

describe('embeddings: fallback keeps the model', () => {
  it('OpenAI failing falls to the same model on Azure, then OpenRouter, never to another embedding model', async () => {
    rig.openai.setDefault('openai', { status: 500 });
    rig.azure.setDefault({ status: 503 });
    const { body, headers } = await withGateway(rig, (client) => embed(client, { model: 'text-embedding-3-small', input: TEXTS, encoding_format: 'float' }));
    assert.equal(headers.get('x-wai-provider'), 'openrouter');
    assert.equal(headers.get('x-wai-model'), 'openai/text-embedding-3-small');
    assert.equal(headers.get('x-wai-substitute'), null);
    assert.deepEqual(body.data[0]!.embedding, simVector('text-embedding-3-small', TEXTS[0]!, 1536));
    const asked = [...rig.openai.requests('openai'), ...rig.azure.requests(), ...rig.openai.requests('openrouter')];
    assert.ok(asked.every((r) => /text-embedding-3-small/.test(r.path + JSON.stringify(r.body))), 'every attempt was text-embedding-3-small');
  });

  it('with every provider of the model down, the 503 lists them and says no other model was tried', async () => {
    rig.openai.setDefault('openai', { status: 500 });
    rig.openai.setDefault('openrouter', { status: 500 });
    rig.azure.setDefault({ status: 500 });
    const error = await withGateway(rig, (client) => embedError(client, { model: 'text-embedding-3-small', input: 'x' }));
    assert.equal(error.status, 503);
    assert.match(error.message, /same model \(text-embedding-3-small\) on another provider, never to another model/);
    const attempts = (error.error as { attempts: Array<{ model: string }> }).attempts;
    assert.deepEqual([...new Set(attempts.map((a) => a.model))].sort(), ['openai/text-embedding-3-small', 'text-embedding-3-small']);
    assert.equal(rig.gemini.requests().length + rig.cohere.requests().length + rig.bedrock.requests().length, 0);
  });

  it('an open model: Together and OpenRouter (the cheaper of the two others) down, Fireworks serves the same bge model', async () => {
    rig.openai.enqueue('together', { status: 429 });
    rig.openai.enqueue('openrouter', { status: 429 });
    const { headers } = await withGateway(rig, (client) => embed(client, { model: 'bge-base-en-v1.5', input: 'x' }));
    assert.equal(headers.get('x-wai-provider'), 'fireworks');
    assert.equal(headers.get('x-wai-model'), 'BAAI/bge-base-en-v1.5');
    assert.equal((rig.openai.requests('openrouter')[0]!.body as { model: string }).model, 'baai/bge-base-en-v1.5');
  });

  it('Mistral gets `output_dimension`, not `dimensions` (it refuses fields it does not know)', async () => {
    const { body } = await withGateway(rig, (client) => embed(client, { model: 'codestral-embed', input: 'fn main() {}', dimensions: 512, encoding_format: 'float' }));
    assert.equal(body.data[0]!.embedding.length, 512);
    assert.deepEqual(rig.openai.requests('mistral')[0]!.body, { model: 'codestral-embed', input: 'fn main() {}', output_dimension: 512 });
  });

  it('token ids skip providers that take only text, with the reason', async () => {
    const error = await withGateway(rig, (client) => embedError(client, { model: 'gemini-embedding-001', input: [1, 2, 3] }));
    assert.equal(error.status, 503);
    assert.match(error.message, /takes no token ids/);
    assert.equal(rig.gemini.requests().length, 0);
  });
});

describe('embeddings: the serving provider\'s rate-limit headers reach the caller', () => {
  it('x-ratelimit-* from OpenAI are passed on', async () => {
    const { headers } = await withGateway(rig, (client) => embed(client, { model: 'text-embedding-3-small', input: 'x' }));
    assert.equal(headers.get('x-ratelimit-remaining-requests'), '499');
    assert.equal(headers.get('x-ratelimit-limit-tokens'), '30000');
  });
});

describe('embeddings: providers that cap a call\'s inputs get several calls', () => {
  const many = Array.from({ length: 200 }, (_, i) => `text number ${i}`);

  it('Cohere (96 texts a call) and Gemini (100 a batch): every vector back, in input order', async () => {
    await withGateway(rig, async (client) => {
      for (const model of ['embed-english-v3.0', 'gemini-embedding-001']) {
        const { body } = await embed(client, { model, input: many, encoding_format: 'float', ...(model.startsWith('gemini') ? { dimensions: 128 } : {}) });
        assert.equal(body.data.length, 200);
        assert.deepEqual(body.data[150]!.embedding, simVector(model, many[150]!, model.startsWith('gemini') ? 128 : 1024));
        assert.deepEqual(body.data.map((d) => d.index), many.map((_, i) => i));
      }
    });
    assert.deepEqual(rig.cohere.requests().map((r) => (r.body as { texts: string[] }).texts.length), [96, 96, 8]);
    assert.deepEqual(rig.gemini.requests().map((r) => (r.body as { requests: unknown[] }).requests.length), [100, 100]);
  });
});
