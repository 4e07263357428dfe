/**
 * A stream that survives its provider (docs/architecture.md, Streaming; issue 13): a committed stream that breaks is
 * continued on the route's next candidate, and the official openai client reads one clean stream across the cut:
 * same id, model and created on every chunk, one role announcement, one usage at the end, one [DONE].
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startAnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { baseUrlEnvName } from '../../../src/providers/registry.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { startCutUpstream, type CutScript, type CutUpstream } from './cut-upstream.js';
import { CONTINUE_INSTRUCTION } from '../../../src/engine/continuation-request.js';
import type { RequestRecord } from '../../../src/engine/request-record.js';
import type { RunningGateway } from '../../../src/gateway.js';

type AnthropicSim = Awaited<ReturnType<typeof startAnthropicSimulator>>;
let openaiSim: Simulator;
let anthropicSim: AnthropicSim;
before(async () => {
  openaiSim = await startSimulator();
  anthropicSim = await startAnthropicSimulator();
});
after(async () => {
  await openaiSim.close();
  await anthropicSim.close();
});

const KEY_VARS: Record<string, string> = { xai: 'XAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', openrouter: 'OPENROUTER_API_KEY', mistral: 'MISTRAL_API_KEY', deepseek: 'DEEPSEEK_API_KEY' };
const USER_TEXT = 'Tell me a story';

interface Rig { gw: RunningGateway; client: OpenAI; cut: CutUpstream; records: RequestRecord[] }

/** A gateway whose `broken` provider is the cut upstream and whose other keyed providers are the simulators. */
async function rig(broken: string, others: string[], script: CutScript, extraEnv: Record<string, string> = {}): Promise<Rig> {
  openaiSim.reset();
  anthropicSim.reset();
  const cut = await startCutUpstream(script);
  const env: Record<string, string> = { ...extraEnv };
  for (const id of [broken, ...others]) env[KEY_VARS[id]!] = `k-${id}-test`;
  for (const id of others) env[baseUrlEnvName(id)] = id === 'anthropic' ? anthropicSim.baseUrl : openaiSim.baseUrl(id);
  env[baseUrlEnvName(broken)] = cut.baseUrl;
  const gw = await startTestGateway({ env, retries: { maxRetries: 0 } });
  const records: RequestRecord[] = [];
  gw.engine.addObserver({ requestFinished: (record) => records.push(record) });
  return { gw, cut, records, client: new OpenAI({ apiKey: 'caller', baseURL: `${gw.url}/v1`, maxRetries: 0, timeout: 20_000 }) };
}

async function withRig(args: Parameters<typeof rig>, run: (r: Rig) => Promise<void>): Promise<void> {
  const r = await rig(...args);
  try {
    await run(r);
  } finally {
    await r.gw.close();
    await r.cut.close();
  }
}

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

