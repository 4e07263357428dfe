/**
 * Removes credentials from text that came from elsewhere (upstream error messages sometimes echo part of a key).
 * Built once from the configured keys; also masks anything shaped like a common provider key.
 */
const KEY_SHAPES =
  /\b(?:sk-(?:or-v1-|ant-|proj-)?|gsk_|xai-|pplx-|r8_|hf_|fw_|AKIA|ASIA)[A-Za-z0-9*_\-.]{6,}/g;

export class Redactor {
  readonly #keys: string[];

  constructor(keys: Iterable<string>) {
    const plain = [...keys].filter((k) => k.length >= 6);
    // Longest first, so a key that contains another is replaced whole.
    this.#keys = [...new Set([...plain, ...plain.flatMap(base64Forms)])].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const key of this.#keys) {
      if (out.includes(key)) out = out.split(key).join('[redacted]');
    }
    return out.replace(KEY_SHAPES, '[redacted]');
  }
}

/**
 * What a key looks like inside base64 text (an upstream echoing an `Authorization: Basic …` or a token it wrapped):
 * the key may start at any of three byte offsets of the encoded data, and for each the characters made only of
 * key bits are fixed. Those runs, in standard and URL-safe alphabets, are redacted like the key itself.
 */
function base64Forms(key: string): string[] {
  const bytes = Buffer.from(key, 'utf8');
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    if (core.length < 6) continue;
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}
