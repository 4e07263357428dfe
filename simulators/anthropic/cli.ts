/**
 * Runs the Anthropic simulator out of process (benchmarks):
 *   node dist/simulators/anthropic/cli.js [--port 0] [--host 127.0.0.1] [--key KEY]
 * Prints {"url": "...", "providers": {"anthropic": "<base URL>"}} as one JSON line, then runs until SIGTERM/SIGINT.
 * Faults are set through the control plane (/__sim/enqueue, /__sim/default, /__sim/reset, /__sim/requests).
 */
import { startAnthropicSimulator } from './index.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = argv.findIndex((a) => a === name || a.startsWith(name + '='));
  if (at < 0) return undefined;
  const arg = argv[at]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
};
const port = Number(flag('--port') ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${String(flag('--port'))}`);
const host = flag('--host');
const key = flag('--key');
const sim = await startAnthropicSimulator({ port, ...(host ? { host } : {}), ...(key ? { key } : {}) });
process.stdout.write(JSON.stringify({ url: sim.url, providers: { anthropic: sim.baseUrl } }) + '\n');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void sim.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
