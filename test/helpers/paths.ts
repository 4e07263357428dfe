import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this compiled file's place (dist/test/helpers or dist-NAME/test/helpers) by walking up to package.json. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test files');
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot();
/** Real recorded provider responses (see test/fixtures/recorded/README.md for provenance and license). */
export const RECORDED = join(ROOT, 'test', 'fixtures', 'recorded');
/** Where tests may write artefacts (screenshots, logs). */
export const TEST_OUTPUT = join(ROOT, 'test-output');
