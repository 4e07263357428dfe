/**
 * A request that came in on an ingress with a wire format of its own (Anthropic's Messages API on /v1/messages)
 * keeps its original bytes beside the canonical request the planner reads. A dialect that speaks that format
 * sends those bytes as they came (only the model id changed, when the route names another) and answers in it,
 * so fields the canonical request cannot carry (cache_control, thinking signatures, betas) keep working.
 *
 * The body rides on the canonical request under a symbol: JSON.stringify, for-in and Object.keys never see it,
 * so no dialect forwards it by accident, and a spread copy of the request keeps it.
 */
import type { DialectId } from '../providers/types.js';

export type NativeFormat = 'anthropic-messages';

export interface NativeBody {
  format: NativeFormat;
  /** The body as the caller sent it. */
  bytes: Buffer;
  /** The top-level `model` of that body. */
  model: string;
  /** Caller headers that belong to the format and go upstream with it (e.g. `anthropic-beta`). */
  headers: Readonly<Record<string, string>>;
}

/** The dialect that speaks each native format. */
export const NATIVE_DIALECT: Readonly<Record<NativeFormat, DialectId>> = { 'anthropic-messages': 'anthropic' };

const NATIVE = Symbol('wai.nativeBody');

export function withNativeBody<T extends object>(request: T, native: NativeBody): T {
  (request as Record<symbol, unknown>)[NATIVE] = native;
  return request;
}

export function nativeBodyOf(request: object, format: NativeFormat): NativeBody | undefined {
  const native = (request as Record<symbol, unknown>)[NATIVE] as NativeBody | undefined;
  return native?.format === format ? native : undefined;
}

const MODEL_KEY = Buffer.from('"model"');
const COLON = 0x3a;

/**
 * The native body for an upstream model id: the bytes untouched when the id is the caller's, else the same bytes
 * with only the model value replaced. The splice is used when `"model"` is a key once only (so it is the top-level
 * one: inside a string value its quotes are escaped); otherwise the body is re-encoded, with the same content.
 * The splice works on the bytes (Claude Code's bodies run to hundreds of kilobytes): found with Buffer.indexOf,
 * never decoded to a string, and sent as bytes.
 */
export function nativeBodyFor(native: NativeBody, upstreamModel: string): Buffer | string {
  if (upstreamModel === native.model) return native.bytes;
  const bytes = native.bytes;
  let valueStart = -1;
  let keys = 0;
  for (let at = bytes.indexOf(MODEL_KEY); at !== -1; at = bytes.indexOf(MODEL_KEY, at + MODEL_KEY.length)) {
    const colon = skipWhitespace(bytes, at + MODEL_KEY.length);
    if (bytes[colon] !== COLON) continue;
    if (++keys > 1) break;
    valueStart = skipWhitespace(bytes, colon + 1);
  }
  if (keys === 1) {
    const written = Buffer.from(JSON.stringify(native.model));
    if (bytes.subarray(valueStart, valueStart + written.length).equals(written)) {
      return Buffer.concat([bytes.subarray(0, valueStart), Buffer.from(JSON.stringify(upstreamModel)), bytes.subarray(valueStart + written.length)]);
    }
  }
  const body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  body.model = upstreamModel;
  return JSON.stringify(body);
}

/** The index of the first byte at or after `i` that is not JSON whitespace (the body was parsed: it is JSON). */
function skipWhitespace(bytes: Buffer, i: number): number {
  while (i < bytes.length) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}
