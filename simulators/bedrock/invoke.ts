/**
 * InvokeModel (`POST /model/{modelId}/invoke`) for the embedding models Bedrock hosts, in each model's own body:
 * - Amazon Titan Text Embeddings V2: `{inputText, dimensions?, normalize?}` → `{embedding, inputTextTokenCount}`;
 *   dimensions 256, 512 or 1024; one text a call;
 * - Cohere Embed: Cohere's embed body without `model` → Cohere's answer (no `meta`).
 * Bedrock puts the token count in `x-amzn-bedrock-input-token-count` as well.
 */
import { validation, type Reply } from './errors.js';
import { cohereEmbedReply } from '../cohere/embed.js';
import { defaultDimensions, simTokens, simVector } from '../loopback-kit/embeddings.js';

const TITAN_FIELDS = new Set(['inputText', 'dimensions', 'normalize', 'embeddingTypes']);
const TITAN_DIMENSIONS = new Set([256, 512, 1024]);

function ok(body: string, tokens: number): Reply {
  return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-bedrock-input-token-count': String(tokens), 'x-amzn-bedrock-invocation-latency': '5' }, body };
}

export function invokeReply(modelId: string, body: Record<string, unknown>): Reply {
  if (/cohere\.embed/.test(modelId)) {
    const answer = cohereEmbedReply(modelId, { ...body, model: modelId }, false);
    if (answer.status !== 200) return validation(`Malformed input request: ${JSON.parse(answer.body).message as string}`);
    const texts = body.texts as string[];
    return ok(answer.body, texts.reduce((sum, t) => sum + simTokens(t), 0));
  }
  if (/amazon\.titan-embed-text/.test(modelId)) {
    for (const key of Object.keys(body)) if (!TITAN_FIELDS.has(key)) return validation(`Malformed input request: extraneous key [${key}] is not permitted, please reformat your input and try again.`);
    if (typeof body.inputText !== 'string' || body.inputText === '') return validation('Malformed input request: #: required key [inputText] not found, please reformat your input and try again.');
    const asked = body.dimensions;
    if (asked !== undefined && !TITAN_DIMENSIONS.has(asked as number)) return validation(`Malformed input request: #/dimensions: ${String(asked)} is not a valid enum value, please reformat your input and try again.`);
    const dimensions = typeof asked === 'number' ? asked : defaultDimensions(modelId);
    const tokens = simTokens(body.inputText);
    return ok(JSON.stringify({ embedding: simVector(modelId, body.inputText, dimensions), inputTextTokenCount: tokens }), tokens);
  }
  return validation(`The model ${modelId} does not support InvokeModel in the simulator.`);
}
