/**
 * `wai models --config`, the SDK's `models.list()` and `GET /v1/models` list the same models from the same config,
 * catalog overrides included (the CLI used to read the shipped catalog without them); `wai route --json`, the SDK's
 * planner and `GET /v1/route` explain the same route; `wai doctor` says where traffic goes with the same catalog.
 * All of them get their engine from buildEngine.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelsCommand } from '../../src/cli/main.js';
import { routeCommand } from '../../src/cli/route-command.js';
import { doctorCommand } from '../../src/doctor/doctor-command.js';
import { FakeTransport } from '../doctor/fake-transport.js';
import { createWai } from '../../src/sdk/create-wai.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';

const ADDED = 'accounts/me/models/my-llama-33';
let dir: string;
let configFile: string;
let gw: RunningGateway;
const env = { FIREWORKS_API_KEY: 'fw-models-agree-0123456789', WAI_REQUEST_LOG: 'off', WAI_PROBES: 'off' };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wai-models-'));
  configFile = join(dir, 'wai.yaml');
  writeFileSync(configFile, [
    'catalog:',
    '  offerings:',
    `    - { model: llama-3.3-70b, provider: fireworks, upstreamId: ${ADDED}, inputPrice: 0.5, outputPrice: 0.6, contextWindow: 65536 }`,
    '',
  ].join('\n'));
  gw = await startGateway({ env, configFile, overrides: { port: 0 } });
});

after(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('lists the override-added offering in the CLI, the SDK and /v1/models alike', async () => {
  let text = '';
  assert.equal(await modelsCommand(['--config', configFile, '--json'], { write: (t: string) => { text += t; } }, env), 0);
  const cli = (JSON.parse(text) as Array<{ id: string }>).map((m) => m.id).sort();
  const wai = createWai({ env, configFile });
  const sdk = (await wai.models.list()).map((m) => m.id).sort();
  await wai.close();
  const http = ((await (await fetch(`${gw.url}/v1/models`)).json()) as { data: Array<{ id: string }> }).data.map((m) => m.id).sort();
  assert.ok(cli.some((id) => id.includes(ADDED)), `the CLI lists ${ADDED}: ${cli.join(', ')}`);
  assert.deepEqual(sdk, cli);
  assert.deepEqual(http, cli);
});

it('explains the same route, override included, in `wai route`, the SDK and /v1/route', async () => {
  let text = '';
  assert.equal(await routeCommand(['llama-3.3-70b', '--json', '--config', configFile], { write: (t: string) => { text += t; } }, env), 0);
  const cli: unknown = JSON.parse(text);
  const wai = createWai({ env, configFile });
  const sdk = wai.engine.planner.explain('llama-3.3-70b');
  await wai.close();
  const http: unknown = await (await fetch(`${gw.url}/v1/route?model=llama-3.3-70b`)).json();
  assert.ok(sdk.candidates.some((c) => c.provider === 'fireworks' && c.model === ADDED && c.inRoute), `the route holds ${ADDED}`);
  assert.deepEqual(cli, JSON.parse(JSON.stringify(sdk)));
  assert.deepEqual(http, cli);
});

it('`wai doctor` plans keyless traffic over the config\'s catalog overrides (it read the shipped catalog)', async () => {
  const file = join(dir, 'doctor.yaml');
  // OpenRouter now serves Sarvam-30B itself: Sarvam's traffic goes there as the same model, not as a substitute.
  writeFileSync(file, 'catalog:\n  offerings:\n    - { model: sarvam-30b, provider: openrouter, upstreamId: sarvamai/sarvam-30b, inputPrice: 0.2, outputPrice: 0.6, contextWindow: 65536 }\n');
  let text = '';
  const io = { stdout: { write: (t: string) => { text += t; } }, stderr: { write: () => true }, env: { OPENROUTER_API_KEY: `sk-or-v1-${'a'.repeat(64)}` }, transport: new FakeTransport() };
  await doctorCommand(['--json', '--config', file], io);
  const sarvam = (JSON.parse(text) as { traffic: Array<{ provider: string; goesTo: string | null; via?: { model: string; substitute?: string } }> }).traffic.find((t) => t.provider === 'sarvam');
  assert.equal(sarvam?.goesTo, 'openrouter');
  assert.equal(sarvam?.via?.model, 'sarvamai/sarvam-30b');
  assert.equal(sarvam?.via?.substitute, undefined);
});
