// The fallback map table and the live route for a model typed in.

import { h, fill } from './dom.js';

function keyDot(hasKey) {
  return h(`span.dot.${hasKey ? 'on' : 'off'}`, { title: hasKey ? 'key present' : 'no key' });
}

export function renderMap(root, map, highlight) {
  const rows = [...map.rows].sort((a, b) => Number(b.hasKey) - Number(a.hasKey) || a.provider.localeCompare(b.provider));
  fill(root, rows.map((row) => h(`tr${row.provider === highlight ? '.hl' : ''}`, { 'data-provider': row.provider },
    h('td', keyDot(row.hasKey), row.provider),
    h('td', keyDot(row.primaryHasKey), row.primary),
    h('td', keyDot(row.fallbackHasKey), row.fallback))));
}

function price(c) {
  if (c.free) return 'free';
  if (!c.price) return '';
  const usd = (v) => `$${v >= 0.01 || v === 0 ? v.toFixed(2) : v.toPrecision(2)}`;
  return `${usd(c.price.input)} / ${usd(c.price.output)} per M tokens`;
}

/** The five levels, each with its candidates: in the route (with the attempt number) or left out and why. */
export function renderRoute(root, explained) {
  let attempt = 0;
  const levels = explained.levels.map((level) => {
    const items = level.candidates.map((c) => {
      const inRoute = c.inRoute;
      if (inRoute) attempt++;
      return h(`li.${inRoute ? 'in' : 'out'}`, { title: inRoute ? `attempt ${attempt}` : c.reason },
        h('span.mark', inRoute ? String(attempt) : '✗'),
        h('div.cbody',
          h('span.who', h('strong', c.provider), ' ', h('code', c.model)),
          c.substituteFor ? h('span.tag', `substitute for ${c.substituteFor}`) : null,
          h('span.price', price(c)),
          inRoute ? null : h('div.reason', c.reason)));
    });
    const served = level.candidates.some((c) => c.inRoute);
    return h(`div.rlevel${served ? '.live' : ''}`,
      h('div.lvl', h('span.n', String(level.level)), h('span.name', level.name)),
      items.length ? h('ol.cands', items) : h('p.muted.note', level.note ?? 'no candidate at this level'));
  });
  const first = explained.route[0];
  fill(root,
    h('p.routehead',
      h('strong', explained.requested),
      explained.canonical ? h('span.sub', ` · catalog: ${explained.canonical}`) : null,
      h('span.sub', ` · policy ${explained.policy}`),
      h('br'),
      first
        ? h('span', 'Would be served by ', h('strong', first.provider), ` at level ${first.level} (${explained.route.length} attempt${explained.route.length === 1 ? '' : 's'} planned)`)
        : h('span.bad', 'No level can serve it now: the caller would get a fast 503.')),
    levels);
}

export function renderRouteError(root, message) {
  fill(root, h('p.bad', message));
}
