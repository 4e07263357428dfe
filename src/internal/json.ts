/** JSON parsing that returns failure as a value instead of throwing. */
export type ParseResult<T = unknown> = { ok: true; value: T } | { ok: false; error: Error };

export function parseJson<T = unknown>(text: string): ParseResult<T> {
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
