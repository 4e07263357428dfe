import type { ProviderRuntime } from '../providers/runtime.js';

/** The five levels of design.md. */
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
}

/** A candidate the planner left out, and why (not an attempt). */
export interface SkippedCandidate {
  provider: string;
  upstreamModel: string;
  level: Level;
  reason: 'no_key' | 'no_dialect' | 'breaker_open' | 'context_too_small' | 'missing_capability' | 'excluded' | 'price';
  detail: string;
}

export interface Route {
  /** The model id as the caller wrote it. */
  requested: string;
  targets: RouteTarget[];
  skipped: SkippedCandidate[];
}
