/**
 * `wai models --config`, the SDK's `models.list()` and `GET /v1/models` list the same models from the same config,
 * catalog overrides included (the CLI used to read the shipped catalog without them).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelsCommand } from '../../src/cli/main.js';
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
