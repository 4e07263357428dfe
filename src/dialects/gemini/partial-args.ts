import { isRecord } from '../../internal/json.js';

/**
 * Rebuilds a function call's arguments from Vertex AI's streamed form. Instead of whole `args`, a streamed call
 * sends `partialArgs: [{jsonPath: "$.location", stringValue: "Bos", willContinue: true}]` pieces: a string value
 * may arrive in several pieces for the same path (each but the last with `willContinue`), other values arrive
 * whole (`numberValue`, `boolValue`, `nullValue`). Paths are RFC 9535 JSON paths such as `$.a.b[0].c` or
 * `$['odd key']`.
 */
export class PartialArgs {
  readonly value: Record<string, unknown>;
  /** Paths whose last string piece said more follows: the next piece for the path is appended. */
  readonly #continuing = new Set<string>();

  constructor(initial?: Record<string, unknown>) {
    this.value = initial ? structuredClone(initial) : {};
  }

  apply(pieces: unknown): void {
    if (!Array.isArray(pieces)) return;
    for (const piece of pieces) {
      if (!isRecord(piece) || typeof piece.jsonPath !== 'string') continue;
      const path = parsePath(piece.jsonPath);
      // `__proto__` would write to the object prototype instead of an own key.
      if (!path || path.length === 0 || path.includes('__proto__')) continue;
      const key = piece.jsonPath;
      if (typeof piece.stringValue === 'string') {
        const previous = this.#continuing.has(key) ? get(this.value, path) : undefined;
        set(this.value, path, (typeof previous === 'string' ? previous : '') + piece.stringValue);
      } else if (typeof piece.numberValue === 'number') set(this.value, path, piece.numberValue);
      else if (typeof piece.boolValue === 'boolean') set(this.value, path, piece.boolValue);
      else if ('nullValue' in piece) set(this.value, path, null);
      else continue;
      if (piece.willContinue === true) this.#continuing.add(key);
      else this.#continuing.delete(key);
    }
  }

  json(): string {
    return JSON.stringify(this.value);
  }
}

type Segment = string | number;

/** `$.a['b c'][2]` -> ['a', 'b c', 2]; undefined when the path is not understood. */
export function parsePath(path: string): Segment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const match = /^[^.[\]]+/.exec(path.slice(i + 1));
      if (!match) return undefined;
      out.push(match[0]);
      i += 1 + match[0].length;
    } else if (c === '[') {
      const rest = path.slice(i);
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\[(['"])((?:\\.|(?!\1).)*)\1\]/.exec(rest);
      if (index) {
        out.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        out.push(quoted[2]!.replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else return undefined;
    } else return undefined;
  }
  return out;
}

function get(root: unknown, path: Segment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Sets a value, creating objects (or arrays, for numeric segments) on the way. */
function set(root: Record<string, unknown>, path: Segment[], value: unknown): void {
  let current: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i]!;
    let next = current[segment];
    if (next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      current[segment] = next;
    }
    current = next as Record<string | number, unknown>;
  }
  current[path[path.length - 1]!] = value;
}
