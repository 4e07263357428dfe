/** Replicate's prediction object (HTTP API v1), as far as the dialect reads it. */

export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';

export interface PredictionMetrics {
  input_token_count?: number;
  output_token_count?: number;
  predict_time?: number;
  total_time?: number;
  time_to_first_token?: number;
  tokens_per_second?: number;
}

export interface Prediction {
  id: string;
  model?: string;
  version?: string;
  status: PredictionStatus | string;
  /** Language models return the tokens as an array of strings (some return one string). */
  output?: unknown;
  error?: unknown;
  created_at?: string;
  urls?: { get?: string; cancel?: string; stream?: string; web?: string };
  metrics?: PredictionMetrics;
}

/** `starting` and `processing` are the only states a prediction leaves again. */
export function isTerminal(prediction: Prediction): boolean {
  return prediction.status !== 'starting' && prediction.status !== 'processing';
}

/** The name of the event the dialect appends to a stream to carry the finished prediction (its metrics). */
export const FINAL_PREDICTION_EVENT = 'wai-prediction';
