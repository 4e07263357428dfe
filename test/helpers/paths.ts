import { join } from 'node:path';
import { packageRoot } from '../../src/internal/package-root.js';

/** The project root (where package.json is), found the way the gateway finds its own files. */
export const ROOT = packageRoot();
/** Real recorded provider responses (see test/fixtures/recorded/README.md for provenance and license). */
export const RECORDED = join(ROOT, 'test', 'fixtures', 'recorded');
/** Where tests may write artefacts (screenshots, logs). */
export const TEST_OUTPUT = join(ROOT, 'test-output');
