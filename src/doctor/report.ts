import type { GatewayConfig } from '../config/config.js';
import type { ProviderRole } from '../providers/types.js';
import type { ErrorClass } from '../errors/error-class.js';
import { probeLabel, type ProbeResult } from './probe.js';
import { checkKeyFormats, type KeyFormatWarning } from './key-format.js';

/** Aggregators that also serve their own models directly (the seed lists Groq as both). */
const ALSO_DIRECT: ReadonlySet<string> = new Set(['groq']);

export type ProviderState = 'working' | 'broken' | 'no_key';

/** One provider as the report shows it. */
export interface ProviderStatus {
  id: string;
  name: string;
  role: ProviderRole;
  state: ProviderState;
  /** `OpenRouter`, `Replicate (401)`, `Groq (timeout)`, `Writer (no key)`. */
  label: string;
  check?: string;
  latencyMs?: number;
  status?: number;
  errorClass?: ErrorClass;
  code?: string;
  message?: string;
}

export interface TrafficTarget {
  id: string;
  name: string;
  state: ProviderState;
  label: string;
}

/** Where a broken or keyless provider's traffic goes now, from the fallback map and the probes. */
export interface TrafficRoute {
  provider: string;
  name: string;
  state: 'broken' | 'no_key';
  label: string;
  primary: TrafficTarget | null;
  fallback: TrafficTarget | null;
  /** The provider serving that traffic now, as the planner routes it (else: the primary, then the fallback that works). */
  goesTo: string | null;
  /** The planner's first working target for the provider's first model: what a request would really get. */
  via?: PlannedPath | null;
}

/** Where the planner sends a request for a provider's model, given which providers work now. */
export interface PlannedPath {
  asked: string;
  provider: string;
  /** The provider's display name. */
  name: string;
  model: string;
  level: number;
  /** Set when it serves another model than the one asked for. */
  substitute?: string;
}

export interface DoctorReport {
  /** Every keyed provider works or has a working primary or fallback (and at least one provider has a key). */
  ok: boolean;
  checkedAt: string;
  durationMs: number;
  timeoutMs: number;
  summary: { keyed: number; working: number; broken: number; noKey: number };
  /** Working aggregators, then working direct providers, then broken ones, then those without a key. */
  aggregators: ProviderStatus[];
  direct: ProviderStatus[];
  broken: ProviderStatus[];
  noKey: ProviderStatus[];
  traffic: TrafficRoute[];
  /** Keys that do not look like their provider's (named by variable, never shown). */
  keyWarnings: KeyFormatWarning[];
  /** Where to get each missing key. */
  getKeys: Array<{ provider: string; name: string; variables: readonly string[]; url: string }>;
  /** Keyed providers whose traffic has nowhere to go in the map, as labels. */
  stranded: string[];
}

function statusOf(result: ProbeResult): ProviderStatus {
  const status: ProviderStatus = {
    id: result.provider, name: result.name, role: result.role,
    state: result.ok ? 'working' : 'broken',
    label: probeLabel(result),
    check: result.check,
    latencyMs: result.latencyMs,
  };
  if (result.status !== undefined) status.status = result.status;
  if (result.errorClass !== undefined) status.errorClass = result.errorClass;
  if (result.code !== undefined) status.code = result.code;
  if (result.message !== undefined) status.message = result.message;
  return status;
}

