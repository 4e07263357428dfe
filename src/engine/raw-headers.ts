import type { IncomingHttpHeaders } from 'node:http';

/**
 * Response headers as undici hands them to a dispatch handler of its original kind (onHeaders): a flat
 * `[name, value, …]` list, Buffers over HTTP/1.1. Handlers of undici's newer kind get them parsed into an object
 * on every response (about 3 µs for a provider's dozen headers); a whole answer needs three names of them, so
 * the whole-answer handler reads those from the list (`answerHeaders`) and parses the rest only when asked.
 */
export type RawHeaders = ReadonlyArray<Buffer | string | ReadonlyArray<Buffer | string>>;

/**
 * Every header as one object, as undici's own parsing gives it to its newer handlers: names in lowercase (latin1),
 * values as latin1 text, a repeated header's values in an array in the order they came.
 */
export function headersOf(raw: RawHeaders): IncomingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = nameOf(raw[i]!);
    const value = raw[i + 1]!;
    const held = out[name];
    if (held === undefined) out[name] = firstText(value);
    else if (!Object.hasOwn(out, name)) {
      // A name Object.prototype has (`constructor`, `__proto__`) is still the header's own.
      Object.defineProperty(out, name, { value: firstText(value), enumerable: true, configurable: true, writable: true });
    } else if (typeof held === 'string') out[name] = [held, laterText(value)];
    else held.push(laterText(value));
  }
  return out;
}

/** What a whole answer needs of its headers, read without parsing the others. */
export interface AnswerHeaders {
  /** `content-length` as `headersOf` would give it (undefined when absent). */
  contentLength: string | string[] | undefined;
  /** The serving provider's rate-limit headers, exactly as rateLimitHeaders(headersOf(raw)) gives them. */
  rateLimits: Record<string, string> | undefined;
}

/**
 * `content-length`, `x-ratelimit-*`, `retry-after` and `retry-after-ms` from the raw list; any other header costs a
 * length and a byte comparison, and no string. Names compare without regard to ASCII case, as undici lowercases
 * them (latin1 bytes outside ASCII never lowercase into ASCII).
 */
export function answerHeaders(raw: RawHeaders): AnswerHeaders {
  let contentLength: string | string[] | undefined;
  let limits: Record<string, string | string[]> | undefined;
  /** Whether a rate-limit header came as a list or more than once (rare): its values are joined at the end. */
  let lists = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (Array.isArray(name)) continue;
    const kind = kindOf(name as Buffer | string);
    if (kind === NONE) continue;
    const value = raw[i + 1]!;
    if (kind === CONTENT_LENGTH) {
      contentLength = contentLength === undefined ? firstText(value) : typeof contentLength === 'string' ? [contentLength, laterText(value)] : [...contentLength, laterText(value)];
      continue;
    }
    const lower = typeof name === 'string' ? name.toLowerCase() : knownName(name as Buffer);
    limits ??= {};
    const held = limits[lower];
    if (held === undefined) {
      const first = firstText(value);
      if (typeof first !== 'string') lists = true;
      limits[lower] = first;
    } else {
      lists = true;
      if (typeof held === 'string') limits[lower] = [held, laterText(value)];
      else held.push(laterText(value));
    }
  }
  // As rateLimitHeaders gives them: a repeated header's values joined with ", ".
  if (lists) for (const name in limits) if (typeof limits[name] !== 'string') limits[name] = (limits[name] as string[]).join(', ');
  return { contentLength, rateLimits: limits as Record<string, string> | undefined };
}

/**
 * Rate-limit header names met before, in lowercase: a provider sends the same half dozen on every answer, so a
 * name is found here by its bytes instead of being decoded and lowercased again. Bounded: past it, names are
 * decoded as they come.
 */
const knownNames: string[] = [];
const MAX_KNOWN_NAMES = 64;

/** `name.toString('latin1').toLowerCase()`, from the names met before when it is one of them. */
function knownName(name: Buffer): string {
  for (let i = 0; i < knownNames.length; i++) {
    const known = knownNames[i]!;
    if (known.length === name.length && lowersTo(name, known)) return known;
  }
  const lower = name.toString('latin1').toLowerCase();
  if (knownNames.length < MAX_KNOWN_NAMES) knownNames.push(lower);
  return lower;
}

/** Whether the bytes, each as a latin1 character lowercased, are `lower`'s characters. */
function lowersTo(bytes: Buffer, lower: string): boolean {
  for (let i = bytes.length - 1; i >= 0; i--) {
    let code = bytes[i]!;
    // Latin1's capitals: A-Z and À-Þ except ×; each lowercases 0x20 higher.
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0xde && code !== 0xd7)) code += 0x20;
    if (code !== lower.charCodeAt(i)) return false;
  }
  return true;
}

const NONE = 0;
const CONTENT_LENGTH = 1;
const RATE_LIMIT = 2;

const X_RATELIMIT = 'x-ratelimit-';
const RETRY_AFTER = 'retry-after';
const RETRY_AFTER_MS = 'retry-after-ms';
const CONTENT_LENGTH_NAME = 'content-length';

function kindOf(name: Buffer | string): number {
  const length = name.length;
  if (length < RETRY_AFTER.length) return NONE;
  const first = typeof name === 'string' ? name.charCodeAt(0) : name[0]!;
  // The first letter in either case picks the one or two names it could be.
  switch (first | 0x20) {
    case 0x78: // x
      return length >= X_RATELIMIT.length && startsWith(name, X_RATELIMIT) ? RATE_LIMIT : NONE;
    case 0x72: // r
      return (length === RETRY_AFTER.length && startsWith(name, RETRY_AFTER)) || (length === RETRY_AFTER_MS.length && startsWith(name, RETRY_AFTER_MS)) ? RATE_LIMIT : NONE;
    case 0x63: // c
      return length === CONTENT_LENGTH_NAME.length && startsWith(name, CONTENT_LENGTH_NAME) ? CONTENT_LENGTH : NONE;
    default:
      return NONE;
  }
}

/** Whether `name` starts with `lower` (lowercase ASCII), ignoring the case of ASCII letters only. */
function startsWith(name: Buffer | string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    let code = typeof name === 'string' ? name.charCodeAt(i) : name[i]!;
    if (code >= 0x41 && code <= 0x5a) code |= 0x20;
    if (code !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function nameOf(name: Buffer | string | ReadonlyArray<Buffer | string>): string {
  return (typeof name === 'string' ? name : Buffer.isBuffer(name) ? name.toString('latin1') : String(name)).toLowerCase();
}

/** A header's value the first time its name comes (a list of values stays a list). */
function firstText(value: Buffer | string | ReadonlyArray<Buffer | string>): string | string[] {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  return value.map((item) => (typeof item === 'string' ? item : item.toString('latin1')));
}

/** A repeated header's further value, as undici's parsing adds it (a list is joined with commas). */
function laterText(value: Buffer | string | ReadonlyArray<Buffer | string>): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  return String(value);
}
