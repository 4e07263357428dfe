import type { OfferingOverride } from '../catalog/overrides.js';
import { PROVIDERS, baseUrlEnvName } from '../providers/registry.js';
import { ProviderRuntime } from '../providers/runtime.js';
import type { ProviderEntry } from '../providers/types.js';
import { Secret } from '../internal/secret.js';
import { readConfigFile, type ConfigFile } from './config-file.js';
import { ConfigError } from '../errors/config-error.js';
import { buildFallbackMap, type FallbackMap } from './fallback-map.js';
import type { CostPolicy } from './cost-policies.js';
import { DEFAULT_HEALTH_POLICY, type HealthPolicy } from '../health/health-policy.js';
import { checkDurations } from './check-durations.js';

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
  /** With Redis, one instance at a time probes, holding a lease of this length that it renews. */
  leaseMs: number;
}

/** Client keys on /v1/* (see config-file.ts server.auth). */
export type AuthMode = 'auto' | 'required' | 'off';

export const DEFAULT_REQUEST_LOG: RequestLogSettings = {
  enabled: true, sqlitePath: 'data/wai.sqlite', databaseUrl: undefined, retentionDays: 30, flushMs: 1000, batchSize: 500, maxBuffer: 20_000,
};

export const DEFAULT_PROBES: ProbeSettings = { enabled: true, intervalMs: 300_000, timeoutMs: 10_000, leaseMs: 30_000 };

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
  /** A committed stream, from its first content to its end (a drip that never ends is cut here). */
  streamMs: number;
}

export interface UpstreamSettings {
  /**
   * Most open connections to one upstream origin; 0 means no limit. HTTP/1.1 needs a connection per concurrent
   * stream, so any limit makes streams beyond it wait inside the gateway for whole answers to finish.
   */
  connectionsPerOrigin: number;
}

export const DEFAULT_UPSTREAM: UpstreamSettings = { connectionsPerOrigin: 0 };

export interface GatewayConfig {
  host: string;
  port: number;
  bodyLimitBytes: number;
  /** Largest successful whole answer read from an upstream; a larger one fails that attempt (memory stays bounded). */
  answerLimitBytes: number;
  /**
   * The most bytes all whole answers being read may hold at once, across requests (engine/answer-budget.ts):
   * large answers may fill half of it, so it is at least twice answerLimitBytes.
   */
  answerBudgetBytes: number;
  logLevel: string;
  timeouts: Timeouts;
  upstream: UpstreamSettings;
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
  /** When /v1/* needs a client key (WAI_AUTH or server.auth). */
  auth: AuthMode;
  /** Prefix of the Redis keys and channels of client limits, key changes and the probe lease. */
  redisPrefix: string;
  /** How often the client keys are checked for changes. */
  keyPollMs: number;
  /** Origins whose browsers may call the API; undefined: no CORS headers at all. */
  cors: { origins: readonly string[] } | undefined;
  /** A stream that breaks after it started goes on at the route's next candidate (WAI_CONTINUE_STREAMS=off, `streaming.continueOnBreak`). */
  continueStreams?: boolean;
}

export type SubstitutePolicy = 'same-class' | 'same-family' | 'off';
export const SUBSTITUTE_POLICIES: readonly SubstitutePolicy[] = ['same-class', 'same-family', 'off'];

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  configFile?: string;
  /** Already-parsed config (the SDK passes options this way). */
  file?: ConfigFile;
  overrides?: Partial<Pick<GatewayConfig, 'host' | 'port' | 'bodyLimitBytes' | 'answerLimitBytes' | 'answerBudgetBytes' | 'logLevel' | 'costPolicy' | 'substitute'>> & {
    timeouts?: Partial<Timeouts>;
    upstream?: Partial<UpstreamSettings>;
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
  streamMs: 1_800_000,
};

/** 32 MiB: far above any real chat answer, far below what would endanger the process. */
export const DEFAULT_ANSWER_LIMIT = 32 * 1024 * 1024;
/**
 * Room for all whole answers being read at once, by default four times the answer limit (128 MiB): large answers
 * may fill half of it (two at the limit at once), ordinary ones the rest. It bounds what upstreams can make the
 * gateway hold in whole answers, whatever the number of requests.
 */
