import { parseArgs } from 'node:util';
import { startGateway } from '../gateway.js';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../errors/config-error.js';
import { describeKeys } from './describe-keys.js';
import { reachableModels } from '../routing/reachable-models.js';
import { buildEngine } from '../engine/build-engine.js';
import { routeCommand } from './route-command.js';
import { catalogCommand } from './catalog-command.js';
import { doctorCommand } from '../doctor/doctor-command.js';
import { checkKeyFormats } from '../doctor/key-format.js';
import { demoCommand } from './demo-command.js';
import { COMMAND_HELP, wantsHelp } from './command-help.js';
import { packageVersion } from './package-version.js';
import { keysCommand } from './keys-command.js';

const HELP = `wai: an OpenAI-compatible LLM gateway

Usage:
  wai serve [--port N] [--host H] [--config FILE]   start the gateway (default 127.0.0.1:8787)
  wai demo [--port N]                               the gateway over simulated providers, with traffic: see it work in one command
  wai models [--config FILE] [--json]               list the models reachable with the keys present
  wai route MODEL [--explain] [--json] [--policy P]  the five fallback levels for MODEL now, and why each candidate is in or out
  wai doctor [--json] [--config FILE] [--timeout MS] probe every keyed provider; status table and where broken ones' traffic goes
  wai catalog sync [--out FILE]                     refresh OpenRouter offerings and prices from its model list
  wai keys create|list|update|revoke [...]          client keys with limits and budgets (wai keys help)
  wai --version                                     the installed version
  wai --help, wai COMMAND --help                    this text, or one command's

Keys come from each provider's usual variable (OPENAI_API_KEY, OPENROUTER_API_KEY, GROQ_API_KEY, ...)
or from the config file (providers.<id>.apiKey). <ID>_BASE_URL points a provider elsewhere.
`;

/** Runs one CLI command; returns the exit code (or never, for `serve`). */
export async function main(argv: string[]): Promise<number | undefined> {
  const command = argv[0];
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const usage = COMMAND_HELP[command];
  if (usage !== undefined && wantsHelp(argv.slice(1))) {
    process.stdout.write(usage);
    return 0;
  }
  try {
    if (command === 'serve') return await serve(argv.slice(1));
    if (command === 'demo') return await demo(argv.slice(1));
    if (command === 'models') return await modelsCommand(argv.slice(1));
    if (command === 'route') return await routeCommand(argv.slice(1), process.stdout);
    if (command === 'catalog') return await catalogCommand(argv.slice(1), process.stdout);
    if (command === 'keys') return await keysCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr });
    if (command === 'doctor') return await doctorCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr });
  } catch (error) {
    if (error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`wai: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  process.stderr.write(`wai: unknown command "${command}"\n\n${HELP}`);
  return 2;
}

async function serve(argv: string[]): Promise<undefined> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' } },
    strict: true,
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new ConfigError(`--port: "${values.port}" is not a port number`);
  const gateway = await startGateway({
    ...(values.config ? { configFile: values.config } : {}),
    overrides: { ...(values.host ? { host: values.host } : {}), ...(port !== undefined ? { port } : {}) },
    refreshCatalog: true,
  });
  process.stderr.write(`WAI gateway listening on ${gateway.url}  (dashboard: ${gateway.url}/dashboard)\n${describeKeys(gateway.config)}\n`);
  for (const warning of checkKeyFormats(gateway.config)) process.stderr.write(`warning: ${warning.message}\n`);
  const stop = () => {
    gateway.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

async function demo(argv: string[]): Promise<undefined> {
  const running = await demoCommand(argv, { stdout: process.stdout, stderr: process.stderr });
  const stop = () => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

/** `wai models`: what the engine would serve, from the same catalog (overrides applied) as the server and the SDK. */
export async function modelsCommand(argv: string[], out: { write(text: string): unknown } = process.stdout, env?: Record<string, string | undefined>): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const engine = buildEngine({ config: loadConfig({ ...(values.config ? { configFile: values.config } : {}), ...(env ? { env } : {}) }) });
  try {
    const models = reachableModels(engine.config, engine.catalog);
    if (values.json) out.write(`${JSON.stringify(models, null, 2)}\n`);
    else if (models.length === 0) out.write(`No models reachable: no provider key is set.\n${describeKeys(engine.config)}\n`);
    else out.write(`${models.map((m) => m.id).join('\n')}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
