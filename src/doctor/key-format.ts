import type { GatewayConfig } from '../config/config.js';

/** Keys without a documented prefix are still never this short. */
const MIN_LENGTH = 16;

export interface KeyFormatWarning {
  provider: string;
  /** The variable (or config field) the key came from. */
  variable: string;
  message: string;
}

/** Keys that do not look like their provider's (prefix, length: the registry entry's `key`). */
export function checkKeyFormats(config: Pick<GatewayConfig, 'providers'>): KeyFormatWarning[] {
  const warnings: KeyFormatWarning[] = [];
  for (const provider of config.providers.values()) {
    if (!provider.key) continue;
    const value = provider.key.reveal();
    const shape = provider.entry.key;
    const variable = provider.key.source;
    const name = provider.entry.name;
    if (shape?.prefix && !shape.prefix.some((p) => value.startsWith(p))) {
      warnings.push({ provider: provider.id, variable, message: `${variable} does not look like a key for ${name}: ${name} keys start with "${shape.prefix.join('" or "')}"` });
    } else if (value.length < (shape?.minLength ?? MIN_LENGTH)) {
      warnings.push({ provider: provider.id, variable, message: `${variable} is shorter than a key for ${name} (${value.length} characters, at least ${shape?.minLength ?? MIN_LENGTH} expected): cut short?` });
    } else if (/\s/.test(value)) {
      warnings.push({ provider: provider.id, variable, message: `${variable} has a space or line break inside: ${name} keys have none` });
    }
  }
  return warnings;
}
