import { Counter, Gauge, type Registry } from 'prom-client';
import type { RequestLogStats } from '../log/request-log.js';

/**
 * The request log's rows as metrics, read at scrape time: written and dropped (counters; they restart when a
 * reload replaces the log) and pending (a gauge). No series while no log is attached.
 */
export function registerRequestLogMetrics(registry: Registry, stats: () => RequestLogStats | undefined): void {
  const registers = [registry];
  const counter = (name: string, help: string, read: (s: RequestLogStats) => number) => new Counter({
    name, help, registers,
    collect() {
      this.reset();
      const now = stats();
      if (now) this.inc(read(now));
    },
  });
  counter('wai_request_log_written_total', 'Requests written to the request log (each with its attempts).', (s) => s.written);
  counter('wai_request_log_dropped_total', 'Requests the request log gave up: beyond its buffer while the database could not keep up, pending at shutdown, or arriving while it was off.', (s) => s.dropped);
  new Gauge({
    name: 'wai_request_log_pending',
    help: 'Requests waiting to be written to the request log.',
    registers,
    collect() {
      this.reset();
      const now = stats();
      if (now) this.set(now.pending);
    },
  });
}
