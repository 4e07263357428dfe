import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startGateway, type RunningGateway } from '../gateway.js';
import { ConfigError } from '../errors/config-error.js';
import { doctorCommand } from '../doctor/doctor-command.js';
import { renderRoute } from './route-command.js';
import { startDemoWorld, DEMO_PROVIDERS } from '../demo/demo-world.js';
import { demoModels, startDemoTraffic, type DemoTraffic } from '../demo/demo-traffic.js';

export const DEMO_NOTICE = 'Demo: every provider here is a simulator on 127.0.0.1, in the state the seed reports. Nothing real is called.';

interface DemoIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * `wai demo`: the gateway over the shipped simulators, so a new user sees in one command what WAI does with broken
 * providers: the doctor's report, a route explained, fallbacks on the dashboard, and an endpoint to try with any
 * OpenAI client. Runs until SIGINT/SIGTERM; returns the running pieces' closer for tests.
 */
export async function demoCommand(argv: string[], io: DemoIO): Promise<{ close(): Promise<void>; gateway: RunningGateway }> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'no-traffic': { type: 'boolean' } },
    strict: true,
  });
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port: "${values.port}" is not a port number`);

  const world = await startDemoWorld();
  const dataDir = mkdtempSync(join(tmpdir(), 'wai-demo-'));
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      env: { ...world.env, WAI_LOG_LEVEL: 'error' },
      notice: DEMO_NOTICE,
      overrides: { port, requestLog: { sqlitePath: join(dataDir, 'demo.sqlite') }, probes: { intervalMs: 30_000 } },
    });
  } catch (error) {
    await world.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const url = gateway.url;
  io.stdout.write([
    '',
    `WAI demo: ${DEMO_NOTICE}`,
    '',
    `  gateway    ${url}/v1   (any OpenAI client: base URL ${url}/v1, any API key)`,
    `  dashboard  ${url}/dashboard`,
    '',
    'Simulated providers:',
    ...DEMO_PROVIDERS.map((p) => `  ${p.id.padEnd(11)} ${p.state === 'working' ? 'working' : `answers ${p.state}: ${p.why}`}`),
    '',
    'Try:',
    `  curl -s ${url}/v1/chat/completions -H 'content-type: application/json' \\`,
    `    -d '{"model":"cohere/command-a","messages":[{"role":"user","content":"Hello"}]}' -D - -o /dev/null | grep x-wai`,
    '',
    'wai doctor, on the simulated keys:',
    '',
  ].join('\n'));

  await doctorCommand([], { stdout: io.stdout, stderr: io.stderr, env: world.env }).catch((error: Error) => {
    io.stdout.write(`(doctor failed: ${error.message})\n`);
  });

  let traffic: DemoTraffic | undefined;
  const models = demoModels(gateway.engine.catalog);
  if (!values['no-traffic']) {
    traffic = startDemoTraffic(url, models);
    io.stdout.write(`\nSending a request every 1.5 s to: ${models.join(', ')}\n`);
  }
  const explainModel = 'meta/llama-3.1-405b';
  io.stdout.write(`\nwai route ${explainModel} --explain:\n\n${renderRoute(explainModel, gateway.engine.planner.explain(explainModel, {}), true)}`);
  io.stdout.write(`\nServing until Ctrl-C. Open ${url}/dashboard to watch the fallbacks.\n`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await traffic?.stop();
      await gateway.close();
      await world.close();
      rmSync(dataDir, { recursive: true, force: true });
    })();
    return closing;
  };
  return { close, gateway };
}
