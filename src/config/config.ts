import type { OfferingOverride } from '../catalog/overrides.js';
import { PROVIDERS, baseUrlEnvName } from '../providers/registry.js';
import { ProviderRuntime } from '../providers/runtime.js';
import type { ProviderEntry } from '../providers/types.js';
import { Secret } from '../internal/secret.js';
import { ConfigError, readConfigFile, type ConfigFile } from './config-file.js';
import { buildFallbackMap, type FallbackMap } from '../routing/fallback-map.js';
import type { CostPolicy } from '../routing/cost-policy.js';
import { DEFAULT_HEALTH_POLICY, type HealthPolicy } from '../health/health-policy.js';

export interface RetryPolicy {
  /** Extra tries on the same target after a transient failure, while the deadline allows. */
  maxRetries: number;
  /** Backoff before retry n is a random time up to min(maxDelayMs, baseDelayMs * 2^n) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RequestLogSettings {
  enabled: boolean;
  /** Embedded default: a SQLite file. */
  sqlitePath: string;
  /** When set (config or DATABASE_URL), PostgreSQL instead of SQLite. */
  databaseUrl: string | undefined;
  retentionDays: number;
  /** Writes are batched: at most this long between flushes, at most this many rows a batch. */
  flushMs: number;
  batchSize: number;
  /** Rows waiting beyond this are dropped (and counted), so a stuck database never grows memory without bound. */
  maxBuffer: number;
}

export interface ProbeSettings {
  /** Background probes of every keyed provider, feeding health. */
  enabled: boolean;
  intervalMs: number;
  timeoutMs: number;
}

export const DEFAULT_REQUEST_LOG: RequestLogSettings = {
  enabled: true, sqlitePath: 'data/wai.sqlite', databaseUrl: undefined, retentionDays: 30, flushMs: 1000, batchSize: 500, maxBuffer: 20_000,
};

export const DEFAULT_PROBES: ProbeSettings = { enabled: true, intervalMs: 300_000, timeoutMs: 10_000 };

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 2_000 };

export interface Timeouts {
  /** TCP/TLS connect. */
  connectMs: number;
  /** Until the upstream's response headers. */
  firstByteMs: number;
  /** Longest silence inside a response body. */
  idleMs: number;
  /** One attempt, start to end. */
  attemptMs: number;
  /** The whole request, all attempts. */
  deadlineMs: number;
}

export interface GatewayConfig {
  host: string;
  port: number;
  bodyLimitBytes: number;
  logLevel: string;
  timeouts: Timeouts;
  providers: ReadonlyMap<string, ProviderRuntime>;
  fallbackMap: FallbackMap;
  /** Laid over the catalog by the engine (config file `catalog.offerings`). */
  catalogOverrides: readonly OfferingOverride[];
  /** Hours between refreshes of OpenRouter's model list under `wai serve` (0: off). */
  catalogRefreshHours: number;
  /** How far a substitute may stray: another model of the class, only the same model line, or none. */
  substitute: SubstitutePolicy;
  costPolicy: CostPolicy;
  retries: RetryPolicy;
  health: HealthPolicy;
  requestLog: RequestLogSettings;
  probes: ProbeSettings;
  /** Bearer key for /admin and /dashboard; undefined means loopback-only access. */
  adminKey: Secret | undefined;
  /** Redis for breaker state shared by all instances (REDIS_URL); memory when unset. Holds a password, so a Secret. */
  redisUrl: Secret | undefined;
  /** Where the configuration came from, for the start-up banner. */
  configFile: string | undefined;
}

export type SubstitutePolicy = 'same-class' | 'same-family' | 'off';
export const SUBSTITUTE_POLICIES: readonly SubstitutePolicy[] = ['same-class', 'same-family', 'off'];

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  configFile?: string;
  /** Already-parsed config (the SDK passes options this way). */
  file?: ConfigFile;
  overrides?: Partial<Pick<GatewayConfig, 'host' | 'port' | 'bodyLimitBytes' | 'logLevel' | 'costPolicy' | 'substitute'>> & {
    timeouts?: Partial<Timeouts>;
    retries?: Partial<RetryPolicy>;
    health?: Partial<HealthPolicy>;
    requestLog?: Partial<RequestLogSettings>;
    probes?: Partial<ProbeSettings>;
  };
  entries?: readonly ProviderEntry[];
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 10_000,
  firstByteMs: 60_000,
  idleMs: 60_000,
  attemptMs: 120_000,
  deadlineMs: 300_000,
};

