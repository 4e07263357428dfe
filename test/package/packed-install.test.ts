/**
 * The package as a user installs it: `npm pack`, then `npm install ./wai-gateway-*.tgz` in a fresh folder (from
 * npm's cache, which `npm ci` filled), and there: ESM import, CommonJS require, the types from both, `wai --version`
 * and `--help`, `wai serve` with its dashboard, and `wai demo` end to end (the doctor's report, a fallback on the
 * dashboard in Chromium). Nothing leaves loopback but npm's own look-ups of packages it already has.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { ROOT } from '../helpers/paths.js';
import { CHROMIUM_SKIP, openChromium } from '../helpers/chromium.js';
import { checkDemoDashboard } from '../helpers/demo-dashboard.js';

const run = promisify(execFile);
const TIMEOUT = { timeout: 240_000 };
let dir: string;
let app: string;
let sim: Simulator;
const children: ChildProcess[] = [];

const versionOf = (name: string): string => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wai-packed-'));
  app = join(dir, 'app');
  // The build is already in dist (npm test builds first), so packing runs no script that could rewrite it.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 64 << 20 });
  const filename = (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename;
  await run('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'packed-app', version: '1.0.0', private: true }));
  // Without the optional database drivers, as an SDK user installs it (better-sqlite3 would compile from source here).
  await run('npm', ['install', '--prefer-offline', '--omit=optional', '--no-audit', '--no-fund', join(dir, filename), `typescript@${versionOf('typescript')}`, `@types/node@${versionOf('@types/node')}`], { cwd: app, timeout: 200_000, maxBuffer: 64 << 20 });
  sim = await startSimulator();
}, TIMEOUT);

after(async () => {
  for (const child of children) child.kill('SIGTERM');
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The test's own environment, without the shared databases CI points at (the installed package has no drivers for them). */
const simEnv = () => ({ ...withoutStores(process.env), OPENROUTER_API_KEY: 'sk-or-v1-packed-test-0123456789', OPENROUTER_BASE_URL: sim.baseUrl('openrouter'), WAI_REQUEST_LOG: 'off', WAI_PROBES: 'off' });

function withoutStores(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = env;
  return rest;
}

it('ships what it runs and nothing that points at missing files', () => {
  const pkg = join(app, 'node_modules', 'wai-gateway');
  assert.ok(existsSync(join(pkg, 'src', 'dashboard', 'index.html')), 'the dashboard is shipped');
  assert.ok(existsSync(join(pkg, 'dist', 'simulators', 'index.js')), 'the simulators wai demo runs are shipped');
  assert.ok(!existsSync(join(pkg, 'dist', 'test')), 'tests are not shipped');
  const map = JSON.parse(readFileSync(join(pkg, 'dist', 'src', 'index.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
  assert.equal(map.sourcesContent?.length, map.sources.length, 'source maps carry their sources');
});

it('imports as an ES module and answers through the SDK, loading no database driver', async () => {
  const script = `
    import { createRequire } from 'node:module';
    import { createWai, PROVIDERS } from 'wai-gateway';
    const wai = createWai();
    const answer = await wai.chat.completions.create({ model: 'meta/llama-3.1-405b', messages: [{ role: 'user', content: 'Hi' }] });
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const drivers = ['better-sqlite3', 'pg', 'ioredis'].filter((d) => cache.some((f) => f.includes('/node_modules/' + d + '/')));
    console.log(JSON.stringify({ providers: PROVIDERS.length, served: answer.wai.provider, text: answer.choices[0].message.content, drivers }));
    await wai.close?.();`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app, env: simEnv() });
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { providers: number; served: string; text: string; drivers: string[] };
  assert.ok(result.providers > 20);
  assert.equal(result.served, 'openrouter');
  assert.ok(result.text.length > 0);
  assert.deepEqual(result.drivers, []);
});

it('requires as CommonJS', async () => {
  const script = `
    const wai = require('wai-gateway');
    const client = wai.createWai();
    client.chat.completions.create({ model: 'meta/llama-3.1-405b', messages: [{ role: 'user', content: 'Hi' }] })
      .then((a) => { console.log(JSON.stringify({ keys: Object.keys(wai).sort(), served: a.wai.provider })); return client.close?.(); });`;
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: app, env: simEnv() });
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { keys: string[]; served: string };
  assert.ok(result.keys.includes('createWai') && result.keys.includes('startGateway'));
  assert.equal(result.served, 'openrouter');
});

