import type { Transport } from '../dialects/types.js';
import type { Clock } from '../internal/clock.js';
import type { CancelSignal } from '../internal/cancel.js';
import type { Planner } from '../routing/planner.js';
import type { Route } from '../routing/route.js';
import type { HealthTracker } from '../health/health-tracker.js';
import type { RequestObserver } from './request-record.js';
import type { Served } from './attempt-record.js';
import type { ExecuteOptions, RouteTrace } from './execute-route.js';

/**
 * What the engine lends an ingress that runs its own attempts down the route (ingress/responses): the same pieces a
 * chat request runs on. Ingress sits above the engine (docs/architecture.md, layers), so it borrows them through
 * Engine.lend instead of the engine calling into it.
 */
export interface LentParts {
  planner: Planner;
  health: HealthTracker;
  transport: Transport;
  clock: Clock;
  observers: readonly RequestObserver[];
  redact(text: string): string;
  executeOptions(signal: CancelSignal | undefined, timeoutMs: number | undefined, deadlineMs: number | undefined, trace: RouteTrace): ExecuteOptions;
  served(run: { target: Route['targets'][number]; attempts: Served['attempts'] }, route: Route): Served;
  /** Narrows the route to what the caller's client key may use (403 when the model itself is not allowed). */
  restrict?(route: Route): Route;
}
