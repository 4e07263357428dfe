import type { BudgetPeriod } from '../client-key.js';

/**
 * Budget periods in UTC. A period's spend is counted under a name that includes its start (`2026-12-06`,
 * `2026-12`), so a new period starts from zero without anyone resetting a counter (a reset racing with the last
 * requests of the old period would lose their spend).
 */
export interface PeriodSpan {
  /** Part of the counter's name. */
  label: string;
  start: number;
  /** null: the `total` budget never resets. */
  end: number | null;
}

/** The last span per period: the hot path asks for the same one many times a second. */
const recent = new Map<BudgetPeriod, PeriodSpan>();

export function periodOf(period: BudgetPeriod, now: number): PeriodSpan {
  const last = recent.get(period);
  if (last && now >= last.start && (last.end === null || now < last.end)) return last;
  const span = computePeriod(period, now);
  recent.set(period, span);
  return span;
}

function computePeriod(period: BudgetPeriod, now: number): PeriodSpan {
  const d = new Date(now);
  if (period === 'day') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return { label: new Date(start).toISOString().slice(0, 10), start, end: start + 86_400_000 };
  }
  if (period === 'month') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    return { label: new Date(start).toISOString().slice(0, 7), start, end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
  }
  return { label: 'total', start: 0, end: null };
}

/** Spend is counted in billionths of a dollar: whole numbers add up exactly (a request may cost well under a micro-dollar). */
export const NANO = 1e9;

export function toNano(usd: number): number {
  return Math.round(usd * NANO);
}
