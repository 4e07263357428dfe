import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { nextReload, startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';

let sim: Simulator;
let gw: RunningGateway;
let file: string;
const logLines: string[] = [];

const yaml = (groqBase: string, policy: string) => `# WAI test config
costPolicy: ${policy}
providers:
  groq:
    apiKey: gsk-config-file-key
    baseUrl: ${groqBase}
timeouts:
  attemptMs: 20000
`;

before(async () => {
  sim = await startSimulator();
  file = join(mkdtempSync(join(tmpdir(), 'wai-reload-')), 'wai.yaml');
  writeFileSync(file, yaml(sim.baseUrl('groq'), 'free-first'));
  gw = await startTestGateway({ env: {}, configFile: file, logLines });
});

after(async () => {
  await gw.close();
  await sim.close();
});

test('a valid edit takes effect without a restart while a stream is in flight', async () => {
  const client = new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0 });
  // A slow stream, started under the first config.
  sim.enqueue('groq', { chunkDelayMs: 40 });
  const stream = await client.chat.completions.create({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'one two three four five six' }], stream: true });
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  assert.equal(first.done, false);

  // Edit: Groq now lives at the OpenRouter simulator's path, and the cost policy changes.
  const reloaded = nextReload(gw);
  writeFileSync(file, yaml(sim.baseUrl('openrouter'), 'cheapest'));
  assert.deepEqual(await reloaded, { applied: true });
  assert.equal(gw.config.costPolicy, 'cheapest');

  // The stream in flight finishes, whole, from the old upstream.
  let text = first.value.choices[0]?.delta?.content ?? '';
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) text += next.value.choices[0]?.delta?.content ?? '';
  assert.match(text, /^Hello from groq \(llama-3\.3-70b-versatile\): one two three four five six/);

  // A new request uses the new base URL.
  const before = sim.requests('openrouter').length;
  const { response } = await client.chat.completions.create({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'after' }] }).withResponse();
  assert.equal(response.headers.get('x-wai-provider'), 'groq');
  assert.equal(sim.requests('openrouter').length, before + 1, 'the new config points groq at another place');
});

test('an invalid edit is refused with the field and line named, and the running config is kept', async () => {
  const running = readFileSync(file, 'utf8');
  const refused = nextReload(gw);
  writeFileSync(file, running.replace('attemptMs: 20000', 'attemptMs: soon'));
  const outcome = await refused;
  assert.equal(outcome.applied, false);
  assert.match((outcome as { reason: string }).reason, /line 8: field "timeouts\.attemptMs"/);
  assert.ok(logLines.some((l) => l.includes('config edit refused') && l.includes('timeouts.attemptMs')), 'the reason is logged');
  assert.equal(gw.config.timeouts.attemptMs, 20000);
  assert.ok(!logLines.some((l) => l.includes('gsk-config-file-key')), 'the key in the file is never logged');

  const unknown = nextReload(gw);
  writeFileSync(file, `${running}fallbackMap:\n  cohere:\n    primary: nowhere\n`);
  const second = await unknown;
  assert.equal(second.applied, false);
  assert.match((second as { reason: string }).reason, /fallbackMap\.cohere\.primary: unknown provider "nowhere"/);
  // The gateway still serves with the config it had.
  const client = new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0 });
  const answer = await client.chat.completions.create({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'still here' }] });
  assert.match(answer.choices[0]!.message.content!, /still here/);
});

test('an edit of the first-byte timeout reaches the connection pools: a hang is cut by the new value', async () => {
  const reloaded = nextReload(gw);
  // The attempt timeout stays long (20 s); only the new first-byte timeout can end the hang quickly.
  writeFileSync(file, yaml(sim.baseUrl('groq'), 'cheapest').replace('  attemptMs: 20000', '  attemptMs: 20000\n  firstByteMs: 150'));
  assert.deepEqual(await reloaded, { applied: true });
  assert.equal(gw.config.timeouts.firstByteMs, 150);

  // Every groq call hangs (retries included), so the request fails and its 503 lists why each attempt ended.
  sim.setDefault('groq', { hang: true });
  after(() => sim.setDefault('groq', null));
  const response = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'hang' }], wai: { deadline_ms: 15000 } }),
  });
  const body = (await response.json()) as { error: { attempts?: Array<{ provider: string; code?: string }> } };
  assert.ok(response.status >= 500, `a failure, got ${response.status}`);
  const groq = body.error.attempts?.filter((a) => a.provider === 'groq') ?? [];
  assert.ok(groq.length >= 1, JSON.stringify(body));
  for (const attempt of groq) assert.equal(attempt.code, 'first_byte_timeout', JSON.stringify(body));
});

test('catalog overrides: a bad one is refused with its field and line; a good one prices the next request', async () => {
  // The previous test's hangs opened groq's breakers.
  sim.setDefault('groq', null);
  gw.runtime.health.reset('groq');
  const price = (input: number) => `catalog:
  offerings:
    - model: llama-3.3-70b
      provider: groq
      upstreamId: llama-3.3-70b-versatile
      inputPrice: ${input}
      outputPrice: 2000
`;
  let outcome = nextReload(gw);
  writeFileSync(file, yaml(sim.baseUrl('groq'), 'cheapest') + price(1000).replace('model: llama-3.3-70b', 'model: llama-9000'));
  const refused = await outcome;
  assert.equal(refused.applied, false);
  assert.match((refused as { reason: string }).reason, /line 11: field "catalog\.offerings\.0\.model": unknown model "llama-9000"/);

  outcome = nextReload(gw);
  writeFileSync(file, yaml(sim.baseUrl('groq'), 'cheapest') + price(1000));
  assert.deepEqual(await outcome, { applied: true });
  const response = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'what does this cost' }] }),
  });
  const body = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
  assert.equal(response.status, 200);
  const expected = Math.round(((body.usage.prompt_tokens * 1000 + body.usage.completion_tokens * 2000) / 1_000_000) * 1e9) / 1e9;
  assert.equal(response.headers.get('x-wai-cost'), String(expected));
});