/** Reads the environment and the optional config file once; nothing here runs per request. */
export function loadConfig(options: LoadConfigOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  const configPath = options.configFile ?? env.WAI_CONFIG;
  const file: ConfigFile = options.file ?? (configPath ? readConfigFile(configPath) : {});
  const entries = options.entries ?? PROVIDERS;
  const known = new Set(entries.map((e) => e.id));

  for (const id of Object.keys(file.providers ?? {})) {
    if (!known.has(id)) throw new ConfigError(`config field "providers.${id}": unknown provider "${id}"; known: ${[...known].join(', ')}`);
  }

  const providers = new Map<string, ProviderRuntime>();
  for (const entry of entries) {
    const fromFile = file.providers?.[entry.id];
    const key = findKey(entry, env, fromFile?.apiKey);
    const baseUrl = env[baseUrlEnvName(entry.id)] ?? fromFile?.baseUrl ?? defaultBaseUrl(entry, env);
    if (baseUrl) {
      try {
        new URL(baseUrl);
      } catch {
        throw new ConfigError(`${baseUrlEnvName(entry.id)}: "${baseUrl}" is not a URL`);
      }
    }
    const settings: Record<string, string | undefined> = {};
    for (const [name, variable] of Object.entries(entry.extraEnv ?? {})) settings[name] = env[variable];
    Object.assign(settings, fromFile?.settings);
    providers.set(entry.id, new ProviderRuntime(entry, key, baseUrl, settings));
  }

  const port = options.overrides?.port ?? file.server?.port ?? numberFromEnv(env, 'WAI_PORT') ?? 8787;
  return {
    host: options.overrides?.host ?? file.server?.host ?? env.WAI_HOST ?? '127.0.0.1',
    port,
    bodyLimitBytes: options.overrides?.bodyLimitBytes ?? file.server?.bodyLimitBytes ?? numberFromEnv(env, 'WAI_BODY_LIMIT') ?? 4 * 1024 * 1024,
    logLevel: options.overrides?.logLevel ?? file.server?.logLevel ?? env.WAI_LOG_LEVEL ?? 'info',
    timeouts: { ...DEFAULT_TIMEOUTS, ...file.timeouts, ...options.overrides?.timeouts },
    providers,
    fallbackMap: buildFallbackMap(known, file.fallbackMap ?? {}, configPath ? `${configPath}: fallbackMap` : 'fallbackMap'),
    catalogOverrides: file.catalog?.offerings ?? [],
    catalogRefreshHours: env.WAI_CATALOG_REFRESH === 'off' ? 0 : file.catalog?.refreshHours ?? 24,
    substitute: options.overrides?.substitute ?? file.substitute ?? substituteFromEnv(env),
    costPolicy: options.overrides?.costPolicy ?? file.costPolicy ?? costPolicyFromEnv(env),
    retries: { ...DEFAULT_RETRY_POLICY, ...file.retries, ...options.overrides?.retries },
    health: { ...DEFAULT_HEALTH_POLICY, ...file.health, ...options.overrides?.health },
    requestLog: {
      ...DEFAULT_REQUEST_LOG,
      ...(env.WAI_REQUEST_LOG === 'off' ? { enabled: false } : {}),
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
      ...file.requestLog,
      ...options.overrides?.requestLog,
    },
    probes: { ...DEFAULT_PROBES, ...(env.WAI_PROBES === 'off' ? { enabled: false } : {}), ...file.probes, ...options.overrides?.probes },
    redisUrl: env.REDIS_URL ? new Secret(env.REDIS_URL, 'REDIS_URL') : file.stores?.redisUrl ? new Secret(file.stores.redisUrl, 'config stores.redisUrl') : undefined,
    adminKey: env.WAI_ADMIN_KEY ? new Secret(env.WAI_ADMIN_KEY, 'WAI_ADMIN_KEY') : file.server?.adminKey ? new Secret(file.server.adminKey, 'config server.adminKey') : undefined,
    configFile: configPath,
  };
}

function findKey(entry: ProviderEntry, env: Record<string, string | undefined>, fromFile: string | undefined): Secret | undefined {
  for (const variable of entry.keyEnv) {
    const value = env[variable]?.trim();
    if (value) return new Secret(value, variable);
  }
  return fromFile ? new Secret(fromFile, `config providers.${entry.id}.apiKey`) : undefined;
}

function defaultBaseUrl(entry: ProviderEntry, env: Record<string, string | undefined>): string {
  // Azure has no global host: the resource endpoint is the base.
  if (entry.id === 'azure-openai' && env.AZURE_OPENAI_ENDPOINT) return `${env.AZURE_OPENAI_ENDPOINT.replace(/\/+$/, '')}/openai`;
  if (entry.id === 'bedrock' && env.AWS_REGION) return `https://bedrock-runtime.${env.AWS_REGION}.amazonaws.com`;
  return entry.defaultBaseUrl;
}

function costPolicyFromEnv(env: Record<string, string | undefined>): CostPolicy {
  const raw = env.WAI_COST_POLICY;
  if (raw === undefined || raw === '') return 'free-first';
  if (raw === 'free-first' || raw === 'cheapest' || raw === 'quality') return raw;
  throw new ConfigError(`WAI_COST_POLICY: "${raw}" is not one of free-first, cheapest, quality`);
}

function substituteFromEnv(env: Record<string, string | undefined>): SubstitutePolicy {
  const raw = env.WAI_SUBSTITUTE;
  if (raw === undefined || raw === '') return 'same-class';
  if ((SUBSTITUTE_POLICIES as readonly string[]).includes(raw)) return raw as SubstitutePolicy;
  throw new ConfigError(`WAI_SUBSTITUTE: "${raw}" is not one of ${SUBSTITUTE_POLICIES.join(', ')}`);
}

function numberFromEnv(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name}: "${raw}" is not a whole number`);
  return value;
}
