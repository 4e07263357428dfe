import type { Metric, Registry } from 'prom-client';

/**
 * Counters and histograms for the request path. prom-client's own sort and validate the label object on every
 * update (several µs a call, seven calls a request); these find their series with one string key built in
 * label-name order and one Map lookup, and hand prom-client's registry plain values when it is scraped, so the
 * exposition format is still prom-client's.
 */

type Labels<L extends string> = Readonly<Record<L, string>>;

/** What prom-client's registry reads from a metric at scrape time. */
interface Exported {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>;
}

/** Each value length-prefixed: label values can hold any character, so no separator alone keeps series apart. */
function keyOf<L extends string>(labels: Labels<L>, names: readonly L[]): string {
  let key = '';
  for (let i = 0; i < names.length; i++) {
    const value = labels[names[i]!];
    key += value.length + ':' + value;
  }
  return key;
}

abstract class Series<L extends string> {
  readonly aggregator = 'sum' as const;
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];

  constructor(options: { name: string; help: string; labelNames: readonly L[]; registers: Registry[] }) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    // The registry asks a metric only for name, type, help, aggregator and get().
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The label object kept for a new series: only the declared names, copied (callers may reuse theirs). */
  protected own(labels: Labels<L>): Record<string, string> {
    const copy: Record<string, string> = {};
    for (const name of this.labelNames) copy[name] = labels[name];
    return copy;
  }
}

export class FastCounter<L extends string> extends Series<L> {
  readonly type = 'counter' as const;
  readonly #series = new Map<string, { labels: Record<string, string>; value: number }>();

  inc(labels: Labels<L>, by = 1): void {
    const key = keyOf(labels, this.labelNames);
    const series = this.#series.get(key);
    if (series) series.value += by;
    else this.#series.set(key, { labels: this.own(labels), value: by });
  }

  get(): Promise<Exported> {
    const values: Exported['values'] = [];
    for (const { labels, value } of this.#series.values()) values.push({ labels: { ...labels }, value });
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }
}

export class FastHistogram<L extends string> extends Series<L> {
  readonly type = 'histogram' as const;
  readonly #bounds: readonly number[];
  /** Per series: count per bucket (not cumulative; the last slot is above every bound), sum, count. */
  readonly #series = new Map<string, { labels: Record<string, string>; buckets: Float64Array; sum: number; count: number }>();

  constructor(options: { name: string; help: string; labelNames: readonly L[]; buckets: readonly number[]; registers: Registry[] }) {
    super(options);
    this.#bounds = [...options.buckets].sort((a, b) => a - b);
  }

  observe(labels: Labels<L>, value: number): void {
    const key = keyOf(labels, this.labelNames);
    let series = this.#series.get(key);
    if (!series) {
      series = { labels: this.own(labels), buckets: new Float64Array(this.#bounds.length + 1), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    series.buckets[i]! += 1;
    series.sum += value;
    series.count += 1;
  }

  get(): Promise<Exported> {
    const values: Exported['values'] = [];
    const bucketName = `${this.name}_bucket`;
    for (const { labels, buckets, sum, count } of this.#series.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.#bounds.length; i++) {
        cumulative += buckets[i]!;
        values.push({ metricName: bucketName, labels: { ...labels, le: this.#bounds[i]! }, value: cumulative });
      }
      values.push({ metricName: bucketName, labels: { ...labels, le: '+Inf' }, value: count });
      values.push({ metricName: `${this.name}_sum`, labels: { ...labels }, value: sum });
      values.push({ metricName: `${this.name}_count`, labels: { ...labels }, value: count });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }
}
