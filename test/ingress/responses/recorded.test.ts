/**
 * Real recorded OpenAI Responses traffic (test/fixtures/recorded/openai-responses) served by a loopback upstream
 * in OpenAI's place: a whole response and a stream pass through the gateway byte for byte (reasoning items and
 * their encrypted content intact); OpenAI's in-stream insufficient_quota (HTTP 200, then `error` and
 * response.failed before any output) counts as a quota failure and moves the request on.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { RECORDED } from '../../helpers/paths.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { postRaw, simEnv, startTinyUpstream, type TinyUpstream } from '../../gateway/gw-helpers.js';

const dir = join(RECORDED, 'openai-responses');
const WHOLE = readFileSync(join(dir, 'openai-reasoning-encrypted-content.1.json'), 'utf8');
const ERROR_WHOLE = readFileSync(join(dir, 'openai-error.1.json'), 'utf8');
/**
 * The recordings hold one event's JSON a line (the reasoning one: several turns, each a whole stream from
 * response.created); OpenAI sends each event as `event: <type>` and `data: <json>`.
 */
function streams(file: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const type = (JSON.parse(line) as { type: string }).type;
    if (type === 'response.created') out.push('');
    out[out.length - 1] += `event: ${type}\ndata: ${line}\n\n`;
  }
  return out;
}
const STREAMS = streams('openai-reasoning-encrypted-content.1.chunks.txt');
const STREAM = STREAMS[0]!;
const ERROR_STREAM = streams('openai-error.1.chunks.txt')[0]!;

let upstream: TinyUpstream;
let sim: Simulator;
let gw: RunningGateway;
let client: OpenAI;
let answer: { status: number; type: string; body: string };

before(async () => {
  upstream = await startTinyUpstream((_req, res) => {
    res.writeHead(answer.status, { 'content-type': answer.type });
    res.end(answer.body);
  });
  sim = await startSimulator();
  // OpenAI is the recording server; OpenRouter (simulated) also serves gpt-4o-class models, for the fallback.
  gw = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-test-openai', OPENAI_BASE_URL: `${upstream.url}/v1`, ...simEnv(sim, ['openrouter']) } });
  client = new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0, logLevel: 'off' });
});
after(async () => {
  await gw.close();
  await upstream.close();
  await sim.close();
});
beforeEach(() => {
  upstream.requests.length = 0;
  sim.reset();
});

describe('recorded OpenAI Responses traffic through the gateway', () => {
  it('a whole response with an encrypted reasoning item passes through byte for byte', async () => {
    answer = { status: 200, type: 'application/json', body: WHOLE };
    const raw = await postRaw(`${gw.url}/v1/responses`, {
      model: 'openai/gpt-5-mini', input: 'Add 12 and 7, times 3, times 10', reasoning: { effort: 'high', summary: 'detailed' },
      include: ['reasoning.encrypted_content'], store: false, provider: { only: ['openai'] },
    });
    assert.equal(raw.status, 200);
    assert.equal(raw.text, WHOLE);
    assert.equal(raw.headers.get('x-wai-provider'), 'openai');
    // The caller's fields went upstream as they were, without the gateway's own.
    const sent = JSON.parse(upstream.requests[0]!.body) as Record<string, unknown>;
    assert.equal(upstream.requests[0]!.path, '/v1/responses');
    assert.deepEqual(sent.include, ['reasoning.encrypted_content']);
    assert.deepEqual(sent.reasoning, { effort: 'high', summary: 'detailed' });
    assert.equal(sent.store, false);
    assert.equal(sent.provider, undefined);
    assert.equal(sent.model, 'gpt-5-mini');
  });

  it('the openai client reads the passed-through response, reasoning included', async () => {
    answer = { status: 200, type: 'application/json', body: WHOLE };
    const r = await client.responses.create({ model: 'openai/gpt-5-mini', input: 'x', store: false });
    assert.equal(r.output_text, '12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570');
    const reasoning = r.output.find((item) => item.type === 'reasoning');
    assert.ok(reasoning && reasoning.type === 'reasoning' && reasoning.encrypted_content?.startsWith('gAAAAAB'));
    assert.equal(r.usage?.output_tokens_details.reasoning_tokens, 128);
  });

  it('each recorded stream passes through event for event, and the client assembles it', async () => {
    assert.ok(STREAMS.length >= 2);
    for (const recorded of STREAMS) {
      answer = { status: 200, type: 'text/event-stream', body: recorded };
      const raw = await postRaw(`${gw.url}/v1/responses`, { model: 'openai/gpt-5.1-codex-max', input: 'x', stream: true, store: false, provider: { only: ['openai'] } });
      assert.equal(raw.status, 200);
      assert.equal(raw.text, recorded);
    }

    answer = { status: 200, type: 'text/event-stream', body: STREAM };
    const stream = client.responses.stream({ model: 'openai/gpt-5.1-codex-max', input: 'x', store: false });
    let summary = '';
    for await (const event of stream) if (event.type === 'response.reasoning_summary_text.delta') summary += event.delta;
    const final = await stream.finalResponse();
    assert.ok(summary.startsWith('**Calculating step-by-step using calculator**'), summary.slice(0, 60));
    assert.equal(final.status, 'completed');
  });

  it('an in-stream insufficient_quota before any output is a quota failure: the request moves to the next provider', async () => {
    answer = { status: 200, type: 'text/event-stream', body: ERROR_STREAM };
    const { data, response } = await client.responses.create({ model: 'openai/gpt-4o', input: 'Say hello', stream: true }).withResponse();
    let text = '';
    for await (const event of data) if (event.type === 'response.output_text.delta') text += event.delta;
    assert.equal(response.headers.get('x-wai-provider'), 'openrouter');
    assert.ok(Number(response.headers.get('x-wai-attempts')) >= 2);
    assert.match(text, /^Hello from openrouter/);
    // OpenAI is now known to be out of quota: the next request goes straight to OpenRouter.
    upstream.requests.length = 0;
    const next = await client.responses.create({ model: 'openai/gpt-4o', input: 'Say hello' }).withResponse();
    assert.equal(next.response.headers.get('x-wai-provider'), 'openrouter');
    assert.equal(upstream.requests.length, 0);
  });
});

describe('recorded OpenAI errors, with OpenAI the only provider', () => {
  let own: RunningGateway;
  let ownClient: OpenAI;
  before(async () => {
    own = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-test-openai', OPENAI_BASE_URL: `${upstream.url}/v1` } });
    ownClient = new OpenAI({ apiKey: 'x', baseURL: `${own.url}/v1`, maxRetries: 0, logLevel: 'off' });
  });
  after(async () => {
    await own.close();
  });

  it('the recorded 429 insufficient_quota comes back as a 429 with its code', async () => {
    answer = { status: 429, type: 'application/json', body: ERROR_WHOLE };
    await assert.rejects(ownClient.responses.create({ model: 'openai/gpt-4o', input: 'x' }), (e: unknown) =>
      e instanceof OpenAI.RateLimitError && e.code === 'insufficient_quota');
  });
});
