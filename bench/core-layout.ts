import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Which CPUs the processes of a section run on. By default every process shares every core: on a 2-core machine the
 * load generator, the simulator and the proxy under test then take turns on the same two, and a thousand streams
 * at once measure that contention (the bare proxy's own p99 swung between 1.5 and 3.7 times direct's). In service a
 * gateway's clients and providers are other machines; the "own core" layout gives the proxy under test the last
 * core and the load generator and simulator the others, so a proxy's figure is what it adds, not what it takes
 * from them. Linux's `taskset` does the pinning; without it (or with one core) there is no such layout.
 */
export interface CoreLayout {
  /** The proxy under test: the last CPU. */
  readonly proxy: string;
  /** The load generator (this process) and the simulator. */
  readonly rest: string;
  /** Every CPU: where everything goes back to afterwards. */
  readonly all: string;
}

export function ownCoreLayout(): CoreLayout | undefined {
  const cpus = availableParallelism();
  if (cpus < 2) return undefined;
  const layout: CoreLayout = { proxy: String(cpus - 1), rest: cpus === 2 ? '0' : `0-${cpus - 2}`, all: `0-${cpus - 1}` };
  try {
    // Also the check that taskset exists and may set this process's affinity.
    pin(process.pid, layout.all);
    return layout;
  } catch {
    return undefined;
  }
}

/** Pins every thread of process `pid` to `cpus` (a taskset list, "0" or "0-2"). */
export function pin(pid: number | undefined, cpus: string): void {
  if (pid === undefined) throw new Error('no process to pin');
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'ignore' });
}
