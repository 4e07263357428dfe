/**
 * The health store's keys, spelled here only: `p:<provider>` holds a provider's breaker, `m:<provider>:<model>` the
 * breaker of one model on it. Provider ids have no colon; model ids may (Bedrock's `…-v1:0`).
 */
export function providerKey(provider: string): string {
  let key = providerKeys.get(provider);
  if (key === undefined) {
    key = `p:${provider}`;
    if (providerKeys.size < MAX_REMEMBERED) providerKeys.set(provider, key);
  }
  return key;
}

export function modelKey(provider: string, model: string): string {
  let models = modelKeys.get(provider);
  let key = models?.get(model);
  if (key === undefined) {
    key = `m:${provider}:${model}`;
    if (!models && modelKeys.size < MAX_REMEMBERED) modelKeys.set(provider, (models = new Map()));
    if (models && models.size < MAX_REMEMBERED) models.set(model, key);
  }
  return key;
}

/**
 * Keys made before, so the breakers a request reads (six times a request) are looked up with a string that is
 * already flat and hashed, not a new one each time. Callers can name any model: past this many per provider (and
 * providers), keys are made afresh instead of remembered.
 */
const MAX_REMEMBERED = 10_000;
const providerKeys = new Map<string, string>();
const modelKeys = new Map<string, Map<string, string>>();

/** What every model key of a provider starts with. */
export function modelKeyPrefix(provider: string): string {
  return `m:${provider}:`;
}

export function isProviderKey(key: string): boolean {
  return key.startsWith('p:');
}

export function isModelKey(key: string): boolean {
  return key.startsWith('m:');
}

/** Splits a health-store key (`p:openai`, `m:openai:gpt-4o`) into provider and model. */
export function parseBreakerKey(key: string): { provider: string; model: string | null } {
  if (key.startsWith('p:')) return { provider: key.slice(2), model: null };
  if (key.startsWith('m:')) {
    const rest = key.slice(2);
    const colon = rest.indexOf(':');
    return colon === -1 ? { provider: rest, model: null } : { provider: rest.slice(0, colon), model: rest.slice(colon + 1) };
  }
  return { provider: key, model: null };
}

/** Whose breaker a key is, as messages name it. */
export function breakerKind(key: string): 'provider' | 'model' {
  return isProviderKey(key) ? 'provider' : 'model';
}

/** `provider breaker open until 2026-…Z`: what a route's skipped candidate and a passed-over attempt say. */
export function openUntilText(key: string, openUntil: number): string {
  return `${breakerKind(key)} breaker open until ${new Date(openUntil).toISOString()}`;
}
