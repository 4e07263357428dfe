/**
 * Gemini embeddings: `:embedContent` (`{content:{parts:[{text}]}, outputDimensionality?, taskType?}` →
 * `{embedding:{values}}`) and `:batchEmbedContents` (`{requests:[{model:"models/…", content, …}]}` →
 * `{embeddings:[{values}]}`; each request's model must be the one in the URL). Only embedding models embed.
 */
import { JSON_TYPE, invalidArgument, rpcError, type Reply } from './errors.js';
import { defaultDimensions, simVector } from '../loopback-kit/embeddings.js';

const TASK_TYPES = new Set(['TASK_TYPE_UNSPECIFIED', 'RETRIEVAL_QUERY', 'RETRIEVAL_DOCUMENT', 'SEMANTIC_SIMILARITY', 'CLASSIFICATION', 'CLUSTERING', 'QUESTION_ANSWERING', 'FACT_VERIFICATION', 'CODE_RETRIEVAL_QUERY']);
const MAX_BATCH = 100;

/** One EmbedContentRequest: its vector, or the error Gemini would give (with the field path it names). */
function embedOne(model: string, request: Record<string, unknown>, where: string): number[] | Reply {
  const content = request.content as { parts?: Array<{ text?: unknown }> } | undefined;
  const parts = content?.parts;
  if (!Array.isArray(parts) || parts.length === 0 || parts.some((p) => typeof p?.text !== 'string')) {
    return invalidArgument(`* ${where}content.parts: contents must have at least one text part\n`);
  }
  if (request.taskType !== undefined && !TASK_TYPES.has(request.taskType as string)) {
    return invalidArgument(`Invalid value at '${where}task_type' (type.googleapis.com/google.ai.generativelanguage.v1beta.TaskType), "${String(request.taskType)}"`);
  }
  const asked = request.outputDimensionality;
  const full = defaultDimensions(model);
  if (asked !== undefined && (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 1 || asked > full)) {
    return invalidArgument(`* ${where}output_dimensionality: must be between 1 and ${full}\n`);
  }
  const text = parts.map((p) => p.text as string).join('');
  return simVector(model, text, typeof asked === 'number' ? asked : full);
}

export function geminiEmbedReply(model: string, action: string, request: Record<string, unknown>): Reply {
  if (!/embedding/.test(model)) return rpcError(400, 'invalid_request', model, `models/${model} is not found for API version v1beta, or is not supported for ${action}.`);
  const ok = (body: unknown): Reply => ({ status: 200, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) });
  if (action === 'embedContent') {
    const vector = embedOne(model, request, '');
    return Array.isArray(vector) ? ok({ embedding: { values: vector } }) : vector;
  }
  const requests = request.requests;
  if (!Array.isArray(requests) || requests.length === 0) return invalidArgument('* BatchEmbedContentsRequest.requests: requests is not specified\n');
  if (requests.length > MAX_BATCH) return invalidArgument(`* BatchEmbedContentsRequest.requests: at most ${MAX_BATCH} requests can be in one batch\n`);
  const embeddings: Array<{ values: number[] }> = [];
  for (let i = 0; i < requests.length; i++) {
    const one = requests[i] as Record<string, unknown>;
    if (one?.model !== `models/${model}`) {
      return invalidArgument(`* BatchEmbedContentsRequest.requests[${i}].model: Model in request must match the model in the URL (models/${model})\n`);
    }
    const vector = embedOne(model, one, `BatchEmbedContentsRequest.requests[${i}].`);
    if (!Array.isArray(vector)) return vector;
    embeddings.push({ values: vector });
  }
  return ok({ embeddings });
}