export const ANSWER_BUDGET_PER_LIMIT = 4;
export const DEFAULT_ANSWER_BUDGET = ANSWER_BUDGET_PER_LIMIT * DEFAULT_ANSWER_LIMIT;

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
    if (baseUrl) checkBaseUrl(baseUrl, env[baseUrlEnvName(entry.id)] !== undefined ? baseUrlEnvName(entry.id) : `providers.${entry.id}.baseUrl`);
    const settings: Record<string, string | undefined> = {};
    for (const [name, variable] of Object.entries(entry.extraEnv ?? {})) settings[name] = env[variable];
    Object.assign(settings, fromFile?.settings);
    providers.set(entry.id, new ProviderRuntime(entry, key, baseUrl, settings));
  }

  const port = options.overrides?.port ?? file.server?.port ?? numberFromEnv(env, 'WAI_PORT', 0, 65_535) ?? 8787;
  const answerLimitBytes = options.overrides?.answerLimitBytes ?? file.server?.answerLimitBytes ?? numberFromEnv(env, 'WAI_ANSWER_LIMIT', 1) ?? DEFAULT_ANSWER_LIMIT;
  const config: GatewayConfig = {
    host: options.overrides?.host ?? file.server?.host ?? env.WAI_HOST ?? '127.0.0.1',
    port,
    bodyLimitBytes: options.overrides?.bodyLimitBytes ?? file.server?.bodyLimitBytes ?? numberFromEnv(env, 'WAI_BODY_LIMIT', 1) ?? 4 * 1024 * 1024,
    answerLimitBytes,
    answerBudgetBytes: options.overrides?.answerBudgetBytes ?? file.server?.answerBudgetBytes ?? numberFromEnv(env, 'WAI_ANSWER_BUDGET', 1)
      ?? ANSWER_BUDGET_PER_LIMIT * answerLimitBytes,
    logLevel: options.overrides?.logLevel ?? file.server?.logLevel ?? logLevelFromEnv(env) ?? 'info',
    timeouts: { ...DEFAULT_TIMEOUTS, ...file.timeouts, ...options.overrides?.timeouts },
    upstream: {
      connectionsPerOrigin: options.overrides?.upstream?.connectionsPerOrigin ?? file.upstream?.connectionsPerOrigin
        ?? numberFromEnv(env, 'WAI_UPSTREAM_CONNECTIONS') ?? DEFAULT_UPSTREAM.connectionsPerOrigin,
    },
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
    auth: authFromEnv(env) ?? file.server?.auth ?? 'auto',
    redisPrefix: env.WAI_REDIS_PREFIX || file.stores?.redisPrefix || 'wai',
    keyPollMs: file.clientKeys?.pollMs ?? 500,
    cors: file.server?.cors ? { origins: file.server.cors.origins } : undefined,
    continueStreams: file.streaming?.continueOnBreak ?? env.WAI_CONTINUE_STREAMS !== 'off',
  };
  checkDurations(config);
  // Values given as overrides (the SDK, embedding code) skip the file's schema: the same rules here.
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65_535) throw new ConfigError(`server.port: ${config.port} is not a port (0 to 65535)`);
  if (config.answerBudgetBytes < 2 * config.answerLimitBytes) {
    throw new ConfigError(`server.answerBudgetBytes (WAI_ANSWER_BUDGET): ${config.answerBudgetBytes} is less than twice the answer limit (${config.answerLimitBytes}): large answers may fill only half of the budget, so one at the limit could never be read`);
  }
  if (!LOG_LEVELS.includes(config.logLevel)) throw new ConfigError(`server.logLevel: "${config.logLevel}" is not a log level; use one of ${LOG_LEVELS.join(', ')}`);
  return config;
}

function authFromEnv(env: Record<string, string | undefined>): AuthMode | undefined {
  const raw = env.WAI_AUTH;
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'auto' || raw === 'required' || raw === 'off') return raw;
  throw new ConfigError(`WAI_AUTH: "${raw}" is not one of auto, required, off`);
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

function numberFromEnv(env: Record<string, string | undefined>, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name}: "${raw}" is not a whole number`);
  if (value < min || value > max) throw new ConfigError(`${name}: ${raw} is out of range: use at least ${min}${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''}`);
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevelFromEnv(env: Record<string, string | undefined>): string | undefined {
  const raw = env.WAI_LOG_LEVEL;
  if (raw === undefined || raw === '') return undefined;
  if (!LOG_LEVELS.includes(raw)) throw new ConfigError(`WAI_LOG_LEVEL: "${raw}" is not a log level; use one of ${LOG_LEVELS.join(', ')}`);
  return raw;
}

/** Upstreams are reached over HTTP: a file:// or other scheme is refused before anything is sent there. */
function checkBaseUrl(baseUrl: string, field: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(`${field}: "${baseUrl}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${field}: "${baseUrl}" is not an http:// or https:// URL`);
}