/** Builds the report from the probe results and the fallback map in force. */
export function buildReport(
  config: Pick<GatewayConfig, 'providers' | 'fallbackMap'>,
  results: readonly ProbeResult[],
  timing: { durationMs: number; timeoutMs: number; checkedAt?: Date },
  routeOf?: (provider: string, working: ReadonlySet<string>) => PlannedPath | null,
): DoctorReport {
  const byId = new Map<string, ProviderStatus>();
  for (const result of results) byId.set(result.provider, statusOf(result));
  for (const provider of config.providers.values()) {
    if (byId.has(provider.id)) continue;
    byId.set(provider.id, {
      id: provider.id, name: provider.entry.name, role: provider.entry.role, state: 'no_key',
      // An alias has no key of its own (its name says so): its traffic always goes through the map.
      label: provider.entry.role === 'alias' ? provider.entry.name : `${provider.entry.name} (no key)`,
    });
  }
  const all = [...byId.values()];

  const target = (id: string | undefined): TrafficTarget | null => {
    if (!id) return null;
    const s = byId.get(id);
    return s ? { id, name: s.name, state: s.state, label: s.state === 'working' ? s.name : s.label } : null;
  };

  const working = new Set(all.filter((s) => s.state === 'working').map((s) => s.id));
  const traffic: TrafficRoute[] = [];
  for (const s of all) {
    if (s.state === 'working') continue;
    const rule = config.fallbackMap[s.id];
    const primary = target(rule?.primary);
    const fallback = target(rule?.fallback);
    const via = routeOf?.(s.id, working);
    const goesTo = via !== undefined ? via?.provider ?? null : primary?.state === 'working' ? primary.id : fallback?.state === 'working' ? fallback.id : null;
    traffic.push({ provider: s.id, name: s.name, state: s.state, label: s.label, primary, fallback, goesTo, ...(via !== undefined ? { via } : {}) });
  }

  const keyed = all.filter((s) => s.state !== 'no_key');
  const stranded = traffic.filter((t) => t.state === 'broken' && t.goesTo === null).map((t) => t.label);
  return {
    ok: keyed.length > 0 && stranded.length === 0,
    checkedAt: (timing.checkedAt ?? new Date()).toISOString(),
    durationMs: Math.round(timing.durationMs),
    timeoutMs: timing.timeoutMs,
    summary: {
      keyed: keyed.length,
      working: keyed.filter((s) => s.state === 'working').length,
      broken: keyed.filter((s) => s.state === 'broken').length,
      noKey: all.length - keyed.length,
    },
    aggregators: all.filter((s) => s.state === 'working' && s.role === 'aggregator'),
    direct: all.filter((s) => s.state === 'working' && (s.role !== 'aggregator' || ALSO_DIRECT.has(s.id))),
    broken: all.filter((s) => s.state === 'broken'),
    noKey: all.filter((s) => s.state === 'no_key'),
    traffic,
    stranded,
    keyWarnings: checkKeyFormats(config),
    getKeys: [...config.providers.values()]
      .filter((p) => !p.hasKey && p.entry.keyEnv.length > 0)
      .map((p) => ({ provider: p.id, name: p.entry.name, variables: p.entry.keyEnv, url: p.entry.key?.page ?? p.entry.defaultBaseUrl })),
  };
}