it('types check from an ES module and from a CommonJS file', async () => {
  writeFileSync(join(app, 'esm.mts'), "import { createWai, type WaiCompletion } from 'wai-gateway';\nconst wai = createWai();\nexport const f = async (): Promise<WaiCompletion> => wai.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });\n");
  writeFileSync(join(app, 'cjs.cts'), "import wai = require('wai-gateway');\nconst client = wai.createWai();\nexport const f = async (): Promise<string> => (await client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] })).wai.provider;\n");
  const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', 'esm.mts', 'cjs.cts'], { cwd: app }).catch((error: { stdout?: string }) => {
    assert.fail(`tsc failed:\n${error.stdout ?? String(error)}`);
  });
});

it('runs its CLI: --version and each command --help', async () => {
  const wai = join(app, 'node_modules', '.bin', 'wai');
  const { stdout: version } = await run(wai, ['--version'], { cwd: app });
  assert.equal(version.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  for (const command of ['serve', 'models', 'route', 'catalog', 'doctor', 'demo']) {
    const { stdout } = await run(wai, [command, '--help'], { cwd: app });
    assert.match(stdout, new RegExp(`^wai ${command}`), command);
  }
  const viaNpx = await run('npx', ['--no-install', 'wai', '--version'], { cwd: app });
  assert.equal(viaNpx.stdout.trim(), version.trim());
});

/** Starts the installed `wai` with these arguments and resolves with its URL once it prints one on `stream`. */
function startWai(args: string[], stream: 'stdout' | 'stderr', pattern: RegExp): Promise<{ url: string; output: () => string }> {
  const child = spawn(join(app, 'node_modules', '.bin', 'wai'), args, { cwd: app, env: { ...simEnv(), WAI_PROBES: 'off', WAI_REQUEST_LOG: 'on' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) resolve({ url: match[1]!, output: () => text });
    };
    child[stream].on('data', onData);
    child.once('exit', (code) => reject(new Error(`wai ${args.join(' ')} exited ${code}:\n${text}`)));
  });
}

it('serves the dashboard from the installed package, and says why the request log is off without its driver', async () => {
  const served = await startWai(['serve', '--port', '0'], 'stderr', /listening on (http:\/\/\S+)/);
  const url = served.url;
  const page = await fetch(`${url}/dashboard`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /WAI gateway/);
  for (const asset of ['app.js', 'style.css', 'vendor/uPlot.esm.js']) {
    const res = await fetch(`${url}/dashboard/assets/${asset}`);
    assert.equal(res.status, 200, asset);
    await res.arrayBuffer();
  }
  const child = children.at(-1)!;
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => { stdout += c.toString(); });
  const deadline = Date.now() + 10_000;
  while (!/better-sqlite3 is an optional dependency/.test(stdout + served.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.match(stdout + served.output(), /npm install better-sqlite3/);
});

it('runs wai demo from the installed package: the doctor report, and a fallback on the dashboard in Chromium', { skip: CHROMIUM_SKIP, timeout: 120_000 }, async () => {
  const demo = await startWai(['demo', '--port', '0'], 'stdout', /gateway\s+(http:\/\/\S+)\/v1/);
  const deadline = Date.now() + 30_000;
  while (!/Route for meta\/llama-3\.1-405b/.test(demo.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.match(demo.output(), /Replicate \(401\)/);
  assert.match(demo.output(), /Sarvam AI \(405\)/);
  const browser = await openChromium();
  try {
    await checkDemoDashboard(browser.page, demo.url, 'demo-dashboard-packed.png');
  } finally {
    await browser.close();
  }
  assert.ok(readdirSync(dir).some((f) => f.endsWith('.tgz')));
});
