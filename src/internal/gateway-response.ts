import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';

type GivenHeaders = OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;

/**
 * The gateway's response object. Headers decided before the handler writes its answer (the `x-request-id`, CORS,
 * a client key's rate limits) are kept here and go out in the handler's own single `writeHead` call: set with
 * `setHeader` first, they would make Node merge every header of that call one `setHeader` at a time (a few µs
 * per answer). Headers a handler gives, and any set with `setHeader`, win over these of the same name, as they
 * did when these were set first. Header names here are lowercase, as handlers write theirs.
 */
export class GatewayResponse extends ServerResponse<IncomingMessage> {
  /** Flat `[name, value, name, value, …]`. */
  #early: string[] | undefined;

  /** Adds (or replaces) a header every answer to this request carries. */
  addEarlyHeader(name: string, value: string): void {
    const early = (this.#early ??= []);
    for (let i = 0; i < early.length; i += 2) {
      if (early[i] === name) {
        early[i + 1] = value;
        return;
      }
    }
    early.push(name, value);
  }

  /** addEarlyHeader for each pair of a flat `[name, value, …]` list. */
  addEarlyHeaders(list: readonly string[]): void {
    if (this.#early === undefined) {
      this.#early = list.slice();
      return;
    }
    for (let i = 0; i < list.length; i += 2) this.addEarlyHeader(list[i]!, list[i + 1]!);
  }

  hasEarlyHeader(name: string): boolean {
    const early = this.#early;
    if (early) for (let i = 0; i < early.length; i += 2) if (early[i] === name) return true;
    return false;
  }

  override writeHead(statusCode: number, reason?: string | GivenHeaders, headers?: GivenHeaders): this {
    const early = this.#early;
    const given = typeof reason === 'string' ? headers : reason;
    const merged = early === undefined ? given : this.#withEarly(early, given);
    if (typeof reason === 'string') super.writeHead(statusCode, reason, merged);
    else super.writeHead(statusCode, merged);
    if (this.chunkedEncoding) flattenHeaderBlock(this);
    return this;
  }

  /** One flat list: the early headers the handler did not set itself, then the handler's. */
  #withEarly(early: string[], given: GivenHeaders): OutgoingHttpHeader[] {
    const out: OutgoingHttpHeader[] = [];
    for (let i = 0; i < early.length; i += 2) {
      const name = early[i]!;
      if (!givenHas(given, name) && !this.hasHeader(name)) out.push(name, early[i + 1]!);
    }
    if (given === undefined) return out;
    if (Array.isArray(given)) {
      // Node takes a flat list or a list of [name, value] pairs.
      if (given.length && Array.isArray(given[0])) for (const pair of given as unknown as OutgoingHttpHeader[][]) out.push(pair[0]!, pair[1]!);
      // A flat list (the chat answer's) is joined in one copy, or passed as it is when it has every early header:
      // Node only reads it.
      else return out.length ? out.concat(given) : given;
      return out;
    }
    for (const name in given) {
      if (!Object.hasOwn(given, name)) continue;
      const value = given[name];
      // Node drops a header whose value is undefined only in its slow path; skipping it keeps that.
      if (value !== undefined) out.push(name, value as OutgoingHttpHeader);
    }
    return out;
  }
}

/** Header names are compared as written: every handler here writes them in lowercase, as Node reports them. */
function givenHas(given: GivenHeaders, name: string): boolean {
  if (given === undefined) return false;
  if (!Array.isArray(given)) return given[name] !== undefined;
  if (given.length && Array.isArray(given[0])) return (given as unknown as OutgoingHttpHeader[][]).some((pair) => pair[0] === name);
  for (let i = 0; i < given.length; i += 2) if (given[i] === name) return true;
  return false;
}

/**
 * A header every answer to this request carries (see GatewayResponse); on another response object (a test's),
 * set the usual way.
 */
export function setEarlyHeader(res: ServerResponse, name: string, value: string): void {
  if (res instanceof GatewayResponse) res.addEarlyHeader(name, value);
  else if (!res.headersSent) res.setHeader(name, value);
}

/** setEarlyHeader for each pair of a flat `[name, value, …]` list (with no name twice). */
export function setEarlyHeaders(res: ServerResponse, list: readonly string[]): void {
  if (res instanceof GatewayResponse) res.addEarlyHeaders(list);
  else for (let i = 0; i < list.length; i += 2) setEarlyHeader(res, list[i]!, list[i + 1]!);
}

/** Whether `setEarlyHeader` (or `setHeader`) set this header. */
export function hasEarlyHeader(res: ServerResponse, name: string): boolean {
  return res instanceof GatewayResponse ? res.hasEarlyHeader(name) || res.hasHeader(name) : res.hasHeader(name);
}

/**
 * Node builds a response's header block by concatenation and keeps it (`_header`) until the response ends: a rope
 * of dozens of string pieces (about 75 for a stream's headers). A response without a length (a stream) may stay
 * open for minutes, a thousand of them at once, and every young rope is copied by each scavenge; reading one
 * character makes V8 flatten the rope into one string in place, and the pieces become garbage. (A response with a
 * length writes its block at once.)
 */
function flattenHeaderBlock(res: ServerResponse): void {
  const header = (res as unknown as { _header?: unknown })._header;
  if (typeof header === 'string') header.charCodeAt(0);
}

