/**
 * No key leaks: distinctive keys, upstream errors that echo them (in bodies, messages and headers), bad input
 * and missing keys; the keys must appear in no response body, no response header and no log line, and the
 * configuration must not print them.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { assertOpenAIError, postRaw, simEnv, type RawResponse } from './gw-helpers.js';

const KEYS = {
  openai: 'sk-test-SECRET123456789',
  writer: 'plainwriterSECRET987654321',
  openrouter: 'sk-or-v1-SECRETopenrouter0123456789',
  sarvam: 'sarvamSECRETsubscription555',
  xai: 'xai-SECRETgrokkey246813579',
};
const ALL_KEYS = Object.values(KEYS);

let sim: Simulator;
/** Every key configured, for the configuration checks. */
let gw: RunningGateway;
const running: RunningGateway[] = [];
const logLines: string[] = [];

before(async () => {
  sim = await startSimulator();
  gw = await fresh(Object.keys(KEYS) as Array<keyof typeof KEYS>);
});

after(async () => {
  await Promise.all(running.map((g) => g.close()));
  await sim?.close();
});

/**
 * A gateway with only these providers keyed (a failure then has nowhere else to go, and one test's failures do not
 * change the next test's health). Groq is pointed at the simulator but has no key. Every gateway logs into `logLines`.
 */
async function fresh(ids: Array<keyof typeof KEYS>): Promise<RunningGateway> {
  const env = simEnv(sim, ids, KEYS);
  env.GROQ_BASE_URL = sim.baseUrl('groq');
  const started = await startTestGateway({ env, logLines, timeouts: { firstByteMs: 300, attemptMs: 600, idleMs: 400 } });
  running.push(started);
  return started;
}

beforeEach(() => sim.reset());

/** Fragments that would give a key away: each whole key and its distinctive tail. */
const FRAGMENTS = ALL_KEYS.flatMap((k) => [k, k.slice(-12)]);

function assertNoKey(where: string, text: string): void {
  for (const fragment of FRAGMENTS) assert.ok(!text.includes(fragment), `${where} contains a key fragment (${fragment.slice(0, 6)}…): ${text.slice(0, 300)}`);
}

function assertCleanResponse(raw: RawResponse): void {
  assertNoKey('the response body', raw.text);
  const headers: string[] = [];
  raw.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
  assertNoKey('the response headers', headers.join('\n'));
  assertNoKey('the log', logLines.join('\n'));
}

