import type { ProviderEntry } from './types.js';
import { Secret } from '../internal/secret.js';

/**
 * A provider as configured for this gateway: its entry, its key, and everything derived from them,
 * computed once at start so no request repeats the work.
 */
export class ProviderRuntime {
  readonly entry: ProviderEntry;
  readonly id: string;
  readonly key: Secret | undefined;
  /** Base URL in force (default, environment or config file). */
  readonly baseUrl: string;
  /** `scheme://host:port` of the base URL, the pool key for the transport. */
  readonly origin: string;
  /** Path part of the base URL, without a trailing slash. */
  readonly basePath: string;
  /** Extra settings the dialect reads (region, endpoint, API version), resolved from the environment. */
  readonly settings: Readonly<Record<string, string | undefined>>;
  /** Headers every call carries, the key included. Private so it never serialises. */
  readonly #headers: Readonly<Record<string, string>>;

  constructor(entry: ProviderEntry, key: Secret | undefined, baseUrl: string, settings: Record<string, string | undefined> = {}) {
    this.entry = entry;
    this.id = entry.id;
    this.key = key;
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.settings = settings;
    if (this.baseUrl) {
      const url = new URL(this.baseUrl);
      this.origin = url.origin;
      this.basePath = url.pathname.replace(/\/+$/, '');
    } else {
      this.origin = '';
      this.basePath = '';
    }
    const headers: Record<string, string> = { 'content-type': 'application/json', ...entry.staticHeaders };
    if (key) headers[entry.auth.header] = entry.auth.scheme ? `${entry.auth.scheme} ${key.reveal()}` : key.reveal();
    this.#headers = Object.freeze(headers);
  }

  get hasKey(): boolean {
    return this.key !== undefined;
  }

  /** Headers for a call, the credential included. Transports only. */
  wireHeaders(): Readonly<Record<string, string>> {
    return this.#headers;
  }

  toJSON(): Record<string, unknown> {
    return { id: this.id, name: this.entry.name, hasKey: this.hasKey, keySource: this.key?.source ?? null, baseUrl: this.baseUrl };
  }
}
