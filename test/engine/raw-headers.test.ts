import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { answerHeaders, headersOf, type RawHeaders } from '../../src/engine/raw-headers.js';
import { rateLimitHeaders } from '../../src/engine/rate-limit-headers.js';

/**
 * The whole-answer handler reads raw header lists itself (raw-headers.ts) where undici's newer handler interface
 * parsed them into an object first. The general path is undici's own parsing followed by rateLimitHeaders; these
 * walks prove the fast path gives the same, header list by header list.
 */
const require = createRequire(import.meta.url);
const undiciUtil = require(join(dirname(require.resolve('undici')), 'lib', 'core', 'util.js')) as { parseHeaders(raw: RawHeaders): IncomingHttpHeaders };
const undiciParse = (raw: RawHeaders) => undiciUtil.parseHeaders(raw);

function sequence(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
}

/** Names near the ones the fast path looks for (case, length, one character off), and names Object.prototype has. */
const NAMES = [
  'content-length', 'Content-Length', 'CONTENT-LENGTH', 'content-lengthy', 'content_length', 'contentXlength', 'content-type',
  'x-ratelimit-', 'X-RateLimit-', 'x-ratelimit-limit-requests', 'X-RateLimit-Remaining-Tokens', 'X-RATELIMIT-RESET-TOKENS',
  'x-ratelimit', 'x-ratelimiT-reset', 'x-ratelimit_reset', 'xratelimit-reset', 'y-ratelimit-reset', 'x-ratelimit-\u00c0\u00de',
  'retry-after', 'Retry-After', 'RETRY-AFTER-MS', 'retry-after-ms', 'retry-after-m', 'retry-afterx', 'retry-after-msx', 'retry',
  'date', 'Date', 'x-request-id', 'openai-processing-ms', 'Connection', 'Keep-Alive', 'set-cookie',
  'constructor', '__proto__', 'toString', 'hasOwnProperty', 'c', 'r', 'x', '\u00c4BC', '\u00e4bc',
  // Bytes that lowercase onto '-' when any byte, not only A-Z, is lowercased by setting 0x20.
  'content\rlength', 'x\rratelimit-a', 'retry\rafter',
  // Latin1 letters in either case, and the two signs beside them that are not letters (× and ÷).
  'x-ratelimit-\u00e0\u00fe', 'X-RATELIMIT-\u00c0\u00de', 'x-ratelimit-\u00d7', 'x-ratelimit-\u00f7', 'x-ratelimit-@', 'x-ratelimit-`',
];
const VALUES = ['1', '620', '0', '', ' 12 ', 'abc', '120ms', 'Sun, 06 Dec 2026 20:53:59 GMT', '\u00e9t\u00e9', '\u00ff\u0080', 'a, b'];

/** A header list of Buffers as undici's HTTP/1.1 parser hands it over (latin1 bytes, any case, repeats). */
function randomList(next: (n: number) => number): Buffer[] {
  const raw: Buffer[] = [];
  const count = next(16);
  for (let i = 0; i < count; i++) {
    raw.push(Buffer.from(NAMES[next(NAMES.length)]!, 'latin1'));
    // Now and then a value with bytes that are not valid UTF-8.
    raw.push(next(8) === 0 ? Buffer.from([0xc3, 0x28, 0xa0, 0xe2, 0x82]) : Buffer.from(VALUES[next(VALUES.length)]!, 'latin1'));
  }
  return raw;
}

/** What a simulator's OpenAI answer carries. */
const TYPICAL: Array<[string, string]> = [
  ['content-type', 'application/json'], ['content-length', '620'], ['openai-version', '2020-10-01'], ['openai-processing-ms', '1'],
  ['x-ratelimit-limit-requests', '500'], ['x-ratelimit-remaining-requests', '499'], ['x-ratelimit-reset-requests', '120ms'],
  ['x-ratelimit-limit-tokens', '30000'], ['x-ratelimit-remaining-tokens', '29990'], ['x-ratelimit-reset-tokens', '20ms'],
  ['x-request-id', 'req_1'], ['Date', 'Sun, 06 Dec 2026 20:53:59 GMT'], ['Connection', 'keep-alive'], ['Keep-Alive', 'timeout=65'],
];

function assertSameAsUndici(raw: RawHeaders, label: string): void {
  const parsed = undiciParse(raw);
  assert.deepEqual(headersOf(raw), parsed, `headersOf: ${label}`);
  assert.deepEqual(Object.keys(headersOf(raw)), Object.keys(parsed), `headersOf order: ${label}`);
  const found = answerHeaders(raw);
  const limits = rateLimitHeaders(parsed);
  assert.deepEqual(found.rateLimits, limits, `rate limits: ${label}`);
  // The order is the order the headers go out to the caller in.
  assert.deepEqual(Object.keys(found.rateLimits ?? {}), Object.keys(limits ?? {}), `rate-limit order: ${label}`);
  assert.deepEqual(found.contentLength, parsed['content-length'], `content-length: ${label}`);
  assert.equal(Number(found.contentLength), Number(parsed['content-length']), `declared length: ${label}`);
}

describe('raw response headers (the whole-answer fast path)', () => {
  it('gives what undici\'s parsing and rateLimitHeaders give, over 5000 random header lists', () => {
    const next = sequence(11);
    for (let i = 0; i < 5000; i++) {
      const raw = randomList(next);
      assertSameAsUndici(raw, raw.map((b) => b.toString('latin1')).join(' | '));
    }
  });

  it('gives the same for a typical provider answer and for each of its headers renamed, repeated or removed', () => {
    const base = TYPICAL.flatMap(([name, value]) => [Buffer.from(name), Buffer.from(value)]);
    assertSameAsUndici(base, 'typical');
    for (let i = 0; i < TYPICAL.length; i++) {
      const [name, value] = TYPICAL[i]!;
      const variants: Array<Array<[string, string]>> = [
        TYPICAL.map((h, j) => (j === i ? [name.toUpperCase(), value] : h)),
        TYPICAL.map((h, j) => (j === i ? [`${name}x`, value] : h)),
        TYPICAL.map((h, j) => (j === i ? [name.slice(0, -1), value] : h)),
        [...TYPICAL.slice(0, i + 1), [name, `${value}2`], ...TYPICAL.slice(i + 1)],
        [...TYPICAL, [name.toUpperCase(), `${value}3`]],
        TYPICAL.filter((_, j) => j !== i),
      ];
      for (const variant of variants) assertSameAsUndici(variant.flatMap(([n, v]) => [Buffer.from(n, 'latin1'), Buffer.from(v, 'latin1')]), `${name} variant`);
    }
  });

  it('takes header lists of strings, and of string lists, as undici does', () => {
    assertSameAsUndici(['X-RateLimit-Limit', '5', 'content-length', '7', 'x-ratelimit-limit', '6', 'retry-after', ['1', '2']], 'strings');
    assertSameAsUndici(['Set-Cookie', [Buffer.from('a=1'), Buffer.from('b=2')], 'set-cookie', 'c=3', 'x-ratelimit-a', [Buffer.from('1')], 'x-ratelimit-a', [Buffer.from('2'), Buffer.from('3')]], 'lists');
    assertSameAsUndici(['x-ratelimit-a', [], 'x-ratelimit-a', '1', 'retry-after', [], 'content-length', []], 'empty lists');
  });

  it('finds no rate limits and no length in a list without them', () => {
    assert.deepEqual(answerHeaders([Buffer.from('content-type'), Buffer.from('application/json')]), { contentLength: undefined, rateLimits: undefined });
  });
});
