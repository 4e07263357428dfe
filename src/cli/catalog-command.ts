import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../config/config-file.js';
import { CATALOG } from '../catalog/data/index.js';
import { syncOpenRouterCatalog } from '../catalog/sync-openrouter.js';
import { SYNCED_CATALOG_PATH } from '../catalog/synced-offerings.js';

/** `wai catalog sync [--out FILE] [--config FILE]`: refreshes OpenRouter offerings and prices. */
export async function catalogCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, config: { type: 'string' } },
    strict: true,
  });
  if (positionals[0] !== 'sync') throw new ConfigError('usage: wai catalog sync [--out FILE] [--config FILE]');
  const config = loadConfig(values.config ? { configFile: values.config } : {});
  const openrouter = config.providers.get('openrouter')!;
  const result = await syncOpenRouterCatalog(CATALOG, openrouter, values.out ?? SYNCED_CATALOG_PATH);
  out.write(`${result.written ? 'catalog sync: ' : 'catalog sync refused: '}${result.message} (${result.matched}/${result.expected} matched, ${result.rejected} entries rejected)${result.written ? `, written to ${result.path}` : ''}\n`);
  return result.written ? 0 : 1;
}
