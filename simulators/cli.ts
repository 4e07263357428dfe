/**
 * Runs the simulator out of process:
 *   node dist/simulators/cli.js [--port 0] [--host 127.0.0.1] [--key provider=KEY ...]
 * Prints {"url": "...", "providers": {...}} as one JSON line on stdout, then runs until SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { PROVIDERS, startSimulator } from './index.js';

function readArgs(argv: string[]): { port: number; host?: string; keys: Record<string, string> } {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '0' }, host: { type: 'string' }, key: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stderr.write('usage: node dist/simulators/cli.js [--port N] [--host H] [--key provider=KEY]...\n');
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${values.port}`);
  const keys: Record<string, string> = {};
  for (const kv of values.key ?? []) {
    const eq = kv.indexOf('=');
    if (eq > 0) keys[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return { port, ...(values.host ? { host: values.host } : {}), keys };
}

const args = readArgs(process.argv.slice(2));
const sim = await startSimulator({ port: args.port, ...(args.host ? { host: args.host } : {}), keys: args.keys });
const providers = Object.fromEntries(PROVIDERS.map((p) => [p.id, sim.baseUrl(p.id)]));
process.stdout.write(JSON.stringify({ url: sim.url, providers }) + '\n');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void sim.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
