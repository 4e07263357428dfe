// Small DOM and formatting helpers. Text always goes in as text (never as HTML), so nothing a provider
// says in an error message can inject markup into the page.

/**
 * h('td.num', { title: 'x' }, 'text', childNode) — a tag with optional .classes, attributes and children.
 * Attributes: `class`, `title`, `data-*`, `hidden`, `on*` (functions), anything else via setAttribute.
 */
export function h(spec, attrs, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = undefined;
  }
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = [el.className, value].filter(Boolean).join(' ');
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector) => document.querySelector(selector);

const pad = (n) => String(n).padStart(2, '0');

/** 14:03:27 (local time). */
export function fmtTime(ms) {
  if (!ms) return '—';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "12s ago", "4m ago", "2h ago". */
export function fmtAgo(ms, now = Date.now()) {
  if (!ms) return '';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

/** Time left until `ms`: "29m", "45s". */
export function fmtLeft(ms, now = Date.now()) {
  const s = Math.max(0, Math.round((ms - now) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}

export function fmtMs(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function fmtInt(n) {
  if (n === null || n === undefined) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** USD with as many digits as a small amount needs; "free" for exactly 0, "—" when unknown. */
export function fmtUsd(usd, { zero = 'free' } = {}) {
  if (usd === null || usd === undefined) return '—';
  if (usd === 0) return zero;
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toPrecision(2)}`;
}

export function fmtPct(rate) {
  if (rate === null || rate === undefined) return '—';
  return `${Math.round(rate * 100)}%`;
}

export const LEVEL_NAMES = { 1: 'direct', 2: 'primary', 3: 'secondary', 4: 'wide', 5: 'last resort' };

/** "401 auth", "transient", "timeout". */
export function errorCode(status, errorClass) {
  return [status, errorClass ? errorClass.replace(/_/g, ' ') : null].filter((x) => x !== null && x !== undefined).join(' ') || 'error';
}

/** Same rule as the server's: a failed attempt, a level below 1, or no answer at all. */
export function fellBack(record) {
  return record.attempts.some((a) => !a.ok) || (record.level !== null && record.level > 1) || (record.servedProvider === null && record.attempts.length > 0);
}
