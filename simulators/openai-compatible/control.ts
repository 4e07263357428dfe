/**
 * The HTTP control plane for out-of-process use (benchmarks):
 *   POST /__sim/enqueue {provider, faults:[...]}   POST /__sim/default {provider, fault}
 *   POST /__sim/reset                              GET  /__sim/requests?provider=
 *   GET  /__sim/health
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault, RecordedRequest } from './types.js';
import { PROVIDER_BY_ID, PROVIDERS } from './providers.js';
import { sendJson } from './respond.js';

export interface ControlTarget {
  enqueue(provider: string, ...faults: Fault[]): void;
  setDefault(provider: string, fault: Fault | null): void;
  reset(): void;
  requests(provider?: string): RecordedRequest[];
}

const fail = (res: ServerResponse, status: number, message: string) => sendJson(res, status, JSON.stringify({ error: { message } }));

function knownProvider(res: ServerResponse, p: unknown): p is string {
  if (typeof p === 'string' && PROVIDER_BY_ID.has(p)) return true;
  fail(res, 400, `unknown provider ${JSON.stringify(p)}; known: ${PROVIDERS.map((x) => x.id).join(', ')}`);
  return false;
}

export function handleControl(sim: ControlTarget, req: IncomingMessage, res: ServerResponse, path: string, query: string, raw: string): void {
  const method = req.method ?? 'GET';
  let body: Record<string, unknown> = {};
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return fail(res, 400, 'body is not valid JSON');
    }
  }
  if (path === '/__sim/health' && method === 'GET') return sendJson(res, 200, JSON.stringify({ ok: true, providers: PROVIDERS.map((p) => p.id) }));
  if (path === '/__sim/requests' && method === 'GET') {
    const provider = new URLSearchParams(query).get('provider') ?? undefined;
    return sendJson(res, 200, JSON.stringify({ requests: sim.requests(provider || undefined) }));
  }
  if (method !== 'POST') return fail(res, 405, `${method} ${path} is not supported`);
  switch (path) {
    case '/__sim/enqueue': {
      if (!knownProvider(res, body.provider)) return;
      const faults = body.faults;
      if (!Array.isArray(faults)) return fail(res, 400, 'faults must be an array');
      sim.enqueue(body.provider, ...(faults as Fault[]));
      return sendJson(res, 200, JSON.stringify({ ok: true, queued: faults.length }));
    }
    case '/__sim/default': {
      if (!knownProvider(res, body.provider)) return;
      sim.setDefault(body.provider, (body.fault ?? null) as Fault | null);
      return sendJson(res, 200, JSON.stringify({ ok: true }));
    }
    case '/__sim/reset':
      sim.reset();
      return sendJson(res, 200, JSON.stringify({ ok: true }));
    default:
      return fail(res, 404, `unknown control route ${path}`);
  }
}
