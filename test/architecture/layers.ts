/**
 * The layers of src/, top first: the one table the import-direction check enforces and docs/architecture.md shows
 * (the test checks the page holds it as rendered by renderLayers). A file may import from its own folder and from any
 * folder of a lower layer; folders that share a layer may not import each other. A name ending in `.ts` is a file
 * directly in src/.
 */
export interface Layer {
  folders: readonly string[];
  /** What the layer is for, one line. */
  role: string;
}

export const LAYERS: readonly Layer[] = [
  { folders: ['cli', 'index.ts'], role: 'entry points: the `wai` command, the package exports' },
  { folders: ['gateway.ts'], role: 'startGateway: a runtime with its observers, client keys and probes, served over HTTP' },
  { folders: ['server', 'sdk', 'demo'], role: 'HTTP routes and the admin API; the in-process client; the demo world' },
  { folders: ['ingress', 'doctor'], role: 'the callers\' APIs over the engine (validation, Messages, Responses); probes and the doctor\'s report' },
  { folders: ['teams'], role: 'client keys, their limits and budgets, the probe lease' },
  { folders: ['observe'], role: 'request observers: request log, metrics, the admin view\'s live state' },
  { folders: ['runtime'], role: 'what lives as long as the process: pools, health, catalog, observers; config watch, catalog refresh' },
  { folders: ['engine'], role: 'buildEngine, attempts, retries, streams, transport, request records' },
  { folders: ['routing'], role: 'the five levels: candidates, cost policy, explain; the models reachable' },
  { folders: ['config'], role: 'the gateway\'s configuration: file, environment, fallback map' },
  { folders: ['catalog', 'health', 'embeddings'], role: 'what exists (models, offerings, prices); what works (breakers); vector formats' },
  { folders: ['dialects'], role: 'wire formats: requests, answers, streams, error bodies' },
  { folders: ['types', 'errors', 'providers'], role: 'the canonical request and answer types; error classes; the provider registry' },
  { folders: ['internal'], role: 'primitives: clock, JSON, SSE, secrets, logging' },
];

/** The table as docs/architecture.md shows it. */
export function renderLayers(layers: readonly Layer[] = LAYERS): string {
  const width = Math.max(...layers.map((l) => l.folders.join(', ').length));
  return layers.map((l) => `${l.folders.join(', ').padEnd(width)}  ${l.role}`).join('\n');
}
