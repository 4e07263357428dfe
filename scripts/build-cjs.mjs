// Builds the CommonJS entry (dist/cjs/index.cjs) from the compiled ES modules, so `require('wai-gateway')` works
// on Node 20, which cannot require an ES module. Dependencies stay external (npm installs them for both forms).
// `import.meta.url` has no CommonJS meaning: each use is replaced by the URL of the ES module it came from, so
// files found relative to it (the SQLite worker, the dashboard) are the same ones the ES build uses.
import { build } from 'esbuild';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'cjs');

const moduleUrlPlugin = {
  name: 'module-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromBundle = relative(outDir, args.path).split('\\').join('/');
      return { contents: source.replaceAll('import.meta.url', `__waiModuleUrl(${JSON.stringify(fromBundle)})`), loader: 'js' };
    });
  },
};

await build({
  entryPoints: [join(root, 'dist', 'src', 'index.js')],
  outfile: join(outDir, 'index.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  banner: { js: "const __waiModuleUrl = (p) => require('node:url').pathToFileURL(require('node:path').join(__dirname, p)).href;" },
  plugins: [moduleUrlPlugin],
});

// Types for `require`: the same declarations, copied under a package.json that says "commonjs", so TypeScript
// reads them as a CommonJS module's (the ES build's own are read as an ES module's, which `require` cannot load).
await rm(join(outDir, 'types'), { recursive: true, force: true });
await cp(join(root, 'dist', 'src'), join(outDir, 'types'), {
  recursive: true,
  filter: (source) => !source.endsWith('.js') && !source.endsWith('.map'),
});
await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
