import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time a process has used, in ms, summed over its threads, from /proc/PID/task/TID/schedstat (nanoseconds,
 * unlike /proc/PID/stat's 10 ms ticks). Null where /proc is not available.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns / 1e6;
  } catch {
    return null;
  }
}

/** Runs `work` and returns its result with the CPU the process used meanwhile (ms), or null. */
export async function measureCpu<T>(pid: number | undefined, work: () => Promise<T>): Promise<{ value: T; cpuMs: number | null }> {
  const before = processCpuMs(pid);
  const value = await work();
  const after = processCpuMs(pid);
  return { value, cpuMs: before === null || after === null ? null : after - before };
}
