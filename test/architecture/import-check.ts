import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep, dirname, posix } from 'node:path';
import ts from 'typescript';
import type { Layer } from './layers.js';

export interface SourceFile {
  /** Relative to src/, with forward slashes (`engine/engine.ts`). */
  path: string;
  text: string;
}

export interface UpwardImport {
  /** `src/…:line`. */
  at: string;
  specifier: string;
  /** The importing folder and the imported one, with their layers (1 is the bottom, internal). */
  from: string;
  to: string;
  reason: 'upward' | 'same layer';
}

/** Every TypeScript file under src/, read. */
export function readSources(srcDir: string): SourceFile[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
  return walk(srcDir).map((path) => ({ path: relative(srcDir, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }));
}

/** The top-level entry of src/ a path (relative to src/) belongs to: its first folder, or the file itself. */
export function unitOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(0, slash);
}

/** Each module specifier of a file with its line: static imports and re-exports, `import()` calls, `import('…')` types. */
export function importsOf(file: SourceFile): Array<{ specifier: string; line: number } | { dynamic: true; line: number }> {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false);
  const found: Array<{ specifier: string; line: number } | { dynamic: true; line: number }> = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const add = (node: ts.Node, specifier: ts.Expression | undefined) => {
    if (specifier && ts.isStringLiteralLike(specifier)) found.push({ specifier: specifier.text, line: lineOf(node) });
    else found.push({ dynamic: true, line: lineOf(node) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier)) add(node, node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal as ts.Expression);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Imports between folders of src/ that go up the table, or across within one layer. An entry of src/ missing from
 * the table and an `import()` whose target cannot be read are reported too: both would escape the check.
 */
export function findUpwardImports(files: readonly SourceFile[], layers: readonly Layer[]): UpwardImport[] {
  const layerOf = new Map<string, number>();
  // Numbered from the bottom, so an upward import reads as a smaller number before a larger one.
  layers.forEach((layer, index) => layer.folders.forEach((folder) => layerOf.set(folder, layers.length - index)));
  const out: UpwardImport[] = [];
  for (const file of files) {
    const unit = unitOf(file.path);
    const own = layerOf.get(unit);
    if (own === undefined) {
      out.push({ at: `src/${file.path}:1`, specifier: '', from: unit, to: '', reason: 'upward' });
      continue;
    }
    for (const found of importsOf(file)) {
      const at = `src/${file.path}:${found.line}`;
      if ('dynamic' in found) {
        out.push({ at, specifier: '(not a string literal)', from: `${unit} (${own})`, to: 'unknown', reason: 'upward' });
        continue;
      }
      if (!found.specifier.startsWith('.')) continue; // a package
      const target = posix.normalize(posix.join(dirname(file.path).split(sep).join('/'), found.specifier));
      if (target.startsWith('../')) continue; // outside src/ (the demo's simulators)
      const targetUnit = unitOf(resolveUnit(target));
      if (targetUnit === unit) continue;
      const theirs = layerOf.get(targetUnit);
      if (theirs !== undefined && theirs < own) continue;
      out.push({ at, specifier: found.specifier, from: `${unit} (${own})`, to: `${targetUnit} (${theirs ?? 'not in the table'})`, reason: theirs === own ? 'same layer' : 'upward' });
    }
  }
  return out;
}

/** `runtime.js` at the top of src/ is the file `runtime.ts`. */
function resolveUnit(target: string): string {
  return target.includes('/') ? target : target.replace(/\.js$/, '.ts');
}

/** One line per import, `file:line  from -> to  specifier`. */
export function describe(found: readonly UpwardImport[]): string {
  return found.map((f) => f.to === '' ? `${f.at}  ${f.from} is not in the layer table` : `${f.at}  ${f.reason}: ${f.from} -> ${f.to}  '${f.specifier}'`).join('\n');
}

export function srcDir(root: string): string {
  return resolve(root, 'src');
}
