/**
 * A little traffic of the demo's own, so the dashboard has something to show: one request at a time through the
 * gateway, on loopback, rotating over one model per simulated provider (taken from the catalog, so it follows the
 * catalog's ids) plus the seed's own example. Stops when asked; never more than one request in flight.
 */
import type { Catalog } from '../catalog/catalog.js';
import { DEMO_PROVIDERS } from './demo-world.js';

/** `provider/upstream-id` of the first chat model each demo provider offers, then the seed's headline model. */
export function demoModels(catalog: Catalog): string[] {
  const models: string[] = [];
  for (const { id } of DEMO_PROVIDERS) {
    const model = catalog.data.models.find((m) => m.class !== 'speech' && m.offerings.some((o) => o.provider === id && !o.free));
    const offering = model?.offerings.find((o) => o.provider === id && !o.free);
    if (offering) models.push(`${id}/${offering.upstreamId}`);
  }
  models.push('meta/llama-3.1-405b');
  return models;
}

export interface DemoTraffic {
  /** Requests sent so far. */
  readonly sent: number;
  stop(): Promise<void>;
}

/** Sends requests to `gatewayUrl` every `everyMs` (the first at once), every third one streamed. */
export function startDemoTraffic(gatewayUrl: string, models: readonly string[], everyMs = 1500): DemoTraffic {
  let sent = 0;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    const model = models[sent % models.length]!;
    const stream = sent % 3 === 2;
    sent++;
    inFlight = send(gatewayUrl, model, stream).finally(() => {
      if (!stopped) timer = setTimeout(tick, everyMs);
    });
  };
  tick();
  return {
    get sent() { return sent; },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

async function send(gatewayUrl: string, model: string, stream: boolean): Promise<void> {
  try {
    const res = await fetch(`${gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wai-client': 'wai-demo' },
      body: JSON.stringify({ model, stream, max_tokens: 32, messages: [{ role: 'user', content: `Demo request to ${model}: say hello.` }] }),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer(); // read to the end, so the record and the stream's usage are complete
  } catch {
    // A failed demo request is what the dashboard is there to show; nothing to do here.
  }
}
