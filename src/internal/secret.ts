import { inspect } from 'node:util';

/**
 * A credential that cannot leak by accident: printing, logging or serialising it gives `[redacted]`.
 * Only `reveal()` gives the value, and only transports call it.
 */
export class Secret {
  readonly #value: string;
  /** The variable or config field it came from, safe to show. */
  readonly source: string;

  constructor(value: string, source: string) {
    this.#value = value;
    this.source = source;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return `Secret(${this.source})`;
  }
}
