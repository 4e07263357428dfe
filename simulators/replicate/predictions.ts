/**
 * The simulator's predictions: each is created by a POST, read by GETs and (when it streams) by one SSE
 * connection. How it ends is decided by the fault it was created with.
 */
import type { Answer } from '../openai-compatible/answer.js';
import type { Fault } from '../openai-compatible/types.js';
import { splitDeltas } from '../openai-compatible/answer.js';

/** Replicate-only fault fields, on top of the common ones. */
export interface ReplicateFault extends Fault {
  /** The prediction reads as `processing` this many more times (even after `Prefer: wait`) before it ends. */
  pendingReads?: number;
  /** The prediction ends `failed` with this error text (the stream sends it as an `error` event). */
  fail?: string;
  /** The prediction ends `canceled`. */
  cancel?: boolean;
  /** The model does not stream: no `urls.stream`. */
  noStream?: boolean;
  /** The first this-many reads (GET) of the prediction answer 503. */
  failReads?: number;
}

export interface SimPrediction {
  id: string;
  model: string;
  version: string | undefined;
  input: Record<string, unknown>;
  answer: Answer;
  fault: ReplicateFault | undefined;
  readsLeft: number;
  /** Reads answered with a failure so far (see `failReads`). */
  failedReads: number;
  canceled: boolean;
  createdAt: string;
}

export type FinalStatus = 'succeeded' | 'failed' | 'canceled';

export function finalStatus(p: SimPrediction): FinalStatus {
  if (p.canceled || p.fault?.cancel) return 'canceled';
  if (p.fault?.fail !== undefined) return 'failed';
  return 'succeeded';
}

/** The tokens a language model returns: the answer split on spaces, each later token keeping its space. */
export const tokensOf = (p: SimPrediction): string[] => splitDeltas(p.answer.content);

/** The prediction object as the API shows it: unfinished (`starting`/`processing`) or in its final state. */
export function predictionJson(p: SimPrediction, baseUrl: string, stage: 'starting' | 'processing' | 'final'): Record<string, unknown> {
  const finished = stage === 'final';
  const status = finished ? finalStatus(p) : stage;
  const succeeded = status === 'succeeded';
  const urls: Record<string, string> = {
    cancel: `${baseUrl}/v1/predictions/${p.id}/cancel`,
    get: `${baseUrl}/v1/predictions/${p.id}`,
    web: `https://replicate.com/p/${p.id}`,
  };
  if (!p.fault?.noStream) urls.stream = `${baseUrl}/stream/v1/predictions/${p.id}`;
  const done = new Date().toISOString();
  return {
    id: p.id, model: p.model, version: p.version ?? 'dp-sim0000000000000000000000000000', input: p.input, logs: '',
    output: succeeded ? tokensOf(p) : null,
    data_removed: false,
    error: status === 'failed' ? p.fault!.fail : null,
    source: 'api', status, created_at: p.createdAt,
    ...(finished ? { started_at: p.createdAt, completed_at: done } : {}),
    urls,
    ...(succeeded
      ? { metrics: { batch_size: 1, input_token_count: p.answer.promptTokens, output_token_count: p.answer.completionTokens, predict_time: 0.1, predict_time_share: 0.1, time_to_first_token: 0.05, tokens_per_second: 100, total_time: 0.12 } }
      : finished ? { metrics: { predict_time: 0.05, total_time: 0.06 } } : {}),
  };
}
