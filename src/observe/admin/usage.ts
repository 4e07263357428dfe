import { GatewayError } from '../../errors/gateway-error.js';

/** How far back usage is kept in memory, and so the longest window /admin/usage answers. */
export const USAGE_RETENTION_MS = 24 * 3_600_000;
/** At most this many buckets in one answer. */
export const MAX_BUCKETS = 1_500;
/** Usage is kept per second; buckets are whole seconds. */
const RESOLUTION_MS = 1_000;

export interface UsageTotals {
  requests: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

/** Columnar series (uPlot's shape): `t` is the bucket start in seconds since the epoch. */
export interface UsageSeries {
  window: string;
  bucket: string;
  windowMs: number;
  bucketMs: number;
  from: number;
  to: number;
  series: { t: number[] } & { [K in keyof UsageTotals]: number[] };
  totals: UsageTotals;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `5m`, `1h`, `1d`, `500ms`; a bare number is seconds. Undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]) * UNITS[(match[2] ?? 's').toLowerCase()]!;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function durationParam(query: URLSearchParams, name: string, fallback: string): { text: string; ms: number } {
  const text = query.get(name) ?? fallback;
  const ms = parseDuration(text);
  if (ms === undefined) throw new GatewayError(400, `Invalid value for '${name}': "${text}" is not a duration such as 30s, 5m, 1h or 1d.`, { param: name, code: 'invalid_value' });
  return { text, ms };
}

function zero(): UsageTotals {
  return { requests: 0, errors: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 };
}

/**
 * Tokens, cost, requests and errors per second over the last day, kept sparse (only seconds that had traffic),
 * and answered as evenly spaced buckets.
 */
export class UsageAggregator {
  readonly #seconds = new Map<number, UsageTotals>();
  #oldest = Number.POSITIVE_INFINITY;

  add(at: number, sample: { tokensIn: number | null; tokensOut: number | null; costUsd: number | null; error: boolean }): void {
    const second = Math.floor(at / RESOLUTION_MS) * RESOLUTION_MS;
    let slot = this.#seconds.get(second);
    if (!slot) {
      slot = zero();
      this.#seconds.set(second, slot);
      if (second < this.#oldest) this.#oldest = second;
      this.#prune(at);
    }
    slot.requests++;
    if (sample.error) slot.errors++;
    slot.tokensIn += sample.tokensIn ?? 0;
    slot.tokensOut += sample.tokensOut ?? 0;
    slot.costUsd += sample.costUsd ?? 0;
  }

  /** `window` and `bucket` query parameters (defaults 1h and 60s) up to `now`. */
  series(query: URLSearchParams, now: number): UsageSeries {
    const window = durationParam(query, 'window', '1h');
    const bucket = durationParam(query, 'bucket', '60s');
    if (window.ms > USAGE_RETENTION_MS) throw new GatewayError(400, `Invalid value for 'window': at most 24h of usage is kept in memory.`, { param: 'window', code: 'invalid_value' });
    if (bucket.ms % RESOLUTION_MS !== 0) throw new GatewayError(400, `Invalid value for 'bucket': use whole seconds.`, { param: 'bucket', code: 'invalid_value' });
    if (bucket.ms > window.ms) throw new GatewayError(400, `Invalid value for 'bucket': longer than the window.`, { param: 'bucket', code: 'invalid_value' });
    const count = Math.ceil(window.ms / bucket.ms);
    if (count > MAX_BUCKETS) throw new GatewayError(400, `Invalid value for 'bucket': ${count} buckets asked for, at most ${MAX_BUCKETS}; use a longer bucket.`, { param: 'bucket', code: 'invalid_value' });
    const last = Math.floor(now / bucket.ms) * bucket.ms;
    const first = last - (count - 1) * bucket.ms;
    const series: UsageSeries['series'] = { t: [], requests: [], errors: [], tokensIn: [], tokensOut: [], costUsd: [] };
    for (let i = 0; i < count; i++) {
      series.t.push((first + i * bucket.ms) / 1000);
      series.requests.push(0); series.errors.push(0); series.tokensIn.push(0); series.tokensOut.push(0); series.costUsd.push(0);
    }
    const totals = zero();
    for (const [second, slot] of this.#seconds) {
      if (second < first || second >= last + bucket.ms) continue;
      const i = Math.floor((second - first) / bucket.ms);
      for (const k of ['requests', 'errors', 'tokensIn', 'tokensOut', 'costUsd'] as const) {
        series[k][i]! += slot[k];
        totals[k] += slot[k];
      }
    }
    // Micro-dollar rounding, as the cost of a single request has.
    series.costUsd = series.costUsd.map((v) => Math.round(v * 1e9) / 1e9);
    totals.costUsd = Math.round(totals.costUsd * 1e9) / 1e9;
    return { window: window.text, bucket: bucket.text, windowMs: window.ms, bucketMs: bucket.ms, from: first, to: last + bucket.ms, series, totals };
  }

  #prune(now: number): void {
    const cutoff = now - USAGE_RETENTION_MS;
    if (this.#oldest >= cutoff) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const second of this.#seconds.keys()) {
      if (second < cutoff) this.#seconds.delete(second);
      else if (second < oldest) oldest = second;
    }
    this.#oldest = oldest;
  }
}
