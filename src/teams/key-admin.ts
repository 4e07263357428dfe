import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error.js';
import { BUDGET_PERIODS, generateKey, generateKeyId, hashKey, unusable, type ClientKey, type KeySettings } from './client-key.js';
import { isUniqueViolation, type KeyStore, type KeyUsage } from './key-store.js';
import { periodOf } from './limits/budget-period.js';
import { parseModelPatterns } from './model-access.js';

/**
 * Creating, changing and revoking client keys: the one implementation behind `wai keys`, the admin API and the
 * dashboard. Every change is written to the audit table with who made it, and announced (`changed`) so running
 * gateways reload their keys at once.
 */

const limit = z.number().int().positive().nullable();
/** The settings as the admin API takes them (JSON) and the CLI builds them from its flags. */
export const keySettingsSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).regex(/^[\w.@:-]+$/, 'use letters, digits and . _ - @ : only').optional(),
  models: z.union([z.array(z.string().trim().min(1)), z.string()]).nullable().optional(),
  rpm: limit.optional(),
  tpm: limit.optional(),
  budgetUsd: z.number().positive().finite().nullable().optional(),
  budgetPeriod: z.enum(BUDGET_PERIODS).optional(),
  /** An ISO date or date-time (a date alone means its start, UTC), or null for never. */
  expiresAt: z.string().nullable().optional(),
});
export type KeySettingsInput = z.infer<typeof keySettingsSchema>;

export interface AdminContext {
  store: KeyStore;
  /** Who acts: written to the audit table. */
  actor: string;
  now: number;
  /** Called after a change is stored (reload here, tell the other instances). */
  changed?: () => Promise<void> | void;
}

/** A key as operators see it: everything but its hash. */
export type KeyView = Omit<ClientKey, 'hash'> & { status: 'active' | 'revoked' | 'expired' };

export function viewOf(key: ClientKey, now: number): KeyView {
  const { hash: _hash, ...rest } = key;
  return { ...rest, status: unusable(key, now) ?? 'active' };
}

/** Checks the settings, naming the field at fault (400 in the admin API, exit 2 in the CLI). */
export function parseKeySettings(input: unknown): KeySettings {
  const result = keySettingsSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body');
    throw new GatewayError(400, `Invalid value for '${field}': ${issue.message}.`, { param: field, code: 'invalid_value' });
  }
  const s = result.data;
  const out: KeySettings = {};
  if (s.name !== undefined) out.name = s.name;
  if (s.models !== undefined) out.models = s.models === null ? null : parseModelPatterns(Array.isArray(s.models) ? s.models.join(',') : s.models);
  if (s.rpm !== undefined) out.rpm = s.rpm;
  if (s.tpm !== undefined) out.tpm = s.tpm;
  if (s.budgetUsd !== undefined) out.budgetUsd = s.budgetUsd;
  if (s.budgetPeriod !== undefined) out.budgetPeriod = s.budgetPeriod;
  if (s.expiresAt !== undefined) out.expiresAt = s.expiresAt === null ? null : parseDate(s.expiresAt);
  return out;
}

function parseDate(text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new GatewayError(400, `Invalid value for 'expiresAt': "${text}" is not a date such as 2027-01-31 or 2027-01-31T12:00:00Z.`, { param: 'expiresAt', code: 'invalid_value' });
  return ms;
}

/** Creates a key; the secret is in the answer once and stored nowhere. */
export async function createKey(ctx: AdminContext, settings: KeySettings): Promise<{ key: KeyView; secret: string }> {
  const secret = generateKey();
  const key: ClientKey = {
    id: generateKeyId(),
    name: settings.name ?? `key-${randomBytes(3).toString('hex')}`,
    hash: hashKey(secret),
    models: settings.models ?? null,
    rpm: settings.rpm ?? null,
    tpm: settings.tpm ?? null,
    budgetUsd: settings.budgetUsd ?? null,
    budgetPeriod: settings.budgetPeriod ?? 'month',
    expiresAt: settings.expiresAt ?? null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    revokedAt: null,
  };
  try {
    await ctx.store.insertKey(key);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(key.name);
    throw error;
  }
  await ctx.store.audit({ at: ctx.now, actor: ctx.actor, action: 'key.create', target: key.id, details: { name: key.name, ...settingsDetails(settings) } });
  await ctx.changed?.();
  return { key: viewOf(key, ctx.now), secret };
}

export async function updateKey(ctx: AdminContext, idOrName: string, settings: KeySettings): Promise<KeyView> {
  const key = await findKey(ctx.store, idOrName);
  const next: ClientKey = { ...key, ...settings, updatedAt: Math.max(ctx.now, key.updatedAt + 1) } as ClientKey;
  try {
    await ctx.store.saveKey(next);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(next.name);
    throw error;
  }
  await ctx.store.audit({ at: ctx.now, actor: ctx.actor, action: 'key.update', target: key.id, details: settingsDetails(settings) });
  await ctx.changed?.();
  return viewOf(next, ctx.now);
}

/** Revokes a key for good (revoking it again changes nothing and is not audited twice). */
export async function revokeKey(ctx: AdminContext, idOrName: string): Promise<KeyView> {
  const key = await findKey(ctx.store, idOrName);
  if (key.revokedAt !== null) return viewOf(key, ctx.now);
  const next: ClientKey = { ...key, revokedAt: ctx.now, updatedAt: Math.max(ctx.now, key.updatedAt + 1) };
  await ctx.store.saveKey(next);
  await ctx.store.audit({ at: ctx.now, actor: ctx.actor, action: 'key.revoke', target: key.id, details: { name: key.name } });
  await ctx.changed?.();
  return viewOf(next, ctx.now);
}

export async function findKey(store: KeyStore, idOrName: string): Promise<ClientKey> {
  const key = (await store.listKeys()).find((k) => k.id === idOrName || k.name === idOrName);
  if (!key) throw new GatewayError(404, `No client key with id or name "${idOrName}".`, { code: 'unknown_key', param: 'id' });
  return key;
}

/** Spend and requests of a key in its budget period (or this month), today, this month and in total. */
export interface KeySpend {
  day: Omit<KeyUsage, 'keyId'>;
  month: Omit<KeyUsage, 'keyId'>;
  total: Omit<KeyUsage, 'keyId'>;
}

export async function keysWithSpend(store: KeyStore, now: number): Promise<Array<KeyView & { spend: KeySpend }>> {
  const [keys, day, month, total] = await Promise.all([
    store.listKeys(), store.usageByKey(periodOf('day', now).start), store.usageByKey(periodOf('month', now).start), store.usageByKey(0),
  ]);
  const pick = (rows: KeyUsage[], id: string) => {
    const row = rows.find((r) => r.keyId === id);
    return { requests: row?.requests ?? 0, tokensIn: row?.tokensIn ?? 0, tokensOut: row?.tokensOut ?? 0, costUsd: row?.costUsd ?? 0 };
  };
  return keys.map((k) => ({ ...viewOf(k, now), spend: { day: pick(day, k.id), month: pick(month, k.id), total: pick(total, k.id) } }));
}

function nameTaken(name: string): GatewayError {
  return new GatewayError(409, `A client key named "${name}" already exists; names are unique.`, { code: 'name_taken', param: 'name' });
}

function settingsDetails(settings: KeySettings): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}
