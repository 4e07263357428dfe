import type { GatewayConfig } from '../config/config.js';

/** A start-up summary of which providers have keys, and how to add one. Never prints a key. */
export function describeKeys(config: GatewayConfig): string {
  const keyed: string[] = [];
  const looked: string[] = [];
  for (const provider of config.providers.values()) {
    if (provider.entry.role === 'alias') continue;
    if (provider.key) keyed.push(`${provider.entry.name} (${provider.key.source})`);
    else looked.push(provider.entry.keyEnv.join(' or '));
  }
  if (keyed.length === 0) {
    return [
      'No provider key found, so every chat request will answer 503 until one is set.',
      `Looked for: ${looked.join(', ')}.`,
      'Add one and restart, e.g.  export OPENROUTER_API_KEY=sk-or-...   (one OpenRouter key reaches most models),',
      'or write it in a config file:  providers: { openrouter: { apiKey: ... } }  and start with --config FILE.',
    ].join('\n');
  }
  return `Keys found for: ${keyed.join(', ')}.\nNot configured: ${looked.length} more providers (wai --help tells how to add keys).`;
}
