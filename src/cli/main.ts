import { parseArgs } from 'node:util';
import { startGateway } from '../gateway.js';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../config/config-file.js';
import { describeKeys } from './describe-keys.js';
import { reachableModels } from '../catalog/reachable-models.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { routeCommand } from './route-command.js';
import { catalogCommand } from './catalog-command.js';
import { doctorCommand } from '../doctor/doctor-command.js';
import { checkKeyFormats } from '../doctor/key-format.js';

const HELP = `wai: an OpenAI-compatible LLM gateway

Usage:
  wai serve [--port N] [--host H] [--config FILE]   start the gateway (default 127.0.0.1:8787)
  wai models [--config FILE] [--json]               list the models reachable with the keys present
  wai route MODEL [--explain] [--json] [--policy P]  the five fallback levels for MODEL now, and why each candidate is in or out
  wai doctor [--json] [--config FILE] [--timeout MS] probe every keyed provider; status table and where broken ones' traffic goes
  wai catalog sync [--out FILE]                     refresh OpenRouter offerings and prices from its model list
  wai --help                                        this text

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
  try {
    if (command === 'serve') return await serve(argv.slice(1));
    if (command === 'models') return modelsCommand(argv.slice(1));
    if (command === 'route') return await routeCommand(argv.slice(1), process.stdout);
    if (command === 'catalog') return await catalogCommand(argv.slice(1), process.stdout);
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

function modelsCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const config = loadConfig(values.config ? { configFile: values.config } : {});
  const models = reachableModels(config, loadCatalog());
  if (values.json) process.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
  else if (models.length === 0) process.stdout.write(`No models reachable: no provider key is set.\n${describeKeys(config)}\n`);
  else process.stdout.write(`${models.map((m) => m.id).join('\n')}\n`);
  return 0;
}
