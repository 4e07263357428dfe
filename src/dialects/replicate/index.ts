import type { Dialect } from '../types.js';
import { buildCreatePrediction } from './request.js';
import { decodePredictionResponse } from './response.js';
import { createPredictionStreamTranslator } from './stream.js';
import { classifyReplicateError } from './errors.js';
import { replicateExchange } from './exchange.js';

/**
 * Replicate predictions: a chat request becomes one prediction of a language model (the conversation rendered
 * into its prompt), created, waited for or streamed by `exchange`, and answered as an OpenAI completion.
 * Tools, images and JSON mode are refused as `unsupported` (Replicate's LLMs have no API for them).
 */
export const replicateDialect: Dialect = {
  id: 'replicate',
  chat: {
    buildChatRequest: buildCreatePrediction,
    decodeChatResponse: decodePredictionResponse,
    createStreamTranslator: createPredictionStreamTranslator,
    classifyError: classifyReplicateError,
    exchange: replicateExchange,
  },
};
