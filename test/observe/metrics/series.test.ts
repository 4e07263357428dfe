import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Histogram, Registry } from 'prom-client';
import { FastCounter, FastHistogram } from '../../../src/observe/metrics/series.js';
import { parsePrometheus, type Family } from './prom-text.js';

/** Samples of a family as sorted lines, label order aside, so two renderings can be compared. */
function lines(family: Family | undefined): string[] {
  assert.ok(family, 'family missing');
  return family.samples
    .map((s) => `${s.name}{${Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',')}} ${s.value}`)
    .sort();
}

describe('FastCounter and FastHistogram', () => {
  const buckets = [0.001, 0.01, 0.1, 1];
  const observations: Array<[Record<'provider' | 'stream', string>, number]> = [
    [{ provider: 'groq', stream: 'false' }, 0.0005],
    [{ provider: 'groq', stream: 'false' }, 0.001],
    [{ provider: 'groq', stream: 'true' }, 0.05],
    [{ provider: 'openai', stream: 'false' }, 3],
    [{ provider: 'openai', stream: 'false' }, 0.2],
    // A label value with the characters the exposition must escape.
    [{ provider: 'we"ird\\one\n', stream: 'false' }, 0.02],
  ];

  it('render exactly what prom-client renders for the same updates', async () => {
    const reference = new Registry();
    const fast = new Registry();
    const refCounter = new Counter({ name: 'x_total', help: 'h', labelNames: ['provider', 'stream'], registers: [reference] });
    const refHistogram = new Histogram({ name: 'x_seconds', help: 'h', labelNames: ['provider', 'stream'], buckets, registers: [reference] });
    const counter = new FastCounter({ name: 'x_total', help: 'h', labelNames: ['provider', 'stream'], registers: [fast] });
    const histogram = new FastHistogram({ name: 'x_seconds', help: 'h', labelNames: ['provider', 'stream'], buckets, registers: [fast] });
    for (const [labels, value] of observations) {
      refCounter.inc(labels, value);
      refHistogram.observe(labels, value);
      counter.inc(labels, value);
      histogram.observe(labels, value);
    }
    const want = parsePrometheus(await reference.metrics());
    const got = parsePrometheus(await fast.metrics());
    for (const name of ['x_total', 'x_seconds']) {
      assert.deepEqual(lines(got.get(name)), lines(want.get(name)), name);
      assert.equal(got.get(name)!.type, want.get(name)!.type);
    }
  });

  it('keep series apart by every label, and copy the labels they were given', async () => {
    const registry = new Registry();
    const counter = new FastCounter({ name: 'y_total', help: 'h', labelNames: ['a', 'b'], registers: [registry] });
    const labels = { a: 'x', b: 'y' };
    counter.inc(labels);
    labels.b = 'z';
    counter.inc(labels, 2);
    counter.inc({ a: 'x\u0001y', b: '' });
    counter.inc({ a: 'x', b: 'y\u0001' });
    const samples = parsePrometheus(await registry.metrics()).get('y_total')!.samples;
    assert.deepEqual(samples.map((s) => [s.labels, s.value]), [
      [{ a: 'x', b: 'y' }, 1],
      [{ a: 'x', b: 'z' }, 2],
      [{ a: 'x\u0001y', b: '' }, 1],
      [{ a: 'x', b: 'y\u0001' }, 1],
    ]);
  });
});
