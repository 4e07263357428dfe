import type { Logger } from '../internal/logger.js';
import type { RedisHealthStore } from './redis-health-store.js';

/** Longest a connection to Redis may take before the gateway goes on with its own memory. */
const CONNECT_WAIT_MS = 5000;

/** Shared health in Redis; when Redis cannot be reached, undefined (the caller keeps memory) and a warning. */
export async function connectRedisHealth(url: string, log: Logger): Promise<RedisHealthStore | undefined> {
  let warned = false;
  const onError = (error: Error) => {
    if (warned) return;
    warned = true;
    log.warn({ reason: error.message }, 'redis health store: connection trouble (the local view keeps working)');
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    // Loaded only when Redis is configured, so the driver stays out of processes that never use it.
    const { RedisHealthStore } = await import('./redis-health-store.js');
    const store = await Promise.race([
      RedisHealthStore.connect(url, onError),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_WAIT_MS / 1000} s`)), CONNECT_WAIT_MS);
        timer.unref();
      }),
    ]);
    log.info('breaker state shared through Redis');
    return store;
  } catch (error) {
    log.warn({ reason: (error as Error).message }, 'redis health store unavailable: breaker state stays in this process');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
