/**
 * How long a provider asks us to wait, from its headers: `retry-after-ms`, `retry-after`
 * (seconds or an HTTP date), then rate-limit reset headers (durations like `6m0s`, seconds, or RFC 3339 times).
 */
type HeaderBag = Record<string, string | string[] | undefined>;

const RESET_HEADERS = [
  'x-ratelimit-reset-requests',
  'x-ratelimit-reset-tokens',
  'x-ratelimit-reset',
  'anthropic-ratelimit-requests-reset',
  'anthropic-ratelimit-tokens-reset',
];

export function retryAfterMs(headers: HeaderBag, nowMs: number): number | undefined {
  const ms = first(headers['retry-after-ms']);
  if (ms !== undefined) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = first(headers['retry-after']);
  if (after !== undefined) {
    const parsed = parseSecondsOrDate(after, nowMs);
    if (parsed !== undefined) return parsed;
  }
  let longest: number | undefined;
  for (const name of RESET_HEADERS) {
    const raw = first(headers[name]);
    if (raw === undefined) continue;
    const parsed = parseDuration(raw) ?? parseSecondsOrDate(raw, nowMs);
    if (parsed !== undefined && (longest === undefined || parsed > longest)) longest = parsed;
  }
  return longest;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseSecondsOrDate(raw: string, nowMs: number): number | undefined {
  const seconds = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  return undefined;
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;

/** Go-style durations as OpenAI and Groq send them: `6m0s`, `1.5s`, `20ms`. */
export function parseDuration(raw: string): number | undefined {
  if (!/^(\d+(?:\.\d+)?(ms|h|m|s))+$/.test(raw)) return undefined;
  let total = 0;
  for (const match of raw.matchAll(DURATION_PART)) {
    const value = Number(match[1]);
    const unit = match[2];
    total += unit === 'h' ? value * 3_600_000 : unit === 'm' ? value * 60_000 : unit === 's' ? value * 1000 : value;
  }
  return total;
}
