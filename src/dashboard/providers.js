// The provider matrix: keyed providers as a table, keyless ones as a compact list under it.

import { h, fill, fmtAgo, fmtLeft, fmtMs, fmtPct, errorCode } from './dom.js';

const STATE_LABEL = {
  working: 'working',
  failing: 'failing',
  breaker_open: 'breaker open',
  no_key: 'no key',
  idle: 'no traffic yet',
};

const ORDER = { breaker_open: 0, failing: 1, working: 2, idle: 3, no_key: 4 };

function isBroken(p) {
  return p.state === 'breaker_open' || p.state === 'failing';
}

/** The status code and class that marks a broken provider: its last error, else what opened its breaker. */
function brokenCode(p) {
  if (p.lastError) return errorCode(p.lastError.status, p.lastError.errorClass);
  if (p.breaker.reason) return errorCode(p.breaker.status, p.breaker.reason);
  const model = p.breaker.models.find((m) => m.state !== 'closed');
  return model ? errorCode(model.status, model.reason) : null;
}

function stateCell(p) {
  const code = isBroken(p) ? brokenCode(p) : null;
  return h('td.state',
    h(`span.badge.s-${p.state}`, STATE_LABEL[p.state] ?? p.state),
    code ? h('span.code', { title: 'last error: status and class' }, code) : null);
}

function breakerCell(p, now) {
  const b = p.breaker;
  const parts = [];
  if (b.state === 'open' && !b.probeReady) {
    parts.push(h('span.breaker.open', `open · ${fmtLeft(b.until, now)} left`));
  } else if (b.state === 'open' || b.state === 'half_open') {
    parts.push(h('span.breaker.half', b.state === 'half_open' ? 'half-open (probing)' : 'probe ready'));
  } else {
    parts.push(h('span.breaker.closed', 'closed'));
  }
  const models = b.models.filter((m) => m.state !== 'closed');
  if (models.length) {
    const title = models.map((m) => `${m.model}: ${m.state}${m.until ? ` until ${new Date(m.until).toLocaleTimeString()}` : ''}${m.reason ? ` (${errorCode(m.status, m.reason)})` : ''}`).join('\n');
    parts.push(h('div.sub', { title }, `${models.length} model breaker${models.length > 1 ? 's' : ''} open`));
  }
  return h('td', parts);
}

function lastErrorCell(p, now) {
  const e = p.lastError;
  if (!e) return h('td.muted', '—');
  return h('td.lasterr', { title: `${e.model}\n${e.message ?? ''}` },
    h('span.code.small', errorCode(e.status, e.errorClass)),
    h('span.msg', e.message ?? ''),
    h('div.sub', `${fmtAgo(e.at, now)} · ${e.model}`));
}

function successCell(p) {
  const w = p.window;
  if (!w.attempts) return h('td.num.muted', '—');
  const rate = w.successRate ?? 0;
  const tone = rate >= 0.95 ? 'good' : rate >= 0.5 ? 'warn' : 'bad';
  return h('td.num', { title: `${w.successes} of the last ${w.attempts} attempts succeeded` },
    h('span', fmtPct(rate)),
    h('div.meter', h(`span.${tone}`, { style: null, 'data-w': Math.round(rate * 100) })),
    h('div.sub', `${w.successes}/${w.attempts}`));
}

export function renderProviders(root, keylessRoot, status, { onReset }) {
  const now = status.now;
  const keyed = status.providers.filter((p) => p.key.present)
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name));
  const keyless = status.providers.filter((p) => !p.key.present);
  const rows = keyed.map((p) => h(`tr${isBroken(p) ? '.broken' : ''}`, { 'data-provider': p.id },
    h('td.provider', h('strong', p.name), h('div.sub', `${p.id} · ${p.role}`)),
    h('td.key', h('span.ok', '✓ '), h('code', p.key.source ?? 'configured')),
    stateCell(p),
    breakerCell(p, now),
    lastErrorCell(p, now),
    successCell(p),
    h('td.num', fmtMs(p.window.p50Ms)),
    h('td.num', fmtMs(p.window.p95Ms)),
    h('td.actions', isBroken(p) || p.breaker.models.length
      ? h('button.small', { type: 'button', title: `Close every breaker of ${p.name}`, onclick: () => onReset(p) }, 'Reset')
      : null),
  ));
  if (!rows.length) rows.push(h('tr', h('td.empty', { colspan: 9 }, 'No provider has a key: set one (e.g. OPENROUTER_API_KEY) and restart the gateway.')));
  fill(root, rows);
  // Widths of the success meters are set here (no inline style attributes: the page's CSP forbids them).
  for (const bar of root.querySelectorAll('.meter > span')) bar.style.width = `${bar.dataset.w}%`;

  fill(keylessRoot,
    h('summary', `${keyless.length} provider${keyless.length === 1 ? '' : 's'} without a key`),
    h('ul.chips', keyless.map((p) => h('li', { title: p.key.variables.length ? `set ${p.key.variables.join(' or ')}` : 'no API of its own: served through the fallback map' },
      h('span.name', p.name), ' ', h('span.sub', p.key.variables[0] ?? 'alias')))));
  keylessRoot.hidden = keyless.length === 0;
}

/** The header's one-line summary. */
export function renderSummary(root, status) {
  const s = status.summary;
  const item = (state, n) => (n ? h(`span.pill.s-${state}`, `${n} ${STATE_LABEL[state]}`) : null);
  fill(root, item('working', s.working), item('failing', s.failing), item('breaker_open', s.breaker_open), item('idle', s.idle),
    h('span.pill.s-no_key', `${s.no_key} no key`), h('span.pill.policy', `policy: ${status.costPolicy}`));
}
