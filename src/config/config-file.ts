import { offeringOverrideSchema, overrideProblem } from '../catalog/overrides.js';
import { ConfigError } from '../errors/config-error.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { PROVIDERS } from '../providers/registry.js';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { z } from 'zod';
import { MAX_TIMER_MS } from '../internal/clock.js';

/** A duration in ms that Node's timers can honour. */
const durationMs = () => z.number().int().positive().max(MAX_TIMER_MS, `is longer than Node's timers allow (${MAX_TIMER_MS} ms, about 24.8 days)`);

/** Fields that are all optional durations (timeouts, cool-downs), one per name. */
function optionalDurations<K extends string>(...names: K[]): Record<K, z.ZodOptional<ReturnType<typeof durationMs>>> {
  return Object.fromEntries(names.map((name) => [name, durationMs().optional()])) as Record<K, z.ZodOptional<ReturnType<typeof durationMs>>>;
}

/** The optional config file (YAML or JSON). Keys may be written here; the environment wins over it. */
export const configFileSchema = z.strictObject({
  server: z.strictObject({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    bodyLimitBytes: z.number().int().positive().optional(),
    answerLimitBytes: z.number().int().positive().optional(),
    /** The most bytes all whole answers being read may hold at once; at least twice answerLimitBytes. */
    answerBudgetBytes: z.number().int().positive().optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    /** Bearer key for /admin and /dashboard; without one they answer only on a loopback address. */
    adminKey: z.string().min(8).optional(),
    /**
     * Client keys on /v1/*: `auto` (default) requires one as soon as any client key exists; `required` always;
     * `off` never (and lets the gateway bind beyond loopback with no client keys, on purpose).
     */
    auth: z.enum(['auto', 'required', 'off']).optional(),
    /** Browsers on these origins may call the API (`*` for any); without it no CORS header is sent. */
    cors: z.strictObject({
      origins: z.array(z.string().refine((o) => o === '*' || isOrigin(o), 'must be "*" or an origin such as https://app.example.com (scheme, host and port only)')).min(1),
    }).optional(),
  }).optional(),
  streaming: z.strictObject({
    /** A stream that breaks after it started goes on at the route's next candidate (default true). */
    continueOnBreak: z.boolean().optional(),
  }).optional(),
  stores: z.strictObject({
    /** Shared breaker state for several gateway instances (REDIS_URL wins). */
    redisUrl: z.string().min(1).optional(),
    /** Prefix of every Redis key and channel of the client limits, key changes and probe lease (WAI_REDIS_PREFIX wins). */
    redisPrefix: z.string().min(1).max(64).optional(),
  }).optional(),
  clientKeys: z.strictObject({
    /** How often each instance checks the key store for changes (a revoked key is refused within this, plus a query). */
    pollMs: z.number().int().min(50).max(60_000).optional(),
  }).optional(),
  requestLog: z.strictObject({
    enabled: z.boolean().optional(),
    sqlitePath: z.string().min(1).optional(),
    databaseUrl: z.string().min(1).optional(),
    retentionDays: z.number().positive().optional(),
    flushMs: durationMs().optional(),
    batchSize: z.number().int().positive().optional(),
    maxBuffer: z.number().int().positive().optional(),
  }).optional(),
  probes: z.strictObject({
    enabled: z.boolean().optional(),
    intervalMs: durationMs().optional(),
    timeoutMs: durationMs().optional(),
    /** With Redis: how long the probe lease lasts unless renewed (one instance probes; another takes over within this). */
    leaseMs: z.number().int().min(300).optional(),
  }).optional(),
  providers: z.record(z.string(), z.strictObject({
    apiKey: z.string().min(1).optional(),
    baseUrl: z.url().optional(),
    settings: z.record(z.string(), z.string()).optional(),
  })).optional(),
  /** Prices, windows and offerings laid over the shipped catalog (see src/catalog/overrides.ts). */
  catalog: z.strictObject({
    offerings: z.array(offeringOverrideSchema).optional(),
    /** `wai serve` refreshes from OpenRouter's public model list this often (0: never; WAI_CATALOG_REFRESH=off too). */
    refreshHours: z.number().min(0).max(24 * 365).optional(),
  }).optional(),
  /** How far a substitute may stray when the model asked for cannot be served (per request: `wai.substitute`). */
  substitute: z.enum(['same-class', 'same-family', 'off']).optional(),
  fallbackMap: z.record(z.string(), z.strictObject({ primary: z.string().min(1).optional(), fallback: z.string().min(1).optional() })).optional(),
  costPolicy: z.enum(['free-first', 'cheapest', 'quality']).optional(),
  retries: z.strictObject({
    maxRetries: z.number().int().min(0).max(10).optional(),
    baseDelayMs: z.number().int().min(0).max(MAX_TIMER_MS).optional(),
    maxDelayMs: z.number().int().min(0).max(MAX_TIMER_MS).optional(),
  }).optional(),
  health: z.strictObject({
    consecutiveFailures: z.number().int().positive().optional(),
    windowMs: durationMs().optional(),
    minRequests: z.number().int().positive().optional(),
    failureRate: z.number().gt(0).max(1).optional(),
    ...optionalDurations(
      'transientCooldownMs', 'maxCooldownMs', 'rateLimitCooldownMs', 'authCooldownMs', 'quotaCooldownMs',
      'modelUnavailableCooldownMs', 'unsupportedCooldownMs', 'probeTimeoutMs',
    ),
  }).optional(),
  upstream: z.strictObject({
    /** Most open connections to one upstream origin; 0 means no limit (the default: a stream holds one for its length). */
    connectionsPerOrigin: z.number().int().min(0).optional(),
  }).optional(),
  timeouts: z.strictObject(optionalDurations('connectMs', 'firstByteMs', 'idleMs', 'attemptMs', 'deadlineMs', 'streamMs')).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;

/** `scheme://host[:port]` and nothing more, as a browser sends it in `Origin`. */
function isOrigin(text: string): boolean {
  try {
    return new URL(text).origin === text;
  } catch {
    return false;
  }
}

/**
 * Reads and validates the config file. YAML and JSON both go through the YAML parser (JSON is YAML), which keeps
 * positions, so every error names the field and its line: `wai.yaml line 7: field "timeouts.attemptMs": …`.
 */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    throw new ConfigError(`config file ${path} line ${line}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${syntax.message.split('\n')[0]}`);
  }
  const result = configFileSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    const at = lineOf(doc, lines, issue.path);
    throw new ConfigError(`config file ${path}${at ? ` line ${at}` : ''}: field "${field}": ${issue.message}`);
  }
  // Overrides must name models the catalog knows and providers the registry has: checked here, where lines are known.
  // The catalog is loaded for this only when there are overrides to check.
  const overrides = result.data.catalog?.offerings ?? [];
  const problem = overrides.length ? overrideProblem(overrides, loadCatalog(), new Set(PROVIDERS.map((p) => p.id))) : undefined;
  if (problem) {
    const at = lineOf(doc, lines, problem.path);
    throw new ConfigError(`config file ${path}${at ? ` line ${at}` : ''}: field "${problem.path.join('.')}": ${problem.message}`);
  }
  return result.data;
}

/** The line of the deepest node on `path` that exists in the document (an unknown key points at its parent). */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth);
    const node = keys.length ? doc.getIn(keys as unknown[], true) : doc.contents;
    const range = isNode(node) ? node.range : undefined;
    if (range) return lines.linePos(range[0]).line;
    // The key itself, when the value is missing.
    if (keys.length) {
      const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1) as unknown[], true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === keys[keys.length - 1]);
        const keyRange = pair && isScalar(pair.key) ? pair.key.range : undefined;
        if (keyRange) return lines.linePos(keyRange[0]).line;
      }
    }
  }
  return undefined;
}
