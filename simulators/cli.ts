/**
 * Runs the simulator out of process:
 *   node dist/simulators/cli.js [--port 0] [--host 127.0.0.1] [--key provider=KEY ...]
 * Prints {"url": "...", "providers": {...}} as one JSON line on stdout, then runs until SIGTERM/SIGINT.
 */
import { PROVIDERS, startSimulator } from './index.js';

function parseArgs(argv: string[]): { port: number; host?: string; keys: Record<string, string> } {
  let port = 0;
  let host: string | undefined;
  const keys: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') && a.startsWith('--') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--port') port = Number(value());
    else if (flag === '--host') host = value();
    else if (flag === '--key') {
      const kv = value();
      const eq = kv.indexOf('=');
      if (eq > 0) keys[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (flag === '--help' || flag === '-h') {
      process.stderr.write('usage: node dist/simulators/cli.js [--port N] [--host H] [--key provider=KEY]...\n');
      process.exit(0);
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${port}`);
  return { port, host, keys };
}

const args = parseArgs(process.argv.slice(2));
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
