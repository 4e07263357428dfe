import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/** OpenRouter's real model list of 2026-05-01 (see test/fixtures/openrouter/README.md for its source). */
export const OPENROUTER_FIXTURE = join(ROOT, 'test', 'fixtures', 'openrouter', 'models-2026-05-01.json');

export interface OpenRouterListEntry {
  id: string;
  context_length: number | null;
  pricing: { prompt: string; completion: string };
  expiration_date?: string | null;
  [key: string]: unknown;
}

/** OpenRouter's `GET /api/v1/models` answer of 2026-05-01 (371 models), parsed fresh on each call (tests edit it). */
export function readOpenRouterFixture(): { data: OpenRouterListEntry[] } {
  return JSON.parse(readFileSync(OPENROUTER_FIXTURE, 'utf8')) as { data: OpenRouterListEntry[] };
}
