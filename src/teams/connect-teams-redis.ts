import type { Redis } from 'ioredis';
import type { Logger } from '../internal/logger.js';

/** Longest a request ever waits on Redis for its limits (then it is decided in this process): see ClientLimiter. */
export const LIMIT_COMMAND_TIMEOUT_MS = 100;
/**
 * Longest any command waits (batched counts, the probe lease, announcements): a backstop against a Redis that
 * hangs. Requests never wait this long: their decisions have LIMIT_COMMAND_TIMEOUT_MS, timed by the limiter, which
 * reads a reply that has arrived before it gives up (a timer of the driver's own fires first after a stall of this
 * process, and took a timely answer for a timeout).
 */
const COMMAND_TIMEOUT_MS = 1_000;
/** Longest start-up waits for the first connection. */
const CONNECT_WAIT_MS = 2_000;

export interface TeamsRedis {
  /** Commands: fails at once while disconnected (no offline queue), and after COMMAND_TIMEOUT_MS when slow. */
  client: Redis;
  /** Pub/sub (a connection in subscriber mode can do nothing else). */
  subscriber: Redis;
  close(): void;
}

/**
 * The Redis connections of client limits, key-change announcements and the probe lease. Start-up waits up to
 * two seconds for them; after that (or when Redis goes away later) ioredis keeps reconnecting in the background
 * and the gateway works on per-process limits meanwhile. Connection trouble is logged once per outage.
 */
export async function connectTeamsRedis(url: string, log: Logger): Promise<TeamsRedis> {
  // Loaded only when Redis is configured: an SDK or single-process gateway never loads the driver.
  const { Redis } = await import('ioredis');
  const retryStrategy = (attempt: number) => Math.min(100 * attempt, 1_000);
  const client = new Redis(url, {
    lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS, connectTimeout: 1_000, retryStrategy,
  });
  const subscriber = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, retryStrategy, maxRetriesPerRequest: null });
  let down = false;
  const onError = (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ component: 'teams-redis', reason: error.message }, 'Redis for client limits unreachable: limits are per process until it is back');
  };
  client.on('error', onError);
  subscriber.on('error', onError);
  client.on('ready', () => {
    if (down) log.info({ component: 'teams-redis' }, 'Redis for client limits reachable again');
    down = false;
  });
  let timer: NodeJS.Timeout | undefined;
  const wait = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CONNECT_WAIT_MS);
    timer.unref();
  });
  await Promise.race([Promise.allSettled([client.connect(), subscriber.connect()]), wait]);
  clearTimeout(timer);
  return {
    client,
    subscriber,
    close() {
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
