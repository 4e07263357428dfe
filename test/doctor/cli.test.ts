/**
 * `wai doctor`, run as the real CLI in a child process against simulators set to succeed, to 401, to 429 and to
 * hang. The child imports the compiled `src/cli/main.js` relative to this compiled file, so the test runs against
 * the build it was compiled with (dist/ or any other outDir).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startReplicateSimulator, type ReplicateSimulator } from '../../simulators/replicate/index.js';
import { startCohereSimulator } from '../../simulators/cohere/index.js';
import type { CohereSimulator } from '../../simulators/cohere/types.js';
import type { DoctorReport } from '../../src/doctor/report.js';

const MAIN = new URL('../../src/cli/main.js', import.meta.url).href;
const RUNNER = `import(${JSON.stringify(MAIN)}).then((cli) => cli.main(process.argv.slice(1))).then(
  (code) => process.exit(typeof code === 'number' ? code : 0),
  (error) => { console.error(error instanceof Error ? error.stack : error); process.exit(70); },
);`;

let dir: string;
let sim: Simulator;
let replicate: ReplicateSimulator;
let cohere: CohereSimulator;
const children: ChildProcess[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wai-doctor-test-'));
  [sim, replicate, cohere] = await Promise.all([startSimulator(), startReplicateSimulator(), startCohereSimulator()]);
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([sim.close(), replicate.close(), cohere.close()]);
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  sim.reset();
  replicate.reset();
  cohere.reset();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Only what the CLI needs: no key, base URL or config from the real environment leaks in. */
function env(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: dir, ...extra };
}

function doctor(args: string[], vars: Record<string, string>): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', RUNNER, '--', 'doctor', ...args], { env: env(vars), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise<Run>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wai doctor ${args.join(' ')} did not finish in 30 s\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

const openrouter = () => ({ OPENROUTER_API_KEY: 'sk-or-v1-doctor', OPENROUTER_BASE_URL: sim.baseUrl('openrouter') });
const openai = () => ({ OPENAI_API_KEY: 'sk-doctor-openai', OPENAI_BASE_URL: sim.baseUrl('openai') });
const groq = () => ({ GROQ_API_KEY: 'gsk_doctor', GROQ_BASE_URL: sim.baseUrl('groq') });

