import type { Dialect } from './types.js';
import type { DialectId } from '../providers/types.js';
import { openaiDialect } from './openai/index.js';
import { anthropicDialect } from './anthropic/index.js';
import { cohereDialect } from './cohere/index.js';
import { bedrockDialect } from './bedrock/index.js';
import { geminiDialect } from './gemini/index.js';
import { azureDialect } from './azure/index.js';
import { metaLlamaDialect } from './meta-llama/index.js';
import { replicateDialect } from './replicate/index.js';
import { elevenLabsDialect } from './elevenlabs/index.js';

/** Every implemented dialect. A provider whose dialect is missing here is listed but cannot be called. */
export const DIALECTS: ReadonlyMap<DialectId, Dialect> = new Map<DialectId, Dialect>([
  ['openai', openaiDialect],
  ['anthropic', anthropicDialect],
  ['cohere', cohereDialect],
  ['bedrock', bedrockDialect],
  ['gemini', geminiDialect],
  ['azure', azureDialect],
  ['meta-llama', metaLlamaDialect],
  ['replicate', replicateDialect],
  ['elevenlabs', elevenLabsDialect],
]);

export function dialectFor(id: DialectId): Dialect | undefined {
  return DIALECTS.get(id);
}
