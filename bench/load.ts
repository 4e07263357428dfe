import { Pool } from 'undici';

export interface Target {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Sends one request and checks it succeeded; returns the time it took in ms. */
async function once(pool: Pool, target: Target, check: (status: number, body: string) => void): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await pool.request({ path: target.path, method: 'POST', headers: target.headers, body: target.body });
  const text = await response.body.text();
  const took = Number(process.hrtime.bigint() - start) / 1e6;
  check(response.statusCode, text);
  return took;
}

/** Sequential requests over one keep-alive connection: latency per request. */
export async function latencyRun(target: Target, count: number, warmup: number, check: (status: number, body: string) => void): Promise<number[]> {
  const pool = new Pool(target.origin, { connections: 1 });
  try {
    for (let i = 0; i < warmup; i++) await once(pool, target, check);
    const samples: number[] = [];
    for (let i = 0; i < count; i++) samples.push(await once(pool, target, check));
    return samples;
  } finally {
    await pool.close();
  }
}

/** `concurrency` loops for `durationMs`: completed requests per second. */
export async function throughputRun(target: Target, concurrency: number, durationMs: number, check: (status: number, body: string) => void): Promise<number> {
  const pool = new Pool(target.origin, { connections: concurrency });
  try {
    // Warm the connections first.
    await Promise.all(Array.from({ length: concurrency }, () => once(pool, target, check)));
    let done = 0;
    const start = performance.now();
    const end = start + durationMs;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await once(pool, target, check);
        done++;
      }
    }));
    return done / ((performance.now() - start) / 1000);
  } finally {
    await pool.close();
  }
}

/** Interleaves runs of two targets so machine noise falls on both alike. */
export async function alternate<T>(rounds: number, a: () => Promise<T>, b: () => Promise<T>): Promise<{ a: T[]; b: T[] }> {
  const out = { a: [] as T[], b: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    out.a.push(await a());
    out.b.push(await b());
  }
  return out;
}
