// The client keys panel: every key with its limits and spend, a form to create one (its secret is shown once,
// in this panel only, until the next refresh), and a revoke button per key.

import { $, h, fill, fmtInt, fmtUsd, fmtTime } from './dom.js';
import { api } from './api.js';

const limitText = (key) => [
  key.models ? key.models.join(', ') : 'any model',
  key.rpm !== null ? `${fmtInt(key.rpm)} req/min` : null,
  key.tpm !== null ? `${fmtInt(key.tpm)} tok/min` : null,
].filter(Boolean).join(' · ');

const budgetText = (key) => (key.budgetUsd === null ? '—' : `${fmtUsd(key.budgetUsd, { zero: '$0' })} / ${key.budgetPeriod}`);

/** Renders the keys; `onRevoke(key)` is called after the operator confirms. */
export function renderKeys(body, keys, { onRevoke }) {
  if (!keys.length) {
    fill(body, h('tr', h('td.sub', { colspan: 8 }, 'No client keys: /v1 is open to loopback clients. Create one to require keys.')));
    return;
  }
  fill(body, keys.map((key) => {
    const spent = key.spend[key.budgetPeriod] ?? key.spend.month;
    return h('tr', { 'data-key': key.id },
      h('td', h('strong', key.name), h('div.sub', key.id)),
      h(`td.${key.status === 'active' ? 'good' : 'bad'}`, key.status),
      h('td', limitText(key)),
      h('td', budgetText(key)),
      h('td.num', key.budgetUsd === null ? fmtUsd(key.spend.month.costUsd, { zero: '$0' }) : fmtUsd(spent.costUsd, { zero: '$0' })),
      h('td.num', fmtInt(key.spend.day.requests)),
      h('td', key.expiresAt === null ? '—' : fmtTime(key.expiresAt)),
      h('td', key.status === 'revoked' ? '' : h('button.small.ghost', {
        type: 'button',
        onclick: () => {
          if (confirm(`Revoke the key "${key.name}"? Every gateway refuses it within a second.`)) onRevoke(key);
        },
      }, 'Revoke')),
    );
  }));
}

/** Wires the create form: POST /admin/keys, then shows the secret once. */
export function wireKeyForm(form, secretBox, { onCreated, onError }) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const settings = {};
    const text = (name) => String(data.get(name) ?? '').trim();
    if (text('name')) settings.name = text('name');
    if (text('models')) settings.models = text('models');
    for (const name of ['rpm', 'tpm']) if (text(name)) settings[name] = Number(text(name));
    if (text('budgetUsd')) {
      settings.budgetUsd = Number(text('budgetUsd'));
      settings.budgetPeriod = text('budgetPeriod') || 'month';
    }
    if (text('expiresAt')) settings.expiresAt = text('expiresAt');
    try {
      const created = await api('/admin/keys', { method: 'POST', body: settings });
      form.reset();
      fill(secretBox,
        h('strong', `Key "${created.key.name}" created. Copy it now: it is not shown again.`),
        h('code.secret', created.secret));
      secretBox.hidden = false;
      onCreated();
    } catch (error) {
      fill(secretBox, h('span.bad', error.message));
      secretBox.hidden = false;
      onError?.(error);
    }
  });
}

export async function refreshKeys({ onRevoke }) {
  const { keys } = await api('/admin/keys');
  renderKeys($('#keys'), keys, { onRevoke });
  $('#keys-count').textContent = `${keys.filter((k) => k.status === 'active').length} active of ${keys.length}`;
}