/** The report for scripts: the same facts as the table. */
export function reportJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text}  ` : text.padEnd(width);
}

/** The status table, as an operator would write it up. */
export function renderReport(report: DoctorReport): string {
  const lines: string[] = [];
  const { summary } = report;
  lines.push(`WAI doctor: ${summary.keyed} provider${summary.keyed === 1 ? '' : 's'} with a key, probed in ${(report.durationMs / 1000).toFixed(1)} s (timeout ${report.timeoutMs} ms each)`);
  lines.push('');
  if (summary.keyed === 0) {
    lines.push('No provider has a key: set one (OPENROUTER_API_KEY reaches most models) or providers.<id>.apiKey in the config file.');
    lines.push('');
  }
  // One label column for every section, so the table reads as one.
  const width = Math.max(0, ...[...report.aggregators, ...report.direct, ...report.broken].map((s) => s.label.length)) + 2;
  const working = (title: string, list: ProviderStatus[]) => {
    if (list.length === 0) return;
    lines.push(`${title} (${list.length})`);
    const checkWidth = Math.max(...list.map((s) => (s.check ?? '').length)) + 2;
    for (const s of list) lines.push(`  ${pad(s.label, width)}${pad(s.check ?? '', checkWidth)}${s.latencyMs ?? 0} ms`);
    lines.push('');
  };
  working('Working aggregators', report.aggregators);
  working('Working direct providers', report.direct);
  if (report.broken.length) {
    lines.push(`Broken (${report.broken.length})`);
    for (const s of report.broken) {
      lines.push(`  ${pad(s.label, width)}${pad(s.errorClass ?? '', 19)}${s.message ?? ''}`);
    }
    lines.push('');
  }
  if (report.keyWarnings.length) {
    lines.push(`Key format (${report.keyWarnings.length})`);
    for (const w of report.keyWarnings) lines.push(`  warning: ${w.message}`);
    lines.push('');
  }
  if (report.noKey.length) {
    lines.push(`No key (${report.noKey.length})`);
    lines.push(`  ${report.noKey.map((s) => s.name).join(', ')}`);
    lines.push('');
  }
  if (report.getKeys.length) {
    lines.push('Where to get a key (set the variable, then run wai doctor again)');
    const nameWidth = Math.max(...report.getKeys.map((k) => k.variables[0]!.length)) + 2;
    for (const k of report.getKeys) lines.push(`  ${pad(k.variables[0]!, nameWidth)}${k.url}`);
    lines.push('');
  }
  if (report.traffic.length) {
    lines.push('Where traffic goes now');
    const trafficWidth = Math.max(...report.traffic.map((t) => t.label.length)) + 2;
    for (const t of report.traffic) lines.push(`  ${pad(t.label, trafficWidth)}→ ${destination(t)}`);
    lines.push('');
  }
  if (report.ok) lines.push('OK: every provider with a key works or has a working fallback.');
  else if (summary.keyed === 0) lines.push('FAIL: nothing can be served without a key.');
  else lines.push(`FAIL: no working path in the fallback map for ${report.stranded.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

function destination(t: TrafficRoute): string {
  if (t.via !== undefined) {
    if (t.via === null) return 'nowhere: no working provider serves it or a substitute (the route would end in a 503)';
    const sub = t.via.substitute ? `, a substitute: ${t.via.substitute}` : '';
    return `${t.via.name} ${t.via.model} (level ${t.via.level}${sub})`;
  }
  const p = t.primary;
  const f = t.fallback;
  if (!p && !f) return 'no row in the fallback map (only the wide search, level 4, can serve it)';
  if (p?.state === 'working') return `${p.name} (primary)`;
  if (f?.state === 'working') return `${f.name} (fallback; primary ${p ? p.label : 'none'} is out)`;
  return `nowhere in the map: primary ${p ? p.label : 'none'}, fallback ${f ? f.label : 'none'}`;
}

/** Where the progress line goes: stderr, rewritten in place on a terminal, plain lines otherwise. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** `probing 3/7…`, updated as each probe finishes. */
export class ProgressLine {
  readonly #stream: ProgressStream;
  readonly #tty: boolean;
  #shown = false;

  constructor(stream: ProgressStream) {
    this.#stream = stream;
    this.#tty = stream.isTTY === true;
  }

  start(total: number): void {
    if (this.#tty) this.#stream.write(`\r\x1b[2Kprobing 0/${total}…`);
    else this.#stream.write(`probing ${total} provider${total === 1 ? '' : 's'}…\n`);
    this.#shown = true;
  }

  update(result: ProbeResult, done: number, total: number): void {
    const what = result.ok ? `${result.name} ok` : probeLabel(result);
    if (this.#tty) this.#stream.write(`\r\x1b[2Kprobing ${done}/${total}… ${what}`);
    else this.#stream.write(`probing ${done}/${total}: ${what}\n`);
  }

  /** Clears the line on a terminal, so the table starts on a clean one. */
  finish(): void {
    if (this.#tty && this.#shown) this.#stream.write('\r\x1b[2K');
    this.#shown = false;
  }
}
