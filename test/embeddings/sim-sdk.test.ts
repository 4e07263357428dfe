/**
 * The simulators' embeddings endpoints, checked with each provider's official SDK as the client: what the SDK
 * sends is accepted, and what the simulator answers is parsed into the SDK's own types with the expected values.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { GoogleGenAI } from '@google/genai';
import { CohereClientV2, CohereError } from 'cohere-ai';
import { BedrockRuntimeClient, InvokeModelCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SIM_ACCESS_KEY_ID, SIM_SECRET_ACCESS_KEY } from '../../simulators/bedrock/index.js';
import { simTokens, simVector, startEmbeddingsRig, type EmbeddingsRig } from './helpers.js';

let rig: EmbeddingsRig;
before(async () => {
  rig = await startEmbeddingsRig();
});
after(async () => {
  await rig.close();
});

const TEXTS = ['first text here', 'second one'];

describe('openai SDK against the OpenAI-compatible simulator', () => {
  it('floats, the SDK\'s default base64 (decoded by the SDK), token ids, dimensions', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: rig.openai.baseUrl('openai'), maxRetries: 0 });
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: TEXTS, encoding_format: 'float' });
    assert.deepEqual(floats.data[1]!.embedding, simVector('text-embedding-3-small', TEXTS[1]!, 1536));
    assert.equal(floats.usage.prompt_tokens, simTokens(TEXTS[0]!) + simTokens(TEXTS[1]!));
    const decoded = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'x', dimensions: 32 });
    assert.deepEqual(decoded.data[0]!.embedding, simVector('text-embedding-3-large', 'x', 32));
    const tokens = await client.embeddings.create({ model: 'text-embedding-3-small', input: [5, 6, 7], encoding_format: 'float' });
    assert.equal(tokens.usage.prompt_tokens, 3);
  });

  it('Mistral refuses `dimensions` with its 422 and takes `output_dimension`', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: rig.openai.baseUrl('mistral'), maxRetries: 0 });
    const refused = await client.embeddings.create({ model: 'codestral-embed', input: 'x', dimensions: 8 }).catch((e: unknown) => e);
    assert.ok(refused instanceof OpenAI.APIError && refused.status === 422);
    const ok = await client.embeddings.create({ model: 'codestral-embed', input: 'x', output_dimension: 8, encoding_format: 'float' } as OpenAI.EmbeddingCreateParams);
    assert.equal(ok.data[0]!.embedding.length, 8);
  });
});

describe('@google/genai against the Gemini simulator', () => {
  it('embedContent with one text and with several (batchEmbedContents), outputDimensionality, taskType', async () => {
    const ai = new GoogleGenAI({ apiKey: 'g-test', httpOptions: { baseUrl: rig.gemini.baseUrl } });
    const one = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: 'hello', config: { outputDimensionality: 16, taskType: 'RETRIEVAL_QUERY' } });
    assert.deepEqual(one.embeddings?.[0]?.values, simVector('gemini-embedding-001', 'hello', 16));
    const many = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: TEXTS });
    assert.deepEqual(many.embeddings?.map((e) => e.values), TEXTS.map((t) => simVector('gemini-embedding-001', t, 3072)));
    const paths = rig.gemini.requests().map((r) => r.path);
    assert.ok(paths.every((p) => /:batchEmbedContents$|:embedContent$/.test(p)), paths.join());
  });

  it('a chat model cannot embed: Gemini\'s 400, raised by the SDK', async () => {
    const ai = new GoogleGenAI({ apiKey: 'g-test', httpOptions: { baseUrl: rig.gemini.baseUrl } });
    await assert.rejects(ai.models.embedContent({ model: 'gemini-2.5-flash', contents: 'x' }), /not supported/);
  });
});

describe('cohere-ai against the Cohere simulator', () => {
  it('embed with input_type and float embedding types; billed units', async () => {
    const co = new CohereClientV2({ token: 'co-test', environment: rig.cohere.baseUrl });
    const answer = await co.embed({ model: 'embed-v4.0', texts: TEXTS, inputType: 'search_document', embeddingTypes: ['float'], outputDimension: 512 });
    assert.deepEqual(answer.embeddings.float, TEXTS.map((t) => simVector('embed-v4.0', t, 512)));
    assert.equal(answer.meta?.billedUnits?.inputTokens, simTokens(TEXTS[0]!) + simTokens(TEXTS[1]!));
  });

  it('more than 96 texts in one call are refused with Cohere\'s 400', async () => {
    const co = new CohereClientV2({ token: 'co-test', environment: rig.cohere.baseUrl });
    const error = await co.embed({ model: 'embed-english-v3.0', texts: Array.from({ length: 97 }, (_, i) => `t${i}`), inputType: 'search_document', embeddingTypes: ['float'] }).catch((e: unknown) => e);
    assert.ok(error instanceof CohereError && error.statusCode === 400, String(error));
  });
});

describe('@aws-sdk/client-bedrock-runtime against the Bedrock simulator', () => {
  const client = () => new BedrockRuntimeClient({
    endpoint: rig.bedrock.url, region: 'us-east-1', maxAttempts: 1, requestHandler: new NodeHttpHandler(),
    credentials: { accessKeyId: SIM_ACCESS_KEY_ID, secretAccessKey: SIM_SECRET_ACCESS_KEY },
  });
  const invoke = async (modelId: string, body: unknown) => {
    const out = await client().send(new InvokeModelCommand({ modelId, contentType: 'application/json', accept: 'application/json', body: JSON.stringify(body) }));
    return JSON.parse(new TextDecoder().decode(out.body)) as Record<string, unknown>;
  };

  it('Titan V2 (SigV4-signed InvokeModel): the vector, its length, the token count', async () => {
    const answer = await invoke('amazon.titan-embed-text-v2:0', { inputText: 'hello there', dimensions: 512 });
    assert.deepEqual(answer.embedding, simVector('titan-embed-text-v2', 'hello there', 512));
    assert.equal(answer.inputTextTokenCount, simTokens('hello there'));
  });

  it('Cohere on Bedrock: Cohere\'s body without the model; a Titan body with an unknown key is a ValidationException', async () => {
    const answer = await invoke('cohere.embed-multilingual-v3', { texts: TEXTS, input_type: 'search_query' });
    assert.deepEqual((answer.embeddings as { float: number[][] }).float, TEXTS.map((t) => simVector('embed-multilingual-v3.0', t, 1024)));
    await assert.rejects(invoke('amazon.titan-embed-text-v2:0', { inputText: 'x', texts: ['y'] }), (e: unknown) => e instanceof ValidationException);
  });
});
