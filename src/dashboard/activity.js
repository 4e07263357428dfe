// The latest requests table and the fallback events list (fallbacks and breaker changes), newest first.

import { h, fill, fmtTime, fmtMs, fmtUsd, fmtInt, errorCode, fellBack, LEVEL_NAMES } from './dom.js';

const MAX_ROWS = 50;
const MAX_EVENTS = 40;

function attemptChips(record) {
  return record.attempts.map((a) => h(`span.chip.${a.ok ? 'ok' : 'fail'}`,
    { title: `${a.provider} · ${a.model} · level ${a.level} · ${fmtMs(a.durationMs)}${a.message ? `\n${a.message}` : ''}` },
    a.ok ? a.provider : `${a.provider} ${errorCode(a.status, a.errorClass)}`));
}

function requestRow(record, fresh) {
  const ok = record.status < 400;
  const tokens = record.tokensIn === null && record.tokensOut === null ? '—' : `${fmtInt(record.tokensIn ?? 0)} → ${fmtInt(record.tokensOut ?? 0)}`;
  return h(`tr${fresh ? '.fresh' : ''}${fellBack(record) ? '.fb' : ''}`, { 'data-request-id': record.requestId },
    h('td.time', { title: new Date(record.at).toString() }, fmtTime(record.at)),
    h('td.model', h('code', record.requestedModel), record.stream ? h('span.tag', 'stream') : null),
    h('td.served', { title: record.servedModel ?? '' }, record.servedProvider ? h('strong', record.servedProvider) : h('span.muted', '—'), record.servedModel ? h('div.sub', record.servedModel) : null),
    h('td.level', record.level ? `${record.level} · ${LEVEL_NAMES[record.level]}` : '—'),
    h('td.attempts', h('span.count', String(record.attempts.length)), attemptChips(record)),
    h('td', h(`span.status.${ok ? 'ok' : 'fail'}`, String(record.status)), record.error && !ok ? h('div.sub', record.error.replace(/_/g, ' ')) : null),
    h('td.num', fmtMs(record.totalMs)),
    h('td.num', tokens),
    h('td.num', fmtUsd(record.costUsd)));
}

/** Keeps the requests and events in memory and redraws them. */
export class Activity {
  constructor(requestsBody, eventsList, countEl) {
    this.requestsBody = requestsBody;
    this.eventsList = eventsList;
    this.countEl = countEl;
    this.requests = [];
    this.events = [];
    this.seen = new Set();
  }

  setRequests(records, fallbacks) {
    this.requests = records.slice(0, MAX_ROWS);
    this.seen = new Set(this.requests.map((r) => r.requestId));
    const keep = this.events.filter((e) => e.kind === 'breaker');
    this.events = [...fallbacks.map((r) => ({ kind: 'request', at: r.at + r.totalMs, record: r })), ...keep]
      .sort((a, b) => b.at - a.at).slice(0, MAX_EVENTS);
    this.draw();
  }

  addRequest(record) {
    if (this.seen.has(record.requestId)) return;
    this.seen.add(record.requestId);
    this.requests.unshift(record);
    if (this.requests.length > MAX_ROWS) this.seen.delete(this.requests.pop().requestId);
    const row = requestRow(record, true);
    this.requestsBody.querySelector('tr.empty-row')?.remove();
    this.requestsBody.prepend(row);
    while (this.requestsBody.children.length > MAX_ROWS) this.requestsBody.lastElementChild.remove();
    this.#count();
    if (fellBack(record)) this.#addEvent({ kind: 'request', at: record.at + record.totalMs, record });
  }

  addBreaker(event) {
    this.#addEvent({ kind: 'breaker', at: event.at, breaker: event });
  }

  draw() {
    fill(this.requestsBody, this.requests.length
      ? this.requests.map((r) => requestRow(r, false))
      : h('tr.empty-row', h('td.empty', { colspan: 9 }, 'No request yet. Requests appear here as they finish.')));
    this.#count();
    this.#drawEvents();
  }

  #count() {
    this.countEl.textContent = this.requests.length ? `latest ${this.requests.length}` : '';
  }

  #addEvent(event) {
    this.events.unshift(event);
    this.events.length = Math.min(this.events.length, MAX_EVENTS);
    this.#drawEvents(true);
  }

  #drawEvents(fresh = false) {
    if (!this.events.length) {
      fill(this.eventsList, h('li.empty', 'No fallback yet: every request was served directly.'));
      return;
    }
    fill(this.eventsList, this.events.map((e, i) => eventItem(e, fresh && i === 0)));
  }
}

function eventItem(event, fresh) {
  const time = h('span.time', fmtTime(event.at));
  if (event.kind === 'breaker') {
    const b = event.breaker;
    const what = b.model ? `${b.provider} · ${b.model}` : b.provider;
    const open = b.state === 'open' && !b.probeReady;
    const text = open
      ? `breaker open until ${fmtTime(b.until)}`
      : b.state === 'closed' ? 'breaker closed' : b.probeReady ? 'breaker: probe ready' : 'breaker half-open';
    return h(`li.ev.breaker.${open ? 'bad' : 'good'}${fresh ? '.fresh' : ''}`, time,
      h('span.kind', open ? '⛔' : '✓'),
      h('span.body', h('strong', what), ` ${text}`, b.reason ? h('span.code.small', errorCode(b.status, b.reason)) : null));
  }
  const r = event.record;
  const failed = r.attempts.filter((a) => !a.ok);
  const served = r.servedProvider
    ? h('span', ' → ', h('strong', r.servedProvider), ` at level ${r.level}`)
    : h('span.bad', ` → failed ${r.status}`);
  return h(`li.ev.fallback${r.servedProvider ? '' : '.bad'}${fresh ? '.fresh' : ''}`, time,
    h('span.kind', r.servedProvider ? '↪' : '✗'),
    h('span.body', h('code', r.requestedModel), served,
      failed.length ? h('div.sub', 'after ', failed.map((a, i) => [i ? ', ' : '', `${a.provider} ${errorCode(a.status, a.errorClass)}`])) : null));
}