async function readAll(client: OpenAI, model: string, extra: Record<string, unknown> = {}): Promise<Chunk[]> {
  const stream = await client.chat.completions.create({
    model, messages: [{ role: 'user', content: USER_TEXT }], stream: true, stream_options: { include_usage: true }, ...extra,
  } as OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming);
  const chunks: Chunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const textOf = (chunks: Chunk[]) => chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');

/** One clean stream: the first chunk's id/model/created throughout, one role, one finish, one usage (last). */
function assertOneStream(chunks: Chunk[]): void {
  assert.ok(chunks.length > 2);
  const [first] = chunks;
  for (const chunk of chunks) assert.deepEqual([chunk.id, chunk.model, chunk.created], [first!.id, first!.model, first!.created], 'every chunk carries the first chunk\'s id, model and created');
  assert.equal(chunks.filter((c) => c.choices[0]?.delta?.role !== undefined).length, 1, 'one role announcement');
  assert.equal(chunks.filter((c) => c.choices[0]?.finish_reason).length, 1, 'one finish');
  const withUsage = chunks.filter((c) => c.usage);
  assert.equal(withUsage.length, 1, 'one usage');
  assert.equal(withUsage[0], chunks.at(-1), 'usage comes last');
}

const PHASES: Array<[string, string[]]> = [
  ['after one chunk', ['Once']],
  ['mid-word', ['Once', ' upon', ' a ti']],
  ['before usage (after the last content, before the finish and usage)', ['Once', ' upon', ' a time.']],
];

for (const [phase, deltas] of PHASES) {
  test(`a stream cut ${phase} is continued on Anthropic with the partial answer as a prefill`, async () => {
    await withRig(['xai', ['anthropic'], { deltas }], async (r) => {
      const chunks = await readAll(r.client, 'xai/grok-4.3');
      const sent = deltas.join('');
      assert.equal(textOf(chunks), `${sent}Hello from anthropic (claude-sonnet-4-5-20250929): ${USER_TEXT}`);
      assertOneStream(chunks);
      const asked = anthropicSim.requests().filter((q) => q.method === 'POST');
      assert.equal(asked.length, 1);
      const messages = (asked[0]!.body as { messages: Array<{ role: string; content: unknown }> }).messages;
      assert.deepEqual(messages.at(-1), { role: 'assistant', content: sent }, 'the partial answer is the final assistant turn (a prefill)');
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(r.records.length, 1);
      const record = r.records[0]!;
      assert.deepEqual(record.attempts.map((a) => [a.provider, a.ok, a.code ?? null]), [['xai', false, 'stream_continued'], ['anthropic', true, null]]);
      assert.deepEqual([record.servedProvider, record.status, record.error], ['anthropic', 200, null]);
    });
  });
}

test('the raw stream has one [DONE], no error event, and trailers naming the provider that finished it', async () => {
  await withRig(['xai', ['anthropic'], { deltas: ['Once', ' upon'] }], async (r) => {
    const { text, headers, trailers } = await rawStream(r.gw.url, { model: 'xai/grok-4.3', stream: true, messages: [{ role: 'user', content: USER_TEXT }] });
    assert.equal(text.split('data: [DONE]').length - 1, 1);
    assert.doesNotMatch(text, /"error"/);
    assert.equal(headers['x-wai-provider'], 'xai', 'the headers went out before the break');
    assert.deepEqual([trailers['x-wai-final-provider'], trailers['x-wai-final-model'], trailers['x-wai-final-attempts']], ['anthropic', 'claude-sonnet-4-5-20250929', '2']);
  });
});

test('a provider without prefill gets the partial answer as context and an instruction to continue', async () => {
  await withRig(['xai', ['openrouter'], { deltas: ['Once', ' upon'] }], async (r) => {
    const chunks = await readAll(r.client, 'xai/grok-4.3');
    assertOneStream(chunks);
    assert.equal(textOf(chunks), `Once uponHello from openrouter (x-ai/grok-4.3): ${CONTINUE_INSTRUCTION.slice(0, 40)}`);
    const body = openaiSim.requests('openrouter').find((q) => q.method === 'POST')!.body as { messages: unknown[] };
    assert.deepEqual(body.messages.slice(-2), [{ role: 'assistant', content: 'Once upon' }, { role: 'user', content: CONTINUE_INSTRUCTION }]);
  });
});

test('DeepSeek continues with `prefix: true` on its /beta path; Mistral accepts the same flag', async () => {
  await withRig(['mistral', ['deepseek'], { deltas: ['Once', ' upon'] }], async (toDeepSeek) => {
    const chunks = await readAll(toDeepSeek.client, 'mistral/mistral-large-latest');
    assertOneStream(chunks);
    assert.match(textOf(chunks), /^Once uponHello from deepseek \(deepseek-flash\)/);
    const asked = openaiSim.requests('deepseek').find((q) => q.method === 'POST')!;
    assert.equal(asked.path, '/deepseek/beta/chat/completions');
    assert.deepEqual((asked.body as { messages: unknown[] }).messages.at(-1), { role: 'assistant', content: 'Once upon', prefix: true });
  });
  await withRig(['deepseek', ['mistral'], { deltas: ['Once', ' upon'] }], async (toMistral) => {
    const chunks = await readAll(toMistral.client, 'deepseek/deepseek-chat');
    assertOneStream(chunks);
    assert.match(textOf(chunks), /^Once uponHello from mistral/);
    const asked = openaiSim.requests('mistral').find((q) => q.method === 'POST')!;
    assert.deepEqual((asked.body as { messages: unknown[] }).messages.at(-1), { role: 'assistant', content: 'Once upon', prefix: true });
  });
});

test('a tool-call stream that breaks still ends with the error event, and nothing is asked of the next level', async () => {
  const call = { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":' } }] };
  await withRig(['xai', ['anthropic'], { deltas: [call] }], async (r) => {
    await assert.rejects(readAll(r.client, 'xai/grok-4.3', { tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }] }));
    assert.equal(anthropicSim.requests().filter((q) => q.method === 'POST').length, 0);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(r.records[0]?.error, 'stream_broken');
  });
});

test('continuation is off per request (wai.continue_stream: false) and in config (WAI_CONTINUE_STREAMS=off)', async () => {
  await withRig(['xai', ['anthropic'], { deltas: ['Once', ' upon'] }], async (perRequest) => {
    await assert.rejects(readAll(perRequest.client, 'xai/grok-4.3', { wai: { continue_stream: false } }));
    assert.equal(anthropicSim.requests().filter((q) => q.method === 'POST').length, 0);
  });
  await withRig(['xai', ['anthropic'], { deltas: ['Once', ' upon'] }, { WAI_CONTINUE_STREAMS: 'off' }], async (inConfig) => {
    await assert.rejects(readAll(inConfig.client, 'xai/grok-4.3'));
    assert.equal(anthropicSim.requests().filter((q) => q.method === 'POST').length, 0);
  });
});

test('a stream cut after its finish is complete: it ends cleanly and no other provider is asked', async () => {
  await withRig(['xai', ['anthropic'], { deltas: ['Once', ' upon', ' a time.'], finishBeforeCut: true }], async (r) => {
    const chunks = await readAll(r.client, 'xai/grok-4.3');
    assert.equal(textOf(chunks), 'Once upon a time.');
    assert.equal(anthropicSim.requests().filter((q) => q.method === 'POST').length, 0);
  });
});

/** POSTs a JSON body and reads the raw SSE text, the headers and the trailers. */
function rawStream(base: string, body: unknown): Promise<{ text: string; headers: Record<string, unknown>; trailers: Record<string, string | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => { text += part; });
      res.on('end', () => resolve({ text, headers: res.headers, trailers: res.trailers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
