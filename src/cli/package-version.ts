import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../internal/package-root.js';

/** The version in this installation's package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
