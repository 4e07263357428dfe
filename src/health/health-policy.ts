/** When breakers open and for how long. All durations in milliseconds. */
export interface HealthPolicy {
  /** Transient failures in a row that open a breaker. */
  consecutiveFailures: number;
  /** Or: a failure rate over a window, once the window has at least `minRequests`. */
  windowMs: number;
  minRequests: number;
  failureRate: number;
  /** First cool-down after transient failures; doubles on each re-open up to `maxCooldownMs`. */
  transientCooldownMs: number;
  maxCooldownMs: number;
  /** Rate limits without a Retry-After. */
  rateLimitCooldownMs: number;
  /** A rejected key, an exhausted quota, a missing model or endpoint: long cool-downs. */
  authCooldownMs: number;
  quotaCooldownMs: number;
  modelUnavailableCooldownMs: number;
  unsupportedCooldownMs: number;
  /** A probe that never reports back frees the half-open slot after this long. */
  probeTimeoutMs: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  consecutiveFailures: 3,
  windowMs: 60_000,
  minRequests: 10,
  failureRate: 0.5,
  transientCooldownMs: 5_000,
  maxCooldownMs: 300_000,
  rateLimitCooldownMs: 10_000,
  authCooldownMs: 1_800_000,
  quotaCooldownMs: 900_000,
  modelUnavailableCooldownMs: 600_000,
  unsupportedCooldownMs: 600_000,
  probeTimeoutMs: 60_000,
};
