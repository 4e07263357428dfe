import type { ErrorClass } from '../errors/error-class.js';
import type { Level } from '../routing/route.js';

/** What one attempt did, as the caller and the operator see it. */
export interface AttemptRecord {
  provider: string;
  model: string;
  level: Level;
  ok: boolean;
  errorClass?: ErrorClass;
  status?: number;
  code?: string;
  message?: string;
  durationMs: number;
}

/** How a request was served: the same facts go into the x-wai-* headers and the log. */
export interface Served {
  requestId: string;
  provider: string;
  model: string;
  level: Level;
  attempts: AttemptRecord[];
  /** The catalog's id for the model asked for. */
  canonical?: string;
  /** Set when a same-class substitute served instead of the model asked for. */
  substituteFor?: string;
  /** The serving provider's rate-limit headers, passed on to the caller. */
  rateLimits?: Record<string, string>;
  /** `asked -> served` when another model (or version) served: the `x-wai-substitute` header and the SDK's `wai.substituted`. */
  substituted?: string;
}
