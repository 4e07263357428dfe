/**
 * The clients RAG stacks use, pointed at the gateway: Vercel's `embed`/`embedMany` with `@ai-sdk/openai`,
 * LangChain's `OpenAIEmbeddings`, and WAI's own in-process `wai.embeddings.create`, each served by a Gemini or
 * Cohere upstream through the translation and by OpenAI directly.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { embed, embedMany } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { OpenAIEmbeddings } from '@langchain/openai';
import { createWai, GatewayError, type Wai } from '../../src/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { QUICK_RETRIES, usd, rigEnv, simTokens, simVector, startEmbeddingsRig, type EmbeddingsRig } from './helpers.js';

let rig: EmbeddingsRig;
let gw: RunningGateway;
before(async () => {
  rig = await startEmbeddingsRig();
  gw = await startTestGateway({ env: rigEnv(rig), retries: QUICK_RETRIES });
});
after(async () => {
  await gw.close();
  await rig.close();
});
beforeEach(() => rig.reset());

const DOCS = ['Paris is the capital of France.', 'Berlin is the capital of Germany.'];

describe('Vercel AI SDK (`ai` + `@ai-sdk/openai`) against the gateway', () => {
  it('embed: one value, served by Gemini through the translation', async () => {
    const provider = createOpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1` });
    const result = await embed({ model: provider.embedding('gemini-embedding-001'), value: 'Where is Paris?', maxRetries: 0 });
    assert.deepEqual(result.embedding, simVector('gemini-embedding-001', 'Where is Paris?', 3072));
    assert.equal(rig.gemini.requests().length, 1);
  });

  it('embedMany: several values from OpenAI, in order, with usage', async () => {
    const provider = createOpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1` });
    const result = await embedMany({ model: provider.embedding('text-embedding-3-small'), values: DOCS, maxRetries: 0 });
    assert.deepEqual(result.embeddings, DOCS.map((d) => simVector('text-embedding-3-small', d, 1536)));
    assert.equal(result.usage.tokens, simTokens(DOCS[0]!) + simTokens(DOCS[1]!));
  });
});

describe('LangChain `OpenAIEmbeddings` against the gateway', () => {
  it('embedDocuments and embedQuery on Cohere through the gateway, with dimensions', async () => {
    const embeddings = new OpenAIEmbeddings({ apiKey: 'x', model: 'embed-v4.0', dimensions: 256, maxRetries: 0, configuration: { baseURL: `${gw.url}/v1` } });
    const docs = await embeddings.embedDocuments(DOCS);
    assert.deepEqual(docs, DOCS.map((d) => simVector('embed-v4.0', d, 256)));
    const query = await embeddings.embedQuery('capital of France');
    assert.deepEqual(query, simVector('embed-v4.0', 'capital of France', 256));
    assert.deepEqual(rig.cohere.requests().map((r) => (r.body as { output_dimension: number }).output_dimension), [256, 256]);
  });
});

describe('wai.embeddings.create (the in-process SDK)', () => {
  let wai: Wai;
  before(() => {
    wai = createWai({ env: rigEnv(rig) });
  });
  after(async () => {
    await wai.close();
  });

  it('answers OpenAI\'s shape with how it was served and what it cost', async () => {
    const result = await wai.embeddings.create({ model: 'embed-english-v3.0', input: DOCS });
    assert.deepEqual(result.data.map((d) => d.embedding), DOCS.map((d) => simVector('embed-english-v3.0', d, 1024)));
    assert.equal(result.wai.provider, 'cohere');
    assert.equal(result.wai.level, 1);
    assert.equal(result.wai.costUsd, usd(result.usage.prompt_tokens, 0.1));
  });

  it('base64 from floats: little-endian float32', async () => {
    const result = await wai.embeddings.create({ model: 'titan-embed-text-v2', input: 'x', encoding_format: 'base64', dimensions: 256 });
    const bytes = Buffer.from(result.data[0]!.embedding as string, 'base64');
    const floats = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    assert.deepEqual(floats, simVector('titan-embed-text-v2', 'x', 256));
  });

  it('bad input is a GatewayError naming the field', async () => {
    await assert.rejects(wai.embeddings.create({ model: 'text-embedding-3-small', input: [] }), (e: unknown) => GatewayError.is(e) && e.status === 400 && e.param === 'input');
  });
});
