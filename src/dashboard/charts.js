// Tokens and cost over time, two uPlot charts fed by /admin/usage and topped up by live request events.

import uPlot from './vendor/uPlot.esm.js';
import { fmtUsd, fmtInt } from './dom.js';

const HEIGHT = 190;
const AXIS = { stroke: '#5b6472', grid: { stroke: '#eceef2', width: 1 }, ticks: { stroke: '#eceef2', width: 1 } };

function axes(format, size = 56) {
  return [{ ...AXIS }, { ...AXIS, size, values: (u, splits) => splits.map(format) }];
}

/** Dots only where there is something: sparse traffic stays visible, empty buckets stay quiet. */
const nonZeroPoints = { show: false, size: 5, filter: (u, seriesIdx) => u.data[seriesIdx].flatMap((v, i) => (v ? [i] : [])) };

function shortInt(v) {
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return fmtInt(v);
}

export class UsageCharts {
  constructor(tokensEl, costEl, totalsEl) {
    this.tokensEl = tokensEl;
    this.costEl = costEl;
    this.totalsEl = totalsEl;
    this.usage = null;
    const bars = uPlot.paths.bars({ size: [0.7, 24], align: 1 });
    this.tokens = new uPlot({
      width: this.#width(tokensEl), height: HEIGHT,
      legend: { live: true },
      cursor: { points: { size: 6 } },
      scales: { x: { time: true, range: (u, min, max) => this.#xRange(min, max) }, y: { range: (u, min, max) => [0, Math.max(10, max * 1.1)] } },
      axes: axes(shortInt),
      series: [
        {},
        { label: 'tokens in', stroke: '#3b6fd8', fill: 'rgba(59,111,216,0.10)', width: 2, points: nonZeroPoints, value: (u, v) => (v === null ? '—' : fmtInt(v)) },
        { label: 'tokens out', stroke: '#17a387', fill: 'rgba(23,163,135,0.10)', width: 2, points: nonZeroPoints, value: (u, v) => (v === null ? '—' : fmtInt(v)) },
      ],
    }, [[], [], []], tokensEl);
    this.cost = new uPlot({
      width: this.#width(costEl), height: HEIGHT,
      legend: { live: true },
      scales: { x: { time: true, range: (u, min, max) => this.#xRange(min, max) }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 0.0001] } },
      axes: axes((v) => (v === 0 ? '$0' : `$${Number(v.toPrecision(2))}`), 84),
      series: [
        {},
        { label: 'cost (USD)', stroke: '#c2780a', fill: 'rgba(232,152,30,0.45)', width: 1, paths: bars, points: { show: false }, value: (u, v) => (v === null ? '—' : fmtUsd(v, { zero: '$0' })) },
      ],
    }, [[], []], costEl);
    new ResizeObserver(() => {
      this.tokens.setSize({ width: this.#width(tokensEl), height: HEIGHT });
      this.cost.setSize({ width: this.#width(costEl), height: HEIGHT });
    }).observe(tokensEl.parentElement);
  }

  /** Each bucket is drawn from its start to its end, so the axis runs one bucket past the last start. */
  #xRange(min, max) {
    return [min, max + (this.usage ? this.usage.bucketMs / 1000 : 0)];
  }

  #width(el) {
    return Math.max(240, el.clientWidth || el.parentElement.clientWidth - 32);
  }

  /** A fresh series from /admin/usage. */
  set(usage) {
    this.usage = usage;
    this.#draw();
  }

  /** Adds a finished request to its bucket, rolling the window forward when a new bucket starts. */
  add(record) {
    const u = this.usage;
    if (!u || !u.series.t.length) return;
    const bucketSec = u.bucketMs / 1000;
    const s = u.series;
    const atSec = (record.at + record.totalMs) / 1000;
    let i = Math.floor((atSec - s.t[0]) / bucketSec);
    if (i < 0) return;
    while (i >= s.t.length) {
      const next = s.t[s.t.length - 1] + bucketSec;
      for (const k of Object.keys(s)) {
        s[k].shift();
        s[k].push(k === 't' ? next : 0);
      }
      i--;
    }
    s.requests[i] += 1;
    if (record.status >= 400) s.errors[i] += 1;
    s.tokensIn[i] += record.tokensIn ?? 0;
    s.tokensOut[i] += record.tokensOut ?? 0;
    s.costUsd[i] += record.costUsd ?? 0;
    u.totals.requests += 1;
    u.totals.tokensIn += record.tokensIn ?? 0;
    u.totals.tokensOut += record.tokensOut ?? 0;
    u.totals.costUsd += record.costUsd ?? 0;
    this.#draw();
  }

  #draw() {
    const s = this.usage.series;
    this.tokens.setData([s.t, s.tokensIn, s.tokensOut]);
    this.cost.setData([s.t, s.costUsd]);
    const t = this.usage.totals;
    this.totalsEl.textContent = `${fmtInt(t.requests)} requests · ${fmtInt(t.tokensIn + t.tokensOut)} tokens · ${fmtUsd(t.costUsd, { zero: '$0' })}`;
  }
}
