import { hash, randomBytes } from 'node:crypto';

/**
 * Client keys: `wai-` and 32 random bytes in base64url (256 bits, 43 characters). Only the SHA-256 of a key is
 * stored: for a key with 256 bits of randomness a fast hash is enough (no one can guess their way to a preimage;
 * slow password hashes exist for low-entropy secrets), and it keeps the per-request check to about a microsecond.
 */
export const KEY_PREFIX = 'wai-';
const KEY_BYTES = 32;
/** `wai-` and 43 characters. */
export const KEY_LENGTH = KEY_PREFIX.length + 43;
const KEY_PATTERN = /^wai-[A-Za-z0-9_-]{43}$/;

/** Periods a spend budget may run over; `total` never resets. */
export const BUDGET_PERIODS = ['day', 'month', 'total'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** A client key as stored: its limits, never the key itself. */
export interface ClientKey {
  id: string;
  name: string;
  /** Hex SHA-256 of the key. */
  hash: string;
  /** Model patterns it may use (`*` wildcards); null: any model. */
  models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  budgetUsd: number | null;
  budgetPeriod: BudgetPeriod;
  /** ms since the epoch; null: never expires. */
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
  revokedAt: number | null;
}

/** What an operator may set on a key (create and update). */
export interface KeySettings {
  name?: string;
  models?: string[] | null;
  rpm?: number | null;
  tpm?: number | null;
  budgetUsd?: number | null;
  budgetPeriod?: BudgetPeriod;
  expiresAt?: number | null;
}

/** A new random key; shown to its creator once and never again. */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
}

/** A short random id operators use to name a key in commands and logs (it says nothing about the key). */
export function generateKeyId(): string {
  return `key_${randomBytes(8).toString('hex')}`;
}

/** Hex SHA-256 (one call, no hash object: the per-request check makes one for every request). */
export function hashKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** Whether a presented string has the shape of a WAI client key (malformed ones need no lookup). */
export function wellFormed(key: string): boolean {
  return key.length === KEY_LENGTH && KEY_PATTERN.test(key);
}

/**
 * Equality of two secrets (keys, or their hex digests) in time that depends only on their length: every character
 * is compared, with no early exit (nothing to allocate, unlike Buffers for timingSafeEqual). `from`: characters
 * before it are known to be equal already.
 */
export function sameSecret(a: string, b: string, from = 0): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = from; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** Why a key that looked up fine may still not be used now, or undefined when it may. */
export function unusable(key: ClientKey, now: number): 'revoked' | 'expired' | undefined {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && now >= key.expiresAt) return 'expired';
  return undefined;
}
