import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../errors/config-error.js';
import { CATALOG } from '../catalog/data/index.js';
import { readSyncedCatalog } from '../catalog/load-catalog.js';
import { fetchOpenRouterList, syncFromList, writeSyncedCatalog } from '../catalog/sync-openrouter.js';
import { SYNCED_CATALOG_PATH, type SyncChanges } from '../catalog/synced-offerings.js';

const USAGE = 'usage: wai catalog [sync] [--json] [--out FILE] [--config FILE]';

/**
 * `wai catalog`: each layer of what the gateway knows (shipped data, last good sync in the data folder), its age and
 * what the last sync changed. `wai catalog sync`: fetches OpenRouter's public list now and keeps it as the last good
 * sync (refused, changing nothing, when the list is malformed or partial).
 */
export async function catalogCommand(argv: string[], out: NodeJS.WritableStream, now = new Date()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'sync')) throw new ConfigError(USAGE);
  const path = values.out ?? SYNCED_CATALOG_PATH;
  const previous = readSyncedCatalog(path);
  if (positionals[0] !== 'sync') {
    const layers = {
      shipped: { asOf: CATALOG.asOf, models: CATALOG.models.length, retired: CATALOG.retired?.length ?? 0 },
      cache: previous
        ? { path, source: previous.source, asOf: previous.asOf, ageHours: hoursSince(previous.asOf, now), listed: previous.listed.length, gone: Object.keys(previous.goneSince).length, changes: previous.changes }
        : { path, asOf: null },
      inUse: previous ? 'cache' : 'shipped',
      note: '`wai serve` lays OpenRouter\'s live list over these at start and every catalog.refreshHours; GET /admin/status shows it.',
    };
    if (values.json) out.write(`${JSON.stringify(layers, null, 2)}\n`);
    else {
      out.write(`shipped catalog: facts as of ${CATALOG.asOf} (${layers.shipped.models} models, ${layers.shipped.retired} retired ids)\n`);
      if (previous) {
        out.write(`last good sync:  ${previous.source}, ${previous.asOf} (${layers.cache.ageHours} h old), ${previous.listed.length} models listed, ${Object.keys(previous.goneSince).length} of ours gone, in ${path}\n`);
        out.write(describeChanges(previous.changes));
      } else out.write(`last good sync:  none yet (${path}); run \`wai catalog sync\` or \`wai serve\`\n`);
      out.write(`${layers.note}\n`);
    }
    return 0;
  }
  const config = loadConfig(values.config ? { configFile: values.config } : {});
  const fetched = await fetchOpenRouterList(config.providers.get('openrouter')!.baseUrl);
  const outcome = fetched.ok ? syncFromList(CATALOG, fetched.text, previous, now, fetched.url) : fetched;
  if (!outcome.ok) {
    if (values.json) out.write(`${JSON.stringify({ written: false, message: outcome.message }, null, 2)}\n`);
    else out.write(`catalog sync refused: ${outcome.message}\n`);
    return 1;
  }
  writeSyncedCatalog(outcome.synced, path);
  if (values.json) out.write(`${JSON.stringify({ written: true, path, message: outcome.message, changes: outcome.synced.changes }, null, 2)}\n`);
  else out.write(`catalog sync: ${outcome.message} (${outcome.matched}/${outcome.expected} of our OpenRouter offerings listed, ${outcome.rejected} entries rejected), written to ${path}\n${describeChanges(outcome.synced.changes)}`);
  return 0;
}

function describeChanges(changes: SyncChanges): string {
  const lines: string[] = [];
  const list = (ids: string[]) => (ids.length > 8 ? `${ids.slice(0, 8).join(', ')} … (${ids.length})` : ids.join(', '));
  if (changes.gone.length) lines.push(`  gone (no longer listed, never planned): ${list(changes.gone)}`);
  if (changes.returned.length) lines.push(`  back on the list: ${list(changes.returned)}`);
  if (changes.added.length) lines.push(`  added: ${list(changes.added)}`);
  if (changes.updated.length) lines.push(`  price, window or capabilities updated: ${list(changes.updated)}`);
  if (!lines.length) lines.push('  no change against the layer below');
  return `${lines.join('\n')}\n`;
}

function hoursSince(iso: string, now: Date): number {
  return Math.round((now.getTime() - Date.parse(iso)) / 360_000) / 10;
}
