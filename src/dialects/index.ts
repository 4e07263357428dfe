import type { Dialect } from './types.js';
import type { DialectId } from '../providers/types.js';
import { openaiDialect } from './openai/index.js';

/** Every implemented dialect. A provider whose dialect is missing here is listed but cannot be called. */
export const DIALECTS: ReadonlyMap<DialectId, Dialect> = new Map<DialectId, Dialect>([
  ['openai', openaiDialect],
]);

export function dialectFor(id: DialectId): Dialect | undefined {
  return DIALECTS.get(id);
}
