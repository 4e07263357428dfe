import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../errors/config-error.js';
import { GatewayError } from '../errors/gateway-error.js';
import { KeyStore } from '../teams/key-store.js';
import { keysChannel } from '../teams/attach-teams.js';
import { createKey, keysWithSpend, parseKeySettings, revokeKey, updateKey, type AdminContext, type KeyView } from '../teams/key-admin.js';
import { periodOf } from '../teams/limits/budget-period.js';

const USAGE = `Usage:
  wai keys create [--name N] [--models PATTERNS] [--rpm N] [--tpm N] [--budget-usd X] [--budget-period day|month|total] [--expires DATE]
  wai keys list [--json]
  wai keys update ID|NAME [the same flags as create; "none" clears a limit, the model list or the expiry]
  wai keys revoke ID|NAME
Every command also takes --config FILE. Keys live in the gateway's database (the request log's SQLite file,
or PostgreSQL with DATABASE_URL); running gateways see changes within a second.`;

const SETTING_FLAGS = {
  name: { type: 'string' }, models: { type: 'string' }, rpm: { type: 'string' }, tpm: { type: 'string' },
  'budget-usd': { type: 'string' }, 'budget-period': { type: 'string' }, expires: { type: 'string' },
} as const;

/** The admin API's field names as the flags that set them, for error messages. */
const FLAG_OF: Record<string, string> = { budgetUsd: '--budget-usd', budgetPeriod: '--budget-period', expiresAt: '--expires', name: '--name', models: '--models', rpm: '--rpm', tpm: '--tpm' };

interface Out {
  write(text: string): unknown;
}

/** `wai keys …`: create, list, update and revoke client keys; returns the exit code. */
export async function keysCommand(argv: string[], io: { stdout: Out; stderr: Out }): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return sub ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true, strict: true,
    options: { ...SETTING_FLAGS, config: { type: 'string' }, json: { type: 'boolean' } },
  });
  const config = loadConfig(values.config ? { configFile: values.config } : {});
  const store = KeyStore.open(config.requestLog);
  const ctx: AdminContext = {
    store, actor: `cli (${safeUser()})`, now: Date.now(),
    changed: () => announce(config.redisUrl?.reveal(), config.redisPrefix),
  };
  try {
    if (sub === 'create') {
      if (positionals.length) throw new ConfigError(`keys create takes no positional argument (got "${positionals[0]}"); name the key with --name`);
      const { key, secret } = await createKey(ctx, settingsFrom(values));
      io.stdout.write(`Created client key ${key.id} "${key.name}" (${describeLimits(key)}) in ${store.location}.\n`);
      io.stdout.write('Store the key now: it is shown this once and cannot be shown again.\n');
      io.stdout.write(`${secret}\n`);
      return 0;
    }
    if (sub === 'list') {
      const keys = await keysWithSpend(store, ctx.now);
      if (values.json) io.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
      else io.stdout.write(keys.length ? table(keys, ctx.now) : 'No client keys: /v1 is keyless on loopback. Create one with "wai keys create".\n');
      return 0;
    }
    if (sub === 'update' || sub === 'revoke') {
      const target = positionals[0];
      if (!target || positionals.length > 1) throw new ConfigError(`keys ${sub} takes one key id or name`);
      const key = sub === 'update' ? await updateKey(ctx, target, settingsFrom(values)) : await revokeKey(ctx, target);
      io.stdout.write(sub === 'update' ? `Updated ${key.id} "${key.name}": ${describeLimits(key)}.\n` : `Revoked ${key.id} "${key.name}"; every gateway refuses it within a second.\n`);
      return 0;
    }
    io.stderr.write(`wai keys: unknown command "${sub}"\n${USAGE}\n`);
    return 2;
  } catch (error) {
    if (GatewayError.is(error)) {
      const flag = error.param ? FLAG_OF[error.param] : undefined;
      io.stderr.write(`wai keys ${sub}: ${flag ? error.message.replace(`'${error.param}'`, flag) : error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await store.close();
  }
}

/** Flags as the admin API's settings: numbers parsed, "none" clearing a setting. */
function settingsFrom(values: Record<string, string | boolean | undefined>): ReturnType<typeof parseKeySettings> {
  const input: Record<string, unknown> = {};
  const text = (flag: string) => values[flag] as string | undefined;
  const number = (flag: string, field: string) => {
    const raw = text(flag);
    if (raw === undefined) return;
    if (raw === 'none') input[field] = null;
    else if (raw.trim() === '' || !Number.isFinite(Number(raw))) throw new ConfigError(`--${flag}: "${raw}" is not a number`);
    else input[field] = Number(raw);
  };
  if (text('name') !== undefined) input.name = text('name');
  if (text('models') !== undefined) input.models = text('models') === 'none' ? null : text('models');
  number('rpm', 'rpm');
  number('tpm', 'tpm');
  number('budget-usd', 'budgetUsd');
  if (text('budget-period') !== undefined) input.budgetPeriod = text('budget-period');
  if (text('expires') !== undefined) input.expiresAt = text('expires') === 'none' ? null : text('expires');
  return parseKeySettings(input);
}

export function describeLimits(key: Pick<KeyView, 'models' | 'rpm' | 'tpm' | 'budgetUsd' | 'budgetPeriod' | 'expiresAt'>): string {
  const parts = [
    key.models ? `models ${key.models.join(', ')}` : 'any model',
    key.rpm !== null ? `${key.rpm} requests/min` : null,
    key.tpm !== null ? `${key.tpm} tokens/min` : null,
    key.budgetUsd !== null ? `budget $${key.budgetUsd} per ${key.budgetPeriod === 'total' ? 'lifetime' : key.budgetPeriod}` : null,
    key.expiresAt !== null ? `expires ${new Date(key.expiresAt).toISOString()}` : null,
  ];
  return parts.filter(Boolean).join(', ');
}

function table(keys: Awaited<ReturnType<typeof keysWithSpend>>, now: number): string {
  const head = ['ID', 'NAME', 'STATUS', 'MODELS', 'RPM', 'TPM', 'BUDGET', 'SPENT (PERIOD)', 'REQUESTS TODAY', 'SPENT TODAY', 'SPENT MONTH', 'EXPIRES'];
  const rows = keys.map((k) => {
    const inPeriod = k.spend[k.budgetPeriod];
    return [
      k.id, k.name, k.status, k.models?.join(',') ?? '*', k.rpm ?? '-', k.tpm ?? '-',
      k.budgetUsd === null ? '-' : `$${k.budgetUsd}/${k.budgetPeriod}`,
      k.budgetUsd === null ? '-' : `$${inPeriod.costUsd.toFixed(6)} (${periodOf(k.budgetPeriod, now).label})`,
      k.spend.day.requests, `$${k.spend.day.costUsd.toFixed(6)}`, `$${k.spend.month.costUsd.toFixed(6)}`,
      k.expiresAt === null ? '-' : new Date(k.expiresAt).toISOString().slice(0, 16),
    ].map(String);
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** Tells running gateways over Redis (when set) to reload keys now; they would see it on their next poll anyway. */
async function announce(url: string | undefined, prefix: string): Promise<void> {
  if (!url) return;
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.publish(keysChannel(prefix), 'changed');
  } catch {
    // Redis away: the gateways' poll finds the change.
  } finally {
    redis.disconnect();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown user';
  }
}
