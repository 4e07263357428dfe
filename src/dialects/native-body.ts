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

const MODEL_KEY = /"model"\s*:/g;

/**
 * The native body for an upstream model id: the bytes untouched when the id is the caller's, else the same bytes
 * with only the model value replaced. The splice is used when `"model":` occurs once (so it is the top-level key:
 * a key inside a string value has escaped quotes); otherwise the body is re-encoded, with the same content.
 */
export function nativeBodyFor(native: NativeBody, upstreamModel: string): Buffer | string {
  if (upstreamModel === native.model) return native.bytes;
  const text = native.bytes.toString('utf8');
  const keys = text.match(MODEL_KEY);
  if (keys?.length === 1) {
    const at = /"model"\s*:\s*/.exec(text)!;
    const valueStart = at.index + at[0].length;
    const written = JSON.stringify(native.model);
    if (text.startsWith(written, valueStart)) {
      return text.slice(0, valueStart) + JSON.stringify(upstreamModel) + text.slice(valueStart + written.length);
    }
  }
  const body = JSON.parse(text) as Record<string, unknown>;
  body.model = upstreamModel;
  return JSON.stringify(body);
}
