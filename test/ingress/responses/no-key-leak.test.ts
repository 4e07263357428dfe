/**
 * No key leaks on /v1/responses: upstream failures that echo the key (an HTTP error, an in-stream failure before
 * and after the answer began, translated and pass-through) reach neither the caller nor the log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { postRaw, simEnv, type RawResponse } from '../../gateway/gw-helpers.js';

const KEYS = { openai: 'sk-test-RESPONSESsecret123456', groq: 'gsk_RESPONSESsecretgroq987654' };
let sim: Simulator;
let gw: RunningGateway;
const logLines: string[] = [];
before(async () => {
  sim = await startSimulator();
  gw = await startTestGateway({ env: simEnv(sim, ['openai', 'groq'], KEYS), logLines });
});
after(async () => {
  await gw.close();
  await sim.close();
});

function assertClean(raw: RawResponse): void {
  const headers: string[] = [];
  raw.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
  for (const key of Object.values(KEYS)) {
    for (const [where, text] of [['body', raw.text], ['headers', headers.join('\n')], ['log', logLines.join('\n')]] as const) {
      assert.ok(!text.includes(key) && !text.includes(key.slice(-12)), `the ${where} holds a key: ${text.slice(0, 300)}`);
    }
  }
}

const post = (body: object) => postRaw(`${gw.url}/v1/responses`, body);

describe('keys never reach the caller or the log on /v1/responses', () => {
  for (const [what, provider, model] of [['pass-through', 'openai', 'openai/gpt-4o'], ['translated', 'groq', 'groq/llama-3.3-70b-versatile']] as const) {
    it(`${what}: an upstream 401 that echoes the key`, async () => {
      sim.enqueue(provider, { status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEYS[provider]}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }) });
      const raw = await post({ model, input: 'hi', provider: { only: [provider] } });
      assert.equal(raw.status, 401);
      assertClean(raw);
      gw.runtime.engine.health.reset(provider);
    });

    it(`${what}: a stream that breaks with the key in its message`, async () => {
      sim.enqueue(provider, { streamError: { afterChunks: 5, message: `backend failed for Bearer ${KEYS[provider]}` } });
      const raw = await post({ model, input: 'Tell me a long story please', stream: true, provider: { only: [provider] } });
      assert.equal(raw.status, 200);
      assert.match(raw.text, /response\.failed/);
      assertClean(raw);
      gw.runtime.engine.health.reset(provider);
    });
  }
});
