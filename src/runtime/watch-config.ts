import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { GatewayRuntime } from './gateway-runtime.js';
import { loadConfig, type LoadConfigOptions } from '../config/config.js';

export interface ConfigWatcher {
  close(): void;
}

/** Settings that only a restart can change: the listening socket. */
const RESTART_ONLY = ['host', 'port'] as const;

/**
 * Reloads the config file when it changes. A valid edit is put in force for new requests (those in flight keep
 * the engine they started with); an invalid one is refused, the running config kept, and the reason logged with
 * the field and line. The directory is watched, not the file, so editors that save by renaming are seen too.
 */
export function watchConfig(runtime: GatewayRuntime, options: LoadConfigOptions & { configFile: string }, debounceMs = 100): ConfigWatcher {
  const path = resolve(options.configFile);
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    try {
      const next = loadConfig(options);
      const current = runtime.config;
      for (const key of RESTART_ONLY) {
        if (next[key] !== current[key]) runtime.log.warn({ field: `server.${key}` }, `config: server.${key} changes only on restart; keeping ${current[key]}`);
      }
      runtime.apply({ ...next, host: current.host, port: current.port });
      runtime.log.info({ file: path }, 'config reloaded');
    } catch (error) {
      runtime.log.warn({ file: path, reason: (error as Error).message }, `config edit refused, running config kept: ${(error as Error).message}`);
      runtime.reloadRefused((error as Error).message);
    }
  };
  const watcher: FSWatcher = watch(dirname(path), (_event, file) => {
    if (file !== null && file.toString() !== name) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  });
  watcher.unref();
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
