import { parseArgs } from 'node:util';
import { loadConfig, type LoadConfigOptions } from '../config/config.js';
import { ConfigError } from '../errors/config-error.js';
import { HttpTransport } from '../engine/transport.js';
import type { Transport } from '../dialects/types.js';
import { keyedProviders, probeAll } from './probe.js';
import { buildReport, renderReport, reportJson, ProgressLine, type ProgressStream } from './report.js';
import { plannedTraffic } from './planned-traffic.js';
import { buildEngine } from '../engine/build-engine.js';

export const DOCTOR_HELP = `wai doctor [--json] [--config FILE] [--timeout MS]

Probes every provider that has a key, in parallel, with the cheapest call that proves the key and the endpoint
(a model list or account endpoint; a one-token completion where there is none), and prints which work, which
fail and why ("Replicate (401)"), and where each broken or keyless provider's traffic goes now.

  --json          the report as JSON on stdout (progress still goes to stderr)
  --config FILE   the config file (default: WAI_CONFIG)
  --timeout MS    each probe's limit (default: probes.timeoutMs, 10000)

Exit status: 0 when every provider with a key works or has a working fallback; 1 otherwise; 2 on bad usage.
`;

export interface DoctorIO {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  /** Where keys and base URLs come from (process.env by default). */
  env?: Record<string, string | undefined>;
  /** Tests inject a transport; otherwise an HTTP transport with the probe timeout is made and closed. */
  transport?: Transport;
}

/** `wai doctor`: returns the exit code. */
export async function doctorCommand(argv: string[], io: DoctorIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, config: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(DOCTOR_HELP);
    return 0;
  }
  const options: LoadConfigOptions = {};
  if (values.config) options.configFile = values.config;
  if (io.env) options.env = io.env;
  const config = loadConfig(options);
  let timeoutMs = config.probes.timeoutMs;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new ConfigError(`--timeout: "${values.timeout}" is not a positive whole number of milliseconds`);
  }

  const owned = io.transport ? undefined : new HttpTransport({ timeouts: { connectMs: timeoutMs, firstByteMs: timeoutMs, idleMs: timeoutMs } });
  const transport = io.transport ?? owned!;
  const providers = keyedProviders(config);
  const progress = new ProgressLine(io.stderr);
  const started = performance.now();
  let results;
  try {
    progress.start(providers.length);
    results = await probeAll(config, { transport, timeoutMs }, (result, done, total) => progress.update(result, done, total), providers);
  } finally {
    progress.finish();
    // Probes that timed out were aborted; closing lets the process exit without waiting on idle sockets.
    if (owned) await Promise.race([owned.close(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]).catch(() => undefined);
  }
  const report = buildReport(config, results, { durationMs: performance.now() - started, timeoutMs }, plannedTraffic(config, buildEngine({ config, transport }).planner));
  io.stdout.write(values.json ? reportJson(report) : renderReport(report));
  return report.ok ? 0 : 1;
}