const chatOn = (g: RunningGateway, body: object | string) => postRaw(`${g.url}/v1/chat/completions`, body);
const msg = [{ role: 'user', content: 'Hello there' }];
const echo = (provider: keyof typeof KEYS, extra = '') => JSON.stringify({ error: { message: `Incorrect API key provided: ${KEYS[provider]}.${extra}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });

describe('keys never reach the caller or the log', () => {
  it('an upstream 401 that echoes the (key-shaped) key', async () => {
    const g = await fresh(['openai']);
    sim.setDefault('openai', { status: 401, body: echo('openai') });
    const raw = await chatOn(g, { model: 'openai/gpt-4o-mini', messages: msg });
    assert.equal(raw.status, 401);
    assert.match(assertOpenAIError(raw.json).message, /Incorrect API key provided/);
    assertCleanResponse(raw);
  });

  it('an upstream 401 that echoes a key with no well-known shape', async () => {
    const g = await fresh(['writer']);
    sim.setDefault('writer', { status: 401, body: echo('writer', ` Key ${KEYS.writer} is not valid.`) });
    const raw = await chatOn(g, { model: 'writer/palmyra-x5', messages: msg });
    assert.equal(raw.status, 401);
    assertCleanResponse(raw);
  });

  it('a Sarvam 403 and an xAI 400 that echo the key', async () => {
    const g = await fresh(['sarvam']);
    sim.setDefault('sarvam', { status: 403, body: JSON.stringify({ error: { message: `invalid api-subscription-key ${KEYS.sarvam}`, code: 'invalid_api_key_error' } }) });
    const sarvam = await chatOn(g, { model: 'sarvam/sarvam-30b', messages: msg });
    assert.equal(sarvam.status, 403);
    assertCleanResponse(sarvam);
    sim.setDefault('xai', { status: 400, body: JSON.stringify({ code: 'Client specified an invalid argument', error: `Incorrect API key provided: ${KEYS.xai}` }) });
    const xai = await chatOn(await fresh(['xai']), { model: 'xai/grok-4.3', messages: msg });
    assert.ok(xai.status >= 400);
    assertCleanResponse(xai);
  });

  it('an upstream 500 whose body and headers echo the key', async () => {
    const g = await fresh(['openai']);
    sim.setDefault('openai', { status: 500, body: JSON.stringify({ error: { message: `backend failed for Bearer ${KEYS.openai}`, type: 'server_error', param: null, code: null } }), headers: { 'x-debug-authorization': `Bearer ${KEYS.openai}` } });
    const raw = await chatOn(g, { model: 'openai/gpt-4o-mini', messages: msg });
    assert.ok(raw.status >= 500);
    assertCleanResponse(raw);
  });

  it('an upstream 429 whose headers echo the key', async () => {
    const g = await fresh(['openai']);
    sim.setDefault('openai', { status: 429, headers: { 'retry-after': '3', 'x-key-echo': KEYS.openai } });
    const raw = await chatOn(g, { model: 'openai/gpt-4o-mini', messages: msg });
    assert.equal(raw.status, 429);
    assertCleanResponse(raw);
  });

  it('a successful answer whose upstream headers echo the key', async () => {
    const g = await fresh(['openai']);
    sim.setDefault('openai', { headers: { 'x-key-echo': KEYS.openai } });
    const raw = await chatOn(g, { model: 'openai/gpt-4o-mini', messages: msg });
    assert.equal(raw.status, 200);
    assertCleanResponse(raw);
  });

  it('a 404 model, a no-key provider and bad input', async () => {
    const g = await fresh(['openai']);
    const notFound = await chatOn(g, { model: 'openai/gpt-does-not-exist', messages: msg });
    assert.equal(notFound.status, 404);
    assertCleanResponse(notFound);
    const noKey = await chatOn(g, { model: 'groq/llama-3.3-70b-versatile', messages: msg });
    assert.equal(noKey.status, 503);
    assertCleanResponse(noKey);
    const bad = await chatOn(g, '{"model": ');
    assert.equal(bad.status, 400);
    assertCleanResponse(bad);
    const unknown = await chatOn(g, { model: 'nope/x', messages: msg });
    assert.equal(unknown.status, 404);
    assertCleanResponse(unknown);
  });

  it('a hang and a reset (errors with no upstream body)', async () => {
    const g = await fresh(['openai']);
    sim.setDefault('openai', { hang: true });
    const hang = await chatOn(g, { model: 'openai/gpt-4o-mini', messages: msg });
    assert.equal(hang.status, 504);
    assertCleanResponse(hang);
    sim.setDefault('openai', { reset: true });
    const reset = await chatOn(await fresh(['openai']), { model: 'openai/gpt-4o-mini', messages: msg });
    assert.equal(reset.status, 502);
    assertCleanResponse(reset);
  });

  it('in-stream errors that echo the key, before and after the first content', async () => {
    const g = await fresh(['openrouter']);
    sim.setDefault('openrouter', { streamError: { afterChunks: 1, message: `key ${KEYS.openrouter} was revoked` } });
    const early = await chatOn(g, { model: 'openrouter/openai/gpt-4o-mini', messages: msg, stream: true });
    assert.ok(early.status >= 400);
    assertCleanResponse(early);
    sim.setDefault('openrouter', { streamError: { afterChunks: 3, message: `key ${KEYS.openrouter} was revoked` } });
    const late = await chatOn(await fresh(['openrouter']), { model: 'openrouter/openai/gpt-4o-mini', messages: msg, stream: true });
    assert.equal(late.status, 200);
    assert.match(late.text, /was revoked/);
    assertCleanResponse(late);
  });

  it('the keys did reach the providers (the checks above are not vacuous)', async () => {
    const g = await fresh(['openai']);
    // The simulator redacts what it records; the gateway must still have sent an auth header.
    const raw = await chatOn(g, { model: 'openai/gpt-4o-mini', messages: msg });
    assert.equal(raw.status, 200);
    assert.equal(sim.requests('openai')[0]!.headers.authorization, '***');
  });
});

describe('the configuration does not print keys', () => {
  it('JSON.stringify and util.inspect of the config, the providers and the engine', () => {
    const views = [
      JSON.stringify(gw.config),
      JSON.stringify([...gw.config.providers.values()]),
      JSON.stringify(Object.fromEntries(gw.config.providers)),
      inspect(gw.config, { depth: 10, showHidden: true, getters: true }),
      inspect([...gw.config.providers.values()], { depth: 10, showHidden: true }),
      inspect(gw.engine, { depth: 4 }),
      String(gw.config.providers.get('openai')!.key),
      `${gw.config.providers.get('openai')!.key}`,
      JSON.stringify({ key: gw.config.providers.get('writer')!.key }),
    ];
    for (const view of views) assertNoKey('a printed view of the configuration', view);
    // The key source is shown; the value is not.
    assert.match(JSON.stringify([...gw.config.providers.values()]), /OPENAI_API_KEY/);
  });

  it('an Error carrying the provider runtime does not print the key', () => {
    const provider = gw.config.providers.get('openai')!;
    const err = Object.assign(new Error('boom'), { provider });
    assertNoKey('an inspected error', inspect(err, { depth: 10 }));
  });
});
