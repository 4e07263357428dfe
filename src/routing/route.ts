import type { ProviderRuntime } from '../providers/runtime.js';
import type { Offering } from '../catalog/types.js';

/** The five levels (docs/architecture.md). */
export type Level = 1 | 2 | 3 | 4 | 5;

export const LEVEL_NAMES: Readonly<Record<Level, string>> = {
  1: 'direct',
  2: 'primary aggregator',
  3: 'secondary',
  4: 'wide',
  5: 'last resort',
};

/** One planned attempt. */
export interface RouteTarget {
  provider: ProviderRuntime;
  upstreamModel: string;
  level: Level;
  /** The catalog's facts about this offering, when it has them. */
  offering?: Offering;
  /** Set when this target serves another model (or another version) than the one asked for: the name asked. */
  substituteFor?: string;
  /** How it relates to what was asked (`family`, `class`, `nearest-class`, `successor`, `version`). */
  substituteKind?: string;
}

export type SkipReason =
  | 'no_key' | 'no_dialect' | 'not_offered' | 'breaker_open' | 'context_too_small'
  | 'missing_capability' | 'excluded' | 'price'
  /** The offering left its provider's list (or passed its end date), or the provider retired the id. */
  | 'gone' | 'retired'
  /** A substitute the request's (or config's) `substitute` setting does not allow, or none that would be honest. */
  | 'substitution' | 'no_substitute';

/** A candidate the planner left out, and why (not an attempt). */
export interface SkippedCandidate {
  provider: string;
  upstreamModel: string;
  level: Level;
  reason: SkipReason;
  detail: string;
}

export interface Route {
  /** The model id as the caller wrote it. */
  requested: string;
  /** The canonical model it resolved to, when the catalog knows it. */
  canonical?: string;
  targets: RouteTarget[];
  skipped: SkippedCandidate[];
}
