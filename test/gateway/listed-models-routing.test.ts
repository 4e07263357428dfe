/**
 * What GET /v1/models lists must be callable as listed: with every OpenAI-dialect provider keyed, each listed
 * `provider/model` is answered by that provider, as that model, at level 1 (docs/architecture.md, "Direct: the named provider,
 * if its key is present and it is healthy for this model").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { GW_CASES, gwClient, postRaw, simEnv } from './gw-helpers.js';

let sim: Simulator;
let gw: RunningGateway;

before(async () => {
  sim = await startSimulator();
  gw = await startTestGateway({ env: simEnv(sim) });
});

after(async () => {
  await gw?.close();
  await sim?.close();
});

const SIMULATED = new Set(GW_CASES.map((c) => c.id));

describe('models listed by GET /v1/models', () => {
  it('each is served by the provider its id names, as that model, at level 1', async () => {
    const list = await gwClient(gw.url).models.list();
    // Text-to-speech and embedding models are listed too (as OpenAI lists them) but are served by
    // /v1/audio/speech and /v1/embeddings.
    const isSpeech = (id: string) => ['speech', 'embedding'].includes(gw.engine.catalog.find(id)?.class ?? '');
    const ids = list.data.map((m) => m.id).filter((id) => SIMULATED.has(id.slice(0, id.indexOf('/'))) && !isSpeech(id));
    assert.ok(ids.length >= 30, `the list covers the simulated providers (${ids.length} ids)`);
    const wrong: string[] = [];
    for (const id of ids) {
      const provider = id.slice(0, id.indexOf('/'));
      const model = id.slice(id.indexOf('/') + 1);
      const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: id, messages: [{ role: 'user', content: 'Hello' }] });
      const served = `${raw.headers.get('x-wai-provider')}/${raw.headers.get('x-wai-model')} (level ${raw.headers.get('x-wai-level')})`;
      if (raw.status !== 200 || raw.headers.get('x-wai-provider') !== provider || raw.headers.get('x-wai-model') !== model || raw.headers.get('x-wai-level') !== '1') {
        wrong.push(`${id} -> ${raw.status === 200 ? served : `${raw.status} ${raw.json?.error?.message?.slice(0, 120)}`}`);
      }
    }
    assert.deepEqual(wrong, [], `listed models served by something else:\n  ${wrong.join('\n  ')}`);
  });
});
