/**
 * Removes credentials from text that came from elsewhere (upstream error messages sometimes echo part of a key).
 * Built once from the configured keys; also masks anything shaped like a common provider key.
 */
const KEY_SHAPES =
  /\b(?:sk-(?:or-v1-|ant-|proj-)?|gsk_|xai-|pplx-|r8_|hf_|fw_|AKIA|ASIA)[A-Za-z0-9*_\-.]{6,}/g;

export class Redactor {
  readonly #keys: string[];

  constructor(keys: Iterable<string>) {
    // Longest first, so a key that contains another is replaced whole.
    this.#keys = [...new Set([...keys].filter((k) => k.length >= 6))].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const key of this.#keys) {
      if (out.includes(key)) out = out.split(key).join('[redacted]');
    }
    return out.replace(KEY_SHAPES, '[redacted]');
  }
}
