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

export const RETIRED_IDS: RetiredId[] = [
  { provider: 'xai', id: 'grok-4', retired: '2026-05-15', successor: 'grok-4.3', source: XAI },
  { provider: 'xai', id: 'grok-4-0709', retired: '2026-05-15', successor: 'grok-4.3', source: XAI },
  { provider: 'xai', id: 'grok-4-latest', retired: '2026-05-15', successor: 'grok-4.3', source: XAI },
  { provider: 'xai', id: 'grok-3', retired: '2026-05-15', successor: 'grok-4.3', source: XAI },
  { provider: 'xai', id: 'grok-3-latest', retired: '2026-05-15', successor: 'grok-4.3', source: XAI },
  { provider: 'xai', id: 'grok-code-fast-1', retired: '2026-05-15', successor: 'grok-4.3', source: XAI },
  { provider: 'xai', id: 'grok-code-fast', retired: '2026-05-15', successor: 'grok-4.3', source: XAI },
  { provider: 'xai', id: 'grok-3-mini', retired: '2026-05-15', successor: 'grok-4.3', source: `${XAI}; unconfirmed: successor and date of grok-3-mini` },
  { provider: 'moonshot', id: 'kimi-k2-0711-preview', retired: '2026-05-25', successor: 'kimi-k2.6', source: MOONSHOT },
  { provider: 'moonshot', id: 'kimi-k2-0905-preview', retired: '2026-05-25', successor: 'kimi-k2.6', source: MOONSHOT },
  { provider: 'moonshot', id: 'kimi-k2-turbo-preview', retired: '2026-05-25', successor: 'kimi-k2.6', source: MOONSHOT },
  { provider: 'moonshot', id: 'kimi-k2-thinking', retired: '2026-05-25', successor: 'kimi-k2.6', source: MOONSHOT },
  { provider: 'google', id: 'gemini-2.5-pro', retired: '2026-12-01', successor: 'gemini-3.1-pro', source: GOOGLE },
  { provider: 'google', id: 'gemini-2.5-flash', retired: '2026-12-01', successor: 'gemini-3-flash', source: GOOGLE },
  { provider: 'anthropic', id: 'claude-sonnet-4-20250514', retired: '2026-06-15', successor: 'claude-sonnet-4.6', source: ANTHROPIC },
  { provider: 'anthropic', id: 'claude-sonnet-4-0', retired: '2026-06-15', successor: 'claude-sonnet-4.6', source: ANTHROPIC },
  { provider: 'deepseek', id: 'deepseek-v4-flash', retired: '2026-10-17', successor: 'deepseek-flash', source: `${DEEPSEEK}; unconfirmed: the exact date` },
];
