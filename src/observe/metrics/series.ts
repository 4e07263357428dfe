import type { Metric, Registry } from 'prom-client';

/**
 * Counters and histograms for the request path. prom-client's own sort and validate the label object on every
 * update (several µs a call, seven calls a request); these find their series by the label values themselves, one
 * Map level a label in label-name order, and hand prom-client's registry plain values when it is scraped, so the
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

/** One level of the series tree: a label's value leads to the next level, or, at the last label, to the series. */
type Level = Map<string, unknown>;

abstract class Series<L extends string, S extends { labels: Record<string, string> }> {
  readonly aggregator = 'sum' as const;
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  /**
   * Series keyed by their label values: no key string is built per update, and the values (provider and model ids,
   * the same strings request after request) keep their hashes. Any character in a value is its own.
   */
  readonly #root: Level = new Map();
  /** Every series in the order it was first updated: the order they are exported in. */
  protected readonly all: S[] = [];

  constructor(options: { name: string; help: string; labelNames: readonly L[]; registers: Registry[] }) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    // The registry asks a metric only for name, type, help, aggregator and get().
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The series these labels name, made (by `create`) on its first update. */
  protected seriesOf(labels: Labels<L>, create: (labels: Record<string, string>) => S): S {
    const names = this.labelNames;
    let level = this.#root;
    const last = names.length - 1;
    for (let i = 0; i < last; i++) {
      const value = labels[names[i]!];
      let next = level.get(value) as Level | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const value = last < 0 ? '' : labels[names[last]!];
    let series = level.get(value) as S | undefined;
    if (series === undefined) {
      series = create(this.#own(labels));
      level.set(value, series);
      this.all.push(series);
    }
    return series;
  }

  /** The label object kept for a new series: only the declared names, copied (callers may reuse theirs). */
  #own(labels: Labels<L>): Record<string, string> {
    const copy: Record<string, string> = {};
    for (const name of this.labelNames) copy[name] = labels[name];
    return copy;
  }
}

interface CounterSeries {
  labels: Record<string, string>;
  value: number;
}

const newCounterSeries = (labels: Record<string, string>): CounterSeries => ({ labels, value: 0 });

export class FastCounter<L extends string> extends Series<L, CounterSeries> {
  readonly type = 'counter' as const;

  inc(labels: Labels<L>, by = 1): void {
    this.seriesOf(labels, newCounterSeries).value += by;
  }

  get(): Promise<Exported> {
    const values: Exported['values'] = [];
    for (const { labels, value } of this.all) values.push({ labels: { ...labels }, value });
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }
}

/** Per series: count per bucket (not cumulative; the last slot is above every bound), sum, count. */
interface HistogramSeries {
  labels: Record<string, string>;
  buckets: Float64Array;
  sum: number;
  count: number;
}

export class FastHistogram<L extends string> extends Series<L, HistogramSeries> {
  readonly type = 'histogram' as const;
  readonly #bounds: readonly number[];
  readonly #newSeries: (labels: Record<string, string>) => HistogramSeries;

  constructor(options: { name: string; help: string; labelNames: readonly L[]; buckets: readonly number[]; registers: Registry[] }) {
    super(options);
    this.#bounds = [...options.buckets].sort((a, b) => a - b);
    const slots = this.#bounds.length + 1;
    this.#newSeries = (labels) => ({ labels, buckets: new Float64Array(slots), sum: 0, count: 0 });
  }

  observe(labels: Labels<L>, value: number): void {
    const series = this.seriesOf(labels, this.#newSeries);
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
    for (const { labels, buckets, sum, count } of this.all) {
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
