// The dashboard: loads the admin API, opens the live event stream, and keeps every panel current without a reload.

import { $, fmtTime } from './dom.js';
import { api, openEvents, storedKey, storeKey, AuthRequired, ApiError } from './api.js';
import { renderProviders, renderSummary } from './providers.js';
import { renderMap, renderRoute, renderRouteError } from './routeview.js';
import { Activity } from './activity.js';
import { UsageCharts } from './charts.js';

const STATUS_EVERY_MS = 5_000;
const USAGE_EVERY_MS = 60_000;
/** Chart windows and their bucket sizes. */
const USAGE_WINDOWS = { '15m': '15s', '1h': '60s', '6h': '5m', '24h': '15m' };

const page = {
  activity: new Activity($('#requests'), $('#events'), $('#requests-count')),
  charts: null,
  events: null,
  timers: [],
  routeModel: null,
  map: null,
  statusQueued: null,
};

function setLive(state) {
  const dot = $('#live');
  dot.className = `dot ${state === 'live' ? 'on' : state === 'reconnecting' ? 'warn' : 'off'}`;
  $('#live-text').textContent = state === 'live' ? 'live' : state === 'reconnecting' ? 'reconnecting…' : 'offline';
}

function showBanner(message) {
  const banner = $('#banner');
  banner.hidden = !message;
  banner.textContent = message ?? '';
}

// --- the admin key ---------------------------------------------------------------------------------------------

function askForKey(message) {
  stop();
  $('#main').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = storedKey() ? message : '';
  storeKey(null);
  $('#signout').hidden = true;
  setLive('off');
  $('#login-key').focus();
}

$('#login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('#login-key').value.trim();
  if (!key) return;
  storeKey(key);
  $('#login-key').value = '';
  start();
});

$('#signout').addEventListener('click', () => {
  storeKey(null);
  askForKey('');
});

// --- loading ---------------------------------------------------------------------------------------------------

async function refreshStatus() {
  const status = await api('/admin/status');
  renderSummary($('#summary'), status);
  $('#notice').hidden = !status.notice;
  $('#notice').textContent = status.notice ?? '';
  renderProviders($('#providers'), $('#keyless'), status, { onReset: resetProvider });
  $('#updated').textContent = `updated ${fmtTime(Date.now())}`;
  $('#signout').hidden = !status.adminKeyConfigured;
  return status;
}

async function refreshUsage() {
  const window = $('#usage-window').value in USAGE_WINDOWS ? $('#usage-window').value : '15m';
  page.charts.set(await api(`/admin/usage?window=${window}&bucket=${USAGE_WINDOWS[window]}`));
}

async function refreshRequests() {
  const [latest, fallbacks] = await Promise.all([api('/admin/requests?limit=50'), api('/admin/requests?limit=40&fallbacks=1')]);
  page.activity.setRequests(latest.requests, fallbacks.requests);
  if (!page.routeModel && latest.requests[0]) {
    $('#route-model').value = latest.requests[0].requestedModel;
    explain(latest.requests[0].requestedModel);
  }
}

async function refreshMap() {
  page.map = await api('/admin/map');
  renderMap($('#map'), page.map, page.routeModel ? page.routeModel.split('/')[0] : null);
}

async function explain(model) {
  page.routeModel = model;
  try {
    const explained = await api(`/admin/route?model=${encodeURIComponent(model)}`);
    renderRoute($('#route-result'), explained);
    if (page.map) renderMap($('#map'), page.map, explained.route[0]?.provider ?? model.split('/')[0]);
  } catch (error) {
    if (error instanceof AuthRequired) return askForKey(error.message);
    renderRouteError($('#route-result'), error.message);
  }
}

async function resetProvider(provider) {
  try {
    await api(`/admin/providers/${encodeURIComponent(provider.id)}/reset`, { method: 'POST' });
    await refreshStatus();
    if (page.routeModel) explain(page.routeModel);
  } catch (error) {
    handle(error);
  }
}

/** Status again soon (coalesced): a request or a breaker change moved the numbers. */
function statusSoon() {
  if (page.statusQueued) return;
  page.statusQueued = setTimeout(() => {
    page.statusQueued = null;
    refreshStatus().catch(handle);
  }, 1_000);
}

function handle(error) {
  if (error instanceof AuthRequired) return askForKey(error.message);
  if (error instanceof ApiError && error.status === 403) {
    stop();
    showBanner(error.message);
    return;
  }
  console.error(error);
  showBanner(`The gateway did not answer: ${error.message}. Retrying…`);
}

function connectEvents() {
  page.events?.close();
  page.events = openEvents({
    onHello: () => showBanner(null),
    onRequest: (record) => {
      page.activity.addRequest(record);
      page.charts.add(record);
      statusSoon();
    },
    onBreaker: (event) => {
      page.activity.addBreaker(event);
      statusSoon();
      if (page.routeModel) explain(page.routeModel);
    },
    onState: (state) => {
      setLive(state);
      if (state === 'closed') {
        // The stream was refused (a key that stopped working, or the gateway restarted): check, then reopen.
        setTimeout(() => refreshStatus().then(() => { refreshRequests(); connectEvents(); }, handle), 2_000);
      }
    },
  });
}

function stop() {
  page.events?.close();
  page.events = null;
  for (const timer of page.timers) clearInterval(timer);
  page.timers = [];
}

async function start() {
  stop();
  try {
    await refreshStatus();
  } catch (error) {
    return handle(error);
  }
  $('#login').hidden = true;
  $('#main').hidden = false;
  showBanner(null);
  page.charts ??= new UsageCharts($('#chart-tokens'), $('#chart-cost'), $('#usage-totals'));
  try {
    await Promise.all([refreshUsage(), refreshRequests(), refreshMap()]);
  } catch (error) {
    handle(error);
  }
  connectEvents();
  page.timers.push(setInterval(() => {
    if (!document.hidden) refreshStatus().then(() => showBanner(null), handle);
  }, STATUS_EVERY_MS));
  page.timers.push(setInterval(() => refreshUsage().catch(handle), USAGE_EVERY_MS));
}

$('#usage-window').addEventListener('change', () => refreshUsage().catch(handle));

$('#route-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const model = $('#route-model').value.trim();
  if (model) explain(model);
});

for (const chip of document.querySelectorAll('[data-model]')) {
  chip.addEventListener('click', () => {
    $('#route-model').value = chip.dataset.model;
    explain(chip.dataset.model);
  });
}

start();
