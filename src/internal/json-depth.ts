/**
 * How deep a request body may nest. Real chat bodies (tool schemas included) stay far below; a body nested
 * thousands deep costs seconds to parse and overflows the stack of anything that walks it afterwards.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the JSON text in `bytes` opens more than `max` objects or arrays inside each other. Runs before
 * JSON.parse, over the bytes: strings are jumped over with indexOf, so the scan costs a few percent of the parse.
 */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      const end = closingQuote(bytes, i);
      // An unterminated string: the parse that follows reports it.
      if (end === -1) return false;
      i = end + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    i++;
  }
  return false;
}

/** The index of the quote that closes the string opened at `open` (one not escaped by an odd run of backslashes). */
function closingQuote(bytes: Uint8Array, open: number): number {
  let at = bytes.indexOf(QUOTE, open + 1);
  while (at !== -1) {
    let backslashes = 0;
    for (let k = at - 1; bytes[k] === BACKSLASH; k--) backslashes++;
    if ((backslashes & 1) === 0) return at;
    at = bytes.indexOf(QUOTE, at + 1);
  }
  return -1;
}
