/**
 * Loaded into the gateway process by the soak (`node --expose-gc --import …/handle-probe.js`): every
 * WAI_HANDLE_PROBE_MS it collects garbage and writes its active handles and heap to WAI_HANDLE_PROBE_FILE, which
 * the soak reads from outside. Without that variable (as when the test runner loads every file) it does nothing.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.WAI_HANDLE_PROBE_FILE;
// Worker threads (the SQLite log's) inherit the --import: only the main thread reports.
if (file && isMainThread) {
  const every = Number(process.env.WAI_HANDLE_PROBE_MS ?? 5000);
  const gc = (globalThis as { gc?: () => void }).gc;
  setInterval(() => {
    gc?.();
    // Every handle (sockets, servers, timers' lists), ref'd or not; getActiveResourcesInfo() would count only those that keep the process up.
    const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.().length ?? process.getActiveResourcesInfo().length;
    const sample = { at: Date.now(), handles, heapMb: process.memoryUsage().heapUsed / 2 ** 20 };
    writeFileSync(file, JSON.stringify(sample));
  }, every).unref();
}
