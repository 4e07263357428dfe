/**
 * Vectors as OpenAI's `encoding_format: "base64"` carries them: the float32 values in little-endian byte order,
 * base64-encoded. Providers answer in either form; the caller gets the one it asked for.
 */

export function floatsToBase64(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes.toString('base64');
}

/** The floats of a base64 vector; undefined when the text is not whole float32 values. */
export function base64ToFloats(text: string): number[] | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  const out = new Array<number>(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** A vector in the format the caller asked for, whichever form the provider sent. */
export function inFormat(vector: number[] | string, format: 'float' | 'base64'): number[] | string | undefined {
  if (format === 'base64') return typeof vector === 'string' ? vector : floatsToBase64(vector);
  return typeof vector === 'string' ? base64ToFloats(vector) : vector;
}
