import { Gauge } from 'prom-client';
import { ConfigError } from '../errors/config-error.js';
import type { GatewayConfig } from '../config/config.js';
import type { GatewayRuntime } from '../runtime/gateway-runtime.js';
import { isLoopback } from '../internal/loopback.js';
import { attachMetrics } from '../observe/metrics/attach.js';
import { KeyRegistry } from './key-registry.js';
import { KeyStore } from './key-store.js';
import { ClientLimiter } from './limits/client-limiter.js';
import { guardRequest } from './client-gate.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connectTeamsRedis, type TeamsRedis } from './connect-teams-redis.js';
import { ProbeLease } from './probe-lease.js';

/** Client keys, their limits and the probe lease of one runtime. */
export interface Teams {
  registry: KeyRegistry;
  limiter: ClientLimiter;
  redis: TeamsRedis | undefined;
  lease: ProbeLease | undefined;
  /** Tells every instance (this one at once, the others over Redis) that keys changed. */
  announce(): Promise<void>;
  /** Bound to a loopback address (see guardRequest). */
  loopback: boolean;
}

const attached = new WeakMap<GatewayRuntime, Teams>();

export function teamsOf(runtime: GatewayRuntime): Teams | undefined {
  return attached.get(runtime);
}

/** The Redis channel on which a key change is announced. */
export function keysChannel(prefix: string): string {
  return `${prefix}:client-keys:changed`;
}

export interface AttachTeamsOptions {
  /** Longest start-up waits to read the keys (it keeps trying after; until then every /v1 request needs a key). */
  startupWaitMs?: number;
}

/**
 * Reads the client keys (from the request log's database), connects the shared limits and the probe lease to
 * Redis when REDIS_URL is set, and adds the gauges that say whether limits are shared. (Each request's tokens and
 * cost are counted by its handler: client-gate.ts settleRequest.)
 */
export async function attachTeams(runtime: GatewayRuntime, options: AttachTeamsOptions = {}): Promise<Teams> {
  const existing = attached.get(runtime);
  if (existing) return existing;
  const config = runtime.config;
  const log = runtime.log.child({ component: 'client-keys' });
  const store = KeyStore.open(config.requestLog);
  const registry = new KeyRegistry(store, runtime.clock, log);
  let timer: NodeJS.Timeout | undefined;
  const loaded = await Promise.race([
    registry.reload().then(() => true, (error: unknown) => {
      log.error({ store: store.location, reason: (error as Error).message },
        config.auth === 'auto' && loopbackHost(config.host)
          ? 'client keys could not be read: on this loopback bind /v1 stays keyless until they can (server.auth: required fails closed)'
          : 'client keys could not be read: every /v1 request needs a key until they can');
      return false;
    }),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), options.startupWaitMs ?? 2_000);
    }),
  ]);
  clearTimeout(timer);
  if (!loaded && !registry.loaded) log.warn({ store: store.location }, 'client keys not read yet; retrying in the background');
  registry.start(config.keyPollMs);

  const redisUrl = config.redisUrl?.reveal();
  const redis = redisUrl ? await connectTeamsRedis(redisUrl, runtime.log).catch((error: Error) => {
    // The driver is an optional dependency: without it the limits stay per process, as when Redis is down.
    log.warn({ reason: error.message }, 'Redis for client limits not usable (ioredis is an optional dependency: npm install ioredis); limits are per process');
    return undefined;
  }) : undefined;
  const prefix = config.redisPrefix;
  const limiter = new ClientLimiter(runtime.clock, log, redis ? { client: redis.client, prefix } : undefined);
  if (redis) {
    redis.subscriber.on('message', () => void registry.reload().catch(() => {}));
    redis.subscriber.subscribe(keysChannel(prefix)).catch(() => {});
  }
  const lease = redis ? new ProbeLease(redis.client, prefix, config.probes.leaseMs, runtime.clock, log) : undefined;
  await lease?.start();

  const teams: Teams = {
    registry, limiter, redis, lease, loopback: loopbackHost(config.host),
    async announce() {
      await registry.reload();
      await redis?.client.publish(keysChannel(prefix), 'changed').catch(() => 0);
    },
  };
  attached.set(runtime, teams);

  const registers = [attachMetrics(runtime).registry];
  new Gauge({
    name: 'wai_client_limits_shared', help: '1 when client key limits are counted in Redis for every instance; 0 when per process (no Redis, or Redis unreachable).',
    registers, collect() { this.set(limiter.status().store === 'redis' ? 1 : 0); },
  });
  new Gauge({
    name: 'wai_client_limits_degraded', help: '1 when Redis is configured for client limits but not answering (limits are per process meanwhile).',
    registers, collect() { this.set(limiter.status().degraded ? 1 : 0); },
  });
  new Gauge({
    name: 'wai_client_keys', help: 'Client keys in the store (revoked and expired ones included).',
    registers, collect() { this.set(registry.size); },
  });
  if (lease) {
    new Gauge({ name: 'wai_probe_lease_held', help: '1 when this instance holds the probe lease and runs the background probes.', registers, collect() { this.set(lease.held ? 1 : 0); } });
  }

  runtime.onClose(async () => {
    registry.stop();
    await lease?.stop();
    redis?.close();
    await store.close();
  });
  return teams;
}

/**
 * Binding beyond loopback with no client key would let anyone who reaches the port spend the operator's provider
 * keys: refused, unless `server.auth: off` says it is meant (or `required`, where every request needs a key anyway).
 */
export function checkExposure(config: GatewayConfig, teams: Teams): void {
  if (config.auth !== 'auto' || loopbackHost(config.host)) return;
  if (teams.registry.loaded && teams.registry.size > 0) return;
  if (!teams.registry.loaded) return; // keys unreadable: every /v1 request needs one until they are read (fail closed)
  throw new ConfigError(
    `refusing to listen on ${config.host}: it is reachable from other machines and no client key exists, so anyone could spend the provider keys. ` +
    'Create one first (wai keys create), or set server.auth: required (every request then needs a key) or server.auth: off (WAI_AUTH=off) to serve without keys on purpose.',
  );
}

function loopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopback(host);
}

/** /admin/status's part about client keys, limits and the probe lease. */
export function teamsStatus(runtime: GatewayRuntime): Record<string, unknown> {
  const teams = attached.get(runtime);
  if (!teams) return {};
  const { registry, limiter, lease } = teams;
  const mode = runtime.config.auth;
  return {
    clientKeys: {
      auth: mode,
      required: mode === 'required' || (mode === 'auto' && (registry.size > 0 || (!registry.loaded && !teams.loopback))),
      keys: registry.size,
      loaded: registry.loaded,
      store: registry.store.location,
    },
    limits: limiter.status(),
    ...(lease ? { probeLease: lease.status() } : {}),
  };
}

/** The /v1/* check of a runtime with client keys attached (see client-gate.ts); `limited`: a call that spends. */
export function guardApi(runtime: GatewayRuntime, req: IncomingMessage, res: ServerResponse, limited: boolean): Promise<unknown> | undefined {
  const teams = attached.get(runtime);
  return teams ? guardRequest(runtime.config.auth, teams.loopback, teams.registry, teams.limiter, req, res, limited) : undefined;
}
