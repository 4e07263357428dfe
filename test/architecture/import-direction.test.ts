/**
 * Imports between the folders of src/ point one way, down the layer table of layers.ts (docs/architecture.md,
 * "Layers and what each may import"). No exceptions list: an import that goes up fails here naming its file and line.
 */
import { describe as suite, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { LAYERS, renderLayers } from './layers.js';
import { describe, findUpwardImports, readSources, srcDir, unitOf, type SourceFile } from './import-check.js';

const sources = readSources(srcDir(ROOT));

suite('import direction', () => {
  it('no file in src/ imports upward or across its layer', () => {
    const found = findUpwardImports(sources, LAYERS);
    assert.equal(found.length, 0, `imports against the layer table (test/architecture/layers.ts):\n${describe(found)}`);
  });

  it('every folder and top-level file of src/ has a layer, once', () => {
    const placed = LAYERS.flatMap((l) => l.folders);
    assert.equal(new Set(placed).size, placed.length, 'a folder is in two layers');
    const units = new Set(sources.map((s) => unitOf(s.path)));
    assert.deepEqual([...units].filter((u) => !placed.includes(u)), []);
    // A layer left over after a folder goes away would make the page say what the code is not.
    assert.deepEqual(placed.filter((p) => !units.has(p)), []);
  });

  it('docs/architecture.md shows the same table', () => {
    const page = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    assert.ok(page.includes(renderLayers()), `docs/architecture.md should hold this block:\n${renderLayers()}`);
  });

  suite('fails on what it must refuse', () => {
    const file = (path: string, text: string): SourceFile => ({ path, text });

    it('an upward static import, named by file and line', () => {
      const found = findUpwardImports([file('dialects/x.ts', "import { a } from './own.js';\n\nimport { Engine } from '../engine/engine.js';\n")], LAYERS);
      assert.deepEqual(found.map((f) => [f.at, f.reason, f.specifier]), [['src/dialects/x.ts:3', 'upward', '../engine/engine.js']]);
      assert.match(describe(found), /^src\/dialects\/x\.ts:3 {2}upward: dialects \(3\) -> engine \(7\)/);
    });

    it('type-only imports, re-exports, import() calls and import() types', () => {
      const text = [
        "import type { Route } from '../routing/route.js';",
        "export { GatewayRuntime } from '../runtime/gateway-runtime.js';",
        "export * from '../server/send.js';",
        "const later = () => import('../observe/log/attach.js');",
        "type Metrics = import('../observe/metrics/gateway-metrics.js').GatewayMetrics;",
        "import '../teams/client-gate.js';",
      ].join('\n');
      const found = findUpwardImports([file('catalog/y.ts', text)], LAYERS);
      assert.deepEqual(found.map((f) => f.at), [1, 2, 3, 4, 5, 6].map((n) => `src/catalog/y.ts:${n}`));
    });

    it('an import() it cannot read, a folder of one layer importing another of it, a file at the top of src/', () => {
      const found = findUpwardImports([
        file('health/z.ts', "const name = './x.js';\nawait import(name);\nimport { Catalog } from '../catalog/catalog.js';\n"),
        file('engine/w.ts', "import { GatewayRuntime } from '../runtime/gateway-runtime.js';\nimport { startGateway } from '../gateway.js';\n"),
      ], LAYERS);
      assert.deepEqual(found.map((f) => [f.at, f.reason]), [
        ['src/health/z.ts:2', 'upward'], ['src/health/z.ts:3', 'same layer'], ['src/engine/w.ts:1', 'upward'], ['src/engine/w.ts:2', 'upward'],
      ]);
    });

    it('a folder missing from the table', () => {
      const found = findUpwardImports([file('plugins/p.ts', "import { x } from '../internal/json.js';\n")], LAYERS);
      assert.match(describe(found), /src\/plugins\/p\.ts:1 {2}plugins is not in the layer table/);
    });

    it('lets downward and own-folder imports, packages and the simulators through', () => {
      const text = "import { z } from 'zod';\nimport { a } from './b.js';\nimport { Catalog } from '../catalog/catalog.js';\nimport { startSimulator } from '../../simulators/index.js';\nimport { x } from '../internal/json.js';\n";
      assert.deepEqual(findUpwardImports([file('routing/v.ts', text), file('index.ts', "export { startGateway } from './gateway.js';\n")], LAYERS), []);
    });
  });
});
