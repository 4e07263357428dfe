import type { GatewayConfig } from '../../config/config.js';
import type { ErrorClass } from '../../errors/error-class.js';
import type { ProviderRole } from '../../providers/types.js';
import type { AdminState, BreakerEvent, LastError } from '../../observe/admin/admin-state.js';
import { quantile } from '../../observe/admin/rolling.js';
import { providerKey } from '../../health/health-key.js';
import type { CatalogStatus } from '../../catalog/catalog-refresher.js';
import { requestLogOf } from '../../observe/log/attach.js';
import type { RequestLogStats } from '../../observe/log/request-log.js';

export type ProviderState = 'working' | 'failing' | 'breaker_open' | 'no_key' | 'idle';

export interface ProviderStatus {
  id: string;
  name: string;
  role: ProviderRole;
  dialect: string;
  /** Whether a key is configured, and from which variable or config field (never the key itself). */
  key: { present: boolean; source: string | null; variables: readonly string[] };
  /**
   * no_key: not configured; breaker_open: no traffic is sent now; failing: its last attempt (or a model breaker)
   * failed; working: its last attempt succeeded; idle: keyed, no attempt seen yet.
   */
  state: ProviderState;
  breaker: {
    state: 'closed' | 'open' | 'half_open';
    /** Open, cool-down over: the next request goes through as a probe. */
    probeReady: boolean;
    until: number | null;
    reason: ErrorClass | null;
    status: number | null;
    /** Model breakers of this provider that are not closed. */
    models: Array<Pick<BreakerEvent, 'model' | 'state' | 'probeReady' | 'until' | 'reason' | 'status'>>;
  };
  lastError: LastError | null;
  lastSuccessAt: number | null;
  /** Over the last `attempts` attempts this gateway made to the provider. */
  window: { attempts: number; successes: number; successRate: number | null; p50Ms: number | null; p95Ms: number | null };
}

export interface StatusAnswer {
  now: number;
  /** Attempts per provider the window holds at most. */
  windowSize: number;
  costPolicy: string;
  adminKeyConfigured: boolean;
  summary: Record<ProviderState, number>;
  providers: ProviderStatus[];
  /** Where the model catalog in force comes from, its age, the last refresh and what it changed (null: no refresher). */
  catalog: CatalogStatus | null;
  /** The request log's rows (null when no log is attached): written, dropped and pending, and its state. */
  requestLog: Pick<RequestLogStats, 'store' | 'state' | 'written' | 'dropped' | 'pending' | 'failed' | 'lastError' | 'lastWriteAt'> | null;
}

export function buildStatus(admin: AdminState, config: GatewayConfig): StatusAnswer {
  const now = admin.runtime.health.now();
  const breakers = admin.breakerEvents();
  const providers: ProviderStatus[] = [];
  const summary: Record<ProviderState, number> = { working: 0, failing: 0, breaker_open: 0, no_key: 0, idle: 0 };
  for (const [id, runtime] of config.providers) {
    const window = admin.peekWindow(id);
    const attempts = window ? window.attempts.toArray() : [];
    const successes = attempts.filter((a) => a.ok);
    const latencies = successes.map((a) => a.durationMs);
    const own = breakers.find((b) => b.key === providerKey(id));
    const models = breakers.filter((b) => b.provider === id && b.model !== null);
    const last = attempts.at(-1);
    const since = window?.resetAt ?? 0;
    let state: ProviderState;
    if (!runtime.hasKey) state = 'no_key';
    else if (own && own.state !== 'closed' && !own.probeReady) state = 'breaker_open';
    else if (
      (last && !last.ok && last.at >= since)
      || (own && own.state !== 'closed')
      || models.some((m) => m.state !== 'closed' && !m.probeReady)
    ) state = 'failing';
    else if (last || window?.lastSuccessAt !== undefined) state = 'working';
    else state = 'idle';
    summary[state]++;
    providers.push({
      id,
      name: runtime.entry.name,
      role: runtime.entry.role,
      dialect: runtime.entry.dialect,
      key: { present: runtime.hasKey, source: runtime.key?.source ?? null, variables: runtime.entry.keyEnv },
      state,
      breaker: {
        state: own?.state ?? 'closed',
        probeReady: own?.probeReady ?? false,
        until: own?.until ?? null,
        reason: own?.reason ?? null,
        status: own?.status ?? null,
        models: models.map(({ model, state: s, probeReady, until, reason, status }) => ({ model, state: s, probeReady, until, reason, status })),
      },
      lastError: window?.lastError ?? null,
      lastSuccessAt: window?.lastSuccessAt ?? null,
      window: {
        attempts: attempts.length,
        successes: successes.length,
        successRate: attempts.length ? successes.length / attempts.length : null,
        p50Ms: round(quantile(latencies, 0.5)),
        p95Ms: round(quantile(latencies, 0.95)),
      },
    });
  }
  return {
    now,
    windowSize: admin.attemptsPerProvider,
    costPolicy: config.costPolicy,
    adminKeyConfigured: config.adminKey !== undefined,
    summary,
    providers,
    catalog: admin.runtime.catalogRefresher?.status() ?? null,
    requestLog: requestLogRows(requestLogOf(admin.runtime)?.stats()),
  };
}

function requestLogRows(stats: RequestLogStats | undefined): StatusAnswer['requestLog'] {
  if (!stats) return null;
  const { store, state, written, dropped, pending, failed, lastError, lastWriteAt } = stats;
  return { store, state, written, dropped, pending, failed, lastError, lastWriteAt };
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
