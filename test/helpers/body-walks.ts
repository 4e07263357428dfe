/**
 * Deterministic walks over request bodies, for the soundness tests of the hand checks that skip a schema
 * (ingress/plain-chat-request.ts, ingress/messages/plain-request.ts): every body a hand check accepts, its schema
 * must accept too. A fixed linear congruential sequence, so a failure names a body that can be found again.
 */

function sequence(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
}

/**
 * Bodies built from `fieldValues` (the first value of each field valid, the rest wrong types, out of range, absent
 * as `undefined`): mostly the valid value, so many bodies are valid but for one or two fields. The full product of
 * the values is too large to walk.
 */
export function* bodiesFrom(fieldValues: Record<string, unknown[]>, count: number): Generator<Record<string, unknown>> {
  const next = sequence(42);
  for (let i = 0; i < count; i++) {
    const body: Record<string, unknown> = {};
    for (const [field, values] of Object.entries(fieldValues)) {
      const value = next() % 10 < 7 ? values[0] : values[next() % values.length];
      if (value !== undefined) body[field] = structuredClone(value);
    }
    yield body;
  }
}

/** Copies of `base` with one or two fields anywhere in it (the root excepted) replaced by one of `oddValues` (`undefined` deletes it). */
export function* mutationsOf(base: unknown, oddValues: unknown[], count: number): Generator<Record<string, unknown>> {
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    paths.push(path);
    if (typeof value === 'object' && value !== null) for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], [...path, key]);
  };
  walk(base, []);
  const raw = sequence(7);
  const next = (n: number) => raw() % n;
  for (let i = 0; i < count; i++) {
    const body = structuredClone(base) as Record<string, unknown>;
    for (let m = 0; m <= next(2); m++) {
      const path = paths[1 + next(paths.length - 1)]!;
      let parent: unknown = body;
      for (const key of path.slice(0, -1)) parent = typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[key] : undefined;
      if (typeof parent !== 'object' || parent === null) continue;
      const value = oddValues[next(oddValues.length)];
      if (value === undefined) delete (parent as Record<string, unknown>)[path.at(-1)!];
      else (parent as Record<string, unknown>)[path.at(-1)!] = structuredClone(value);
    }
    yield body;
  }
}
