/**
 * The CLI, run as a child process. bin/wai.js loads dist/src/cli/main.js; so that these tests run against the
 * build they were compiled with (dist/ under `npm test`, any other outDir during development), the child imports
 * `../../src/cli/main.js` relative to this compiled file and runs it exactly as bin/wai.js does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../helpers/paths.js';
import { within } from './gw-helpers.js';

const MAIN = new URL('../../src/cli/main.js', import.meta.url).href;
/** The same steps as bin/wai.js, with the compiled main next to this test. */
const RUNNER = `import(${JSON.stringify(MAIN)}).then((cli) => cli.main(process.argv.slice(1))).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (error) => { console.error(error instanceof Error ? error.message : error); process.exitCode = 1; },
);`;

let dir: string;
const children: ChildProcess[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'wai-cli-test-'));
});

after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Only what the CLI needs: no key or config from the real environment leaks in. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  // No catalog refresh from the internet: a test sends nothing beyond loopback.
  return { PATH: process.env.PATH ?? '', HOME: dir, WAI_CATALOG_REFRESH: 'off', ...extra };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = cleanEnv(), script?: string): Promise<Run> {
  const child = spawn(process.execPath, script ? [script, ...args] : ['--input-type=module', '-e', RUNNER, '--', ...args], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return within(new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))), 30_000, `wai ${args.join(' ')}`);
}

describe('wai CLI', () => {
  it('--help exits 0 and mentions serve and models', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /serve/);
    assert.match(r.stdout, /models/);
    assert.match(r.stdout, /_BASE_URL/);
  });

  it('bin/wai.js --help (when the project build exists)', { skip: !existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')) && 'dist/ is not built' }, async () => {
    const r = await runCli(['--help'], cleanEnv(), fileURLToPath(new URL('bin/wai.js', `file://${ROOT}/`)));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /serve/);
  });

  it('no command prints the help and exits non-zero; an unknown command exits 2', async () => {
    const none = await runCli([]);
    assert.notEqual(none.code, 0);
    assert.match(none.stdout, /serve/);
    const bogus = await runCli(['frobnicate']);
    assert.equal(bogus.code, 2);
    assert.match(bogus.stderr, /frobnicate/);
  });

  it('models --json with a key lists that provider\'s models', async () => {
    const r = await runCli(['models', '--json'], cleanEnv({ GROQ_API_KEY: 'gsk_cli_test_key_123456' }));
    assert.equal(r.code, 0, r.stderr);
    const models = JSON.parse(r.stdout) as Array<{ id: string; object: string }>;
    assert.ok(Array.isArray(models) && models.length > 0);
    assert.ok(models.some((m) => m.id.includes('llama-3.3-70b-versatile')), models.map((m) => m.id).join(', '));
    for (const m of models) assert.equal(typeof m.id, 'string');
    assert.ok(!r.stdout.includes('gsk_cli_test_key_123456'), 'the key is not printed');
  });

  it('models --json without keys lists nothing; plain models says which variables to set', async () => {
    const json = await runCli(['models', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), []);
    const plain = await runCli(['models']);
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /OPENROUTER_API_KEY/);
  });

  it('serve --port 0 with no keys prints where it listens and which key variables it looked for', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', RUNNER, '--', 'serve', '--port', '0'], { env: cleanEnv(), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await within(new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (c: string) => {
        stderr += c;
        if (/listening/.test(stderr) && /Looked for/.test(stderr)) resolve();
      });
      child.on('close', () => reject(new Error(`wai serve exited early: ${stderr}`)));
    }), 30_000, 'the listening line');
    const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
    assert.ok(url, stderr);
    for (const variable of ['OPENAI_API_KEY', 'OPENROUTER_API_KEY', 'GROQ_API_KEY', 'MISTRAL_API_KEY']) assert.ok(stderr.includes(variable), `names ${variable}`);

    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    await health.text();
    const chat = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(chat.status, 503);
    assert.match(((await chat.json()) as any).error.message, /OPENAI_API_KEY/);

    child.kill('SIGTERM');
    assert.equal(await within(exited, 10_000, 'wai serve to stop'), 0);
  });

  it('serve --config with an unknown field exits non-zero naming the field', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'server:\n  port: 0\nbogusSetting: 3\n');
    const r = await runCli(['serve', '--config', file]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /bogusSetting/);

    const nested = join(dir, 'nested.yaml');
    writeFileSync(nested, 'server:\n  colour: blue\n');
    const n = await runCli(['serve', '--config', nested]);
    assert.notEqual(n.code, 0);
    assert.match(n.stderr, /colour/);
  });

  it('serve with a malformed --port exits non-zero', async () => {
    const r = await runCli(['serve', '--port', 'eighty']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /port/);
  });
});