function json(run: Run): DoctorReport {
  try {
    return JSON.parse(run.stdout) as DoctorReport;
  } catch {
    throw new Error(`stdout is not JSON:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

/** The line of a section of the table that starts with `label`. */
function line(stdout: string, label: string): string {
  const found = stdout.split('\n').find((l) => l.trimStart().startsWith(label));
  assert.ok(found, `no line starting with "${label}" in:\n${stdout}`);
  return found;
}

function section(stdout: string, title: string): string {
  const start = stdout.indexOf(title);
  assert.notEqual(start, -1, `no "${title}" section in:\n${stdout}`);
  const end = stdout.indexOf('\n\n', start);
  return stdout.slice(start, end === -1 ? undefined : end);
}

describe('wai doctor', () => {
  it('all working: aggregators and direct providers listed, exit 0', async () => {
    const r = await doctor([], { ...openrouter(), ...openai(), ...groq() });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const aggregators = section(r.stdout, 'Working aggregators');
    assert.match(aggregators, /OpenRouter/);
    assert.match(aggregators, /Groq/);
    assert.match(section(r.stdout, 'Working direct providers'), /OpenAI\s+GET \/openai\/v1\/models/);
    assert.doesNotMatch(r.stdout, /^Broken/m);
    assert.match(r.stdout, /^OK: every provider with a key works/m);
    // Keyless providers' traffic goes to a working aggregator.
    assert.match(line(r.stdout, 'Meta Llama API (no key)'), /→ OpenRouter \S+ \(level 2/);
    // The progress line went to stderr (plain lines: stderr is not a terminal here).
    assert.match(r.stderr, /probing 3 providers…/);
    assert.match(r.stderr, /probing 3\/3: /);
    // Every keyed provider was asked once, with its own key path (OpenRouter: the key endpoint is not served by
    // the simulator, so the public model list answers instead).
    assert.equal(sim.requests('openai').length, 1);
    assert.equal(sim.requests('groq').length, 1);
    assert.equal(sim.requests('openai')[0]!.path, '/openai/v1/models');
  });

  it('all working, --json: the same facts for scripts', async () => {
    const r = await doctor(['--json'], { ...openrouter(), ...openai(), ...groq() });
    assert.equal(r.code, 0, r.stderr);
    const report = json(r);
    assert.equal(report.ok, true);
    assert.deepEqual(report.summary, { keyed: 3, working: 3, broken: 0, noKey: report.noKey.length });
    assert.deepEqual(report.aggregators.map((s) => s.id).sort(), ['groq', 'openrouter']);
    // Groq is both: an aggregator and a direct provider of its own models, as the seed lists it.
    assert.deepEqual(report.direct.map((s) => s.id).sort(), ['groq', 'openai']);
    assert.deepEqual(report.broken, []);
    assert.equal(report.traffic.find((t) => t.provider === 'meta')?.goesTo, 'openrouter');
    assert.ok(!r.stdout.includes('sk-or-v1-doctor') && !r.stdout.includes('sk-doctor-openai'), 'no key in the report');
  });

  it('a direct provider answering 401, with a working aggregator: "Replicate (401)", class auth, traffic to OpenRouter, exit 0', async () => {
    const vars = { ...openrouter(), REPLICATE_API_TOKEN: 'r8_bad_token', REPLICATE_BASE_URL: replicate.baseUrl };
    const [r, j] = await Promise.all([doctor([], vars), doctor(['--json'], vars)]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const broken = section(r.stdout, 'Broken (1)');
    assert.match(broken, /Replicate \(401\)\s+auth\s+/);
    assert.match(line(r.stdout.slice(r.stdout.indexOf('Where traffic goes now')), 'Replicate (401)'), /→ OpenRouter \S+ \(level 2/);
    assert.match(section(r.stdout, 'Working aggregators'), /OpenRouter/);
    assert.ok(!r.stdout.includes('r8_bad_token'));
    assert.match(r.stderr, /probing \d\/2: Replicate \(401\)/);

    assert.equal(j.code, 0);
    const report = json(j);
    assert.equal(report.ok, true);
    const rep = report.broken.find((s) => s.id === 'replicate');
    assert.ok(rep, JSON.stringify(report.broken));
    assert.equal(rep.label, 'Replicate (401)');
    assert.equal(rep.status, 401);
    assert.equal(rep.errorClass, 'auth');
    assert.equal(rep.check, 'GET /v1/account');
    const route = report.traffic.find((t) => t.provider === 'replicate');
    assert.equal(route?.goesTo, 'openrouter');
    assert.equal(route?.primary?.state, 'working');
  });

  it('the aggregator at 429 and the direct provider broken: both reported, exit non-zero', async () => {
    sim.setDefault('openrouter', { status: 429 });
    cohere.setDefault({ status: 429 });
    const vars = { ...openrouter(), CO_API_KEY: 'co-doctor', COHERE_BASE_URL: cohere.baseUrl };
    const [r, j] = await Promise.all([doctor([], vars), doctor(['--json'], vars)]);
    assert.notEqual(r.code, 0, r.stdout);
    assert.equal(r.code, 1);
    const broken = section(r.stdout, 'Broken (2)');
    assert.match(broken, /OpenRouter \(429\)\s+rate_limited/);
    assert.match(broken, /Cohere \(429\)\s+rate_limited/);
    const traffic = r.stdout.slice(r.stdout.indexOf('Where traffic goes now'));
    assert.match(line(traffic, 'Cohere (429)'), /nowhere: no working provider serves it or a substitute/);
    assert.match(r.stdout, /^FAIL: no working path in the fallback map for .*Cohere \(429\)/m);

    assert.equal(j.code, 1);
    const report = json(j);
    assert.equal(report.ok, false);
    assert.deepEqual(report.broken.map((s) => s.label).sort(), ['Cohere (429)', 'OpenRouter (429)']);
    assert.ok(report.stranded.includes('Cohere (429)'));
    assert.equal(report.traffic.find((t) => t.provider === 'cohere')?.goesTo, null);
  });

  it('a hang is reported as a timeout within the per-probe timeout', async () => {
    sim.setDefault('groq', { hang: true });
    const [r, table] = await Promise.all([
      doctor(['--json', '--timeout', '1500'], { ...openrouter(), ...groq() }),
      doctor(['--timeout', '1500'], { ...openrouter(), ...groq() }),
    ]);
    const report = json(r);
    const g = report.broken.find((s) => s.id === 'groq');
    assert.ok(g, r.stdout);
    assert.equal(g.label, 'Groq (timeout)');
    assert.equal(g.errorClass, 'transient');
    assert.equal(g.code, 'attempt_timeout');
    assert.ok(g.latencyMs! >= 1_450 && g.latencyMs! < 4_000, `probe took ${g.latencyMs} ms`);
    assert.equal(report.timeoutMs, 1_500);
    // Groq is an aggregator; its primary (OpenRouter) works, so traffic still has a path.
    assert.equal(report.traffic.find((t) => t.provider === 'groq')?.goesTo, 'openrouter');
    assert.equal(r.code, 0);
    assert.ok(r.ms < 15_000, `the CLI took ${Math.round(r.ms)} ms`);
    assert.equal(table.code, 0);
    assert.match(section(table.stdout, 'Broken (1)'), /Groq \(timeout\)\s+transient\s+Groq sent no answer within 1500 ms/);
  });

  it('no key at all: says so and exits non-zero', async () => {
    const r = await doctor([], {});
    assert.equal(r.code, 1);
    assert.match(r.stdout, /No provider has a key/);
  });

  it('bad usage exits 2', async () => {
    const [r, unknown] = await Promise.all([doctor(['--timeout', 'soon'], {}), doctor(['--frobnicate'], {})]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--timeout/);
    assert.equal(unknown.code, 2);
  });
});
