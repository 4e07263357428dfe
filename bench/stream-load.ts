import { Pool } from 'undici';
import type { Target } from './load.js';

export interface StreamSample {
  /** Time to the first event carrying answer text. */
  ttftMs: number;
  /** Mean time between content events after the first. */
  perChunkMs: number;
  /** Each delay between one content event and the next. */
  gapsMs: number[];
  /** Request start to the end of the body. */
  totalMs: number;
  chunks: number;
  text: string;
}

/** One streamed request, timed at the client: first content event and the gaps after it. */
async function streamOnce(pool: Pool, target: Target): Promise<StreamSample> {
  const start = performance.now();
  const response = await pool.request({ path: target.path, method: 'POST', headers: target.headers, body: target.body });
  if (response.statusCode !== 200) throw new Error(`stream answered ${response.statusCode}: ${await response.body.text()}`);
  let ttft = 0;
  let last = 0;
  let chunks = 0;
  const gapsMs: number[] = [];
  let text = '';
  let pending = '';
  for await (const bytes of response.body) {
    pending += bytes.toString();
    let cut: number;
    while ((cut = pending.indexOf('\n\n')) !== -1) {
      const event = pending.slice(0, cut);
      pending = pending.slice(cut + 2);
      if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
      const content = (JSON.parse(event.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content;
      if (!content) continue;
      const now = performance.now() - start;
      if (chunks === 0) ttft = now;
      else gapsMs.push(now - last);
      last = now;
      chunks++;
      text += content;
    }
  }
  return { ttftMs: ttft, perChunkMs: chunks > 1 ? (last - ttft) / (chunks - 1) : 0, gapsMs, totalMs: performance.now() - start, chunks, text };
}

export async function streamRun(target: Target, count: number, warmup: number, check: (sample: StreamSample) => void): Promise<StreamSample[]> {
  const pool = new Pool(target.origin, { connections: 1 });
  try {
    for (let i = 0; i < warmup; i++) check(await streamOnce(pool, target));
    const samples: StreamSample[] = [];
    for (let i = 0; i < count; i++) {
      const sample = await streamOnce(pool, target);
      check(sample);
      samples.push(sample);
    }
    return samples;
  } finally {
    await pool.close();
  }
}

/**
 * `count` streams, each on its own connection: the samples of those that completed, and why the others did not.
 * Started at once, or with `spreadMs` their starts evenly spread over that time (each stream timed from its own start).
 */
export async function manyStreams(target: Target, count: number, check: (sample: StreamSample) => void, spreadMs = 0): Promise<{ samples: StreamSample[]; failures: string[] }> {
  const pool = new Pool(target.origin, { connections: count });
  const samples: StreamSample[] = [];
  const failures: string[] = [];
  try {
    await Promise.all(Array.from({ length: count }, async (_, index) => {
      if (spreadMs > 0) await new Promise((resolve) => setTimeout(resolve, (index * spreadMs) / count));
      try {
        const sample = await streamOnce(pool, target);
        check(sample);
        samples.push(sample);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }));
    return { samples, failures };
  } finally {
    await pool.close();
  }
}
