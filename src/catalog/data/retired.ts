/**
 * Model ids their providers stopped serving, each with the replacement the provider names. A request for one is
 * served by the successor as a visible substitute (`x-wai-substitute: asked -> served`), or refused with this
 * reason when substitution is off.
 */
import type { RetiredId } from '../types.js';

const XAI = 'https://docs.x.ai/docs/migration/may-15-retirement (read 2026-12-06)';
const MOONSHOT = 'https://platform.moonshot.ai/docs (Kimi K2 preview ids retired 2026-05-25; issue 9, promptfoo Moonshot docs, read 2026-12-06)';
const GOOGLE = 'https://ai.google.dev/gemini-api/docs/deprecations (read 2026-12-06)';
const ANTHROPIC = 'https://platform.claude.com/docs/en/about-claude/model-deprecations (Sonnet 4 retired 2026-06-15, read 2026-12-06)';
const DEEPSEEK = 'https://api-docs.deepseek.com/quick_start/pricing (deepseek-v4-flash now served as deepseek-flash, read 2026-12-06)';

/** Ids one provider retired on one date, all replaced by the same successor. */
function retiredTogether(provider: string, retired: string, successor: string, source: string, ids: string[]): RetiredId[] {
  return ids.map((id) => ({ provider, id, retired, successor, source }));
}

export const RETIRED_IDS: RetiredId[] = [
  ...retiredTogether('xai', '2026-05-15', 'grok-4.3', XAI, ['grok-4', 'grok-4-0709', 'grok-4-latest', 'grok-3', 'grok-3-latest', 'grok-code-fast-1', 'grok-code-fast']),
  ...retiredTogether('xai', '2026-05-15', 'grok-4.3', `${XAI}; unconfirmed: successor and date of grok-3-mini`, ['grok-3-mini']),
  ...retiredTogether('moonshot', '2026-05-25', 'kimi-k2.6', MOONSHOT, ['kimi-k2-0711-preview', 'kimi-k2-0905-preview', 'kimi-k2-turbo-preview', 'kimi-k2-thinking']),
  ...retiredTogether('google', '2026-12-01', 'gemini-3.1-pro', GOOGLE, ['gemini-2.5-pro']),
  ...retiredTogether('google', '2026-12-01', 'gemini-3-flash', GOOGLE, ['gemini-2.5-flash']),
  ...retiredTogether('anthropic', '2026-06-15', 'claude-sonnet-4.6', ANTHROPIC, ['claude-sonnet-4-20250514', 'claude-sonnet-4-0']),
  ...retiredTogether('deepseek', '2026-10-17', 'deepseek-flash', `${DEEPSEEK}; unconfirmed: the exact date`, ['deepseek-v4-flash']),
];
