/** Per-provider fault queues and defaults, and the per-request `x-sim-fault` header. */
import type { Fault } from './types.js';

export class FaultBook {
  private readonly queues = new Map<string, Fault[]>();
  private readonly defaults = new Map<string, Fault>();

  enqueue(provider: string, faults: Fault[]): void {
    const q = this.queues.get(provider);
    if (q) q.push(...faults);
    else this.queues.set(provider, [...faults]);
  }

  setDefault(provider: string, fault: Fault | null): void {
    if (fault) this.defaults.set(provider, fault);
    else this.defaults.delete(provider);
  }

  reset(): void {
    this.queues.clear();
    this.defaults.clear();
  }

  /** The fault for the next request to `provider`: queued first, then the default. Consumes a queued one. */
  take(provider: string): Fault | undefined {
    const q = this.queues.get(provider);
    if (q && q.length > 0) return q.shift();
    return this.defaults.get(provider);
  }
}

/** Parses `x-sim-fault`; returns an Error on bad JSON. */
export function parseFaultHeader(v: string | string[] | undefined): Fault | Error | undefined {
  if (v === undefined) return undefined;
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  try {
    const f = JSON.parse(s) as unknown;
    if (!f || typeof f !== 'object' || Array.isArray(f)) return new Error('x-sim-fault must be a JSON object');
    return f as Fault;
  } catch {
    return new Error('x-sim-fault is not valid JSON');
  }
}
