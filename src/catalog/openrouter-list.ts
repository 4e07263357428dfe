import { z } from 'zod';
import { parseJson } from '../internal/json.js';

/** One entry of OpenRouter's `GET /api/v1/models` (prices are USD per token, as strings). */
const openRouterModel = z.looseObject({
  id: z.string().min(1),
  context_length: z.number().int().positive().nullable().optional(),
  pricing: z.looseObject({ prompt: z.string(), completion: z.string() }),
  architecture: z.looseObject({ input_modalities: z.array(z.string()).optional() }).optional(),
  supported_parameters: z.array(z.string()).optional(),
  expiration_date: z.string().nullable().optional(),
});
const openRouterList = z.looseObject({ data: z.array(z.unknown()) });

export type OpenRouterEntry = z.infer<typeof openRouterModel>;

export type ParsedList = { ok: true; entries: Map<string, OpenRouterEntry>; rejected: number } | { ok: false; reason: string };

/** More bad entries than this share means the answer is broken, not one odd model: refused whole. */
const MAX_REJECTED_SHARE = 0.1;
/** OpenRouter lists hundreds of models; an answer with fewer is cut short or not the model list. */
export const MIN_LIST_SIZE = 50;

/** Validates a model-list answer. A list that is not JSON, not the shape, too short or mostly malformed is refused. */
export function parseOpenRouterList(text: string): ParsedList {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, reason: 'the model list is not valid JSON' };
  const list = openRouterList.safeParse(json.value);
  if (!list.success) return { ok: false, reason: 'the answer has no `data` array of models' };
  const entries = new Map<string, OpenRouterEntry>();
  let rejected = 0;
  for (const raw of list.data.data) {
    const parsed = openRouterModel.safeParse(raw);
    if (parsed.success && isPrice(parsed.data.pricing.prompt) && isPrice(parsed.data.pricing.completion)) entries.set(parsed.data.id, parsed.data);
    else rejected++;
  }
  const total = list.data.data.length;
  if (total < MIN_LIST_SIZE) return { ok: false, reason: `the list has only ${total} models (at least ${MIN_LIST_SIZE} expected): partial` };
  if (rejected / total > MAX_REJECTED_SHARE) return { ok: false, reason: `${rejected} of ${total} entries are malformed` };
  return { ok: true, entries, rejected };
}

function isPrice(value: string): boolean {
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) && n >= 0;
}
