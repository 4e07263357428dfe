/**
 * Per-provider wire quirks through the gateway (Moonshot, Perplexity, Groq, DeepSeek, Sarvam, Writer):
 * what the simulator received and what the OpenAI client got.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { collect, gwClient, parseSse, postRaw, simEnv, simText, sseBody, words } from './gw-helpers.js';

const SARVAM_KEY = 'sarvam-subscription-key-123456';
let sim: Simulator;
let gw: RunningGateway;
let client: OpenAI;

const USER = 'Tell me something about Kyoto';
const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: USER }];
const PROMPT = words(USER);

before(async () => {
  sim = await startSimulator({ keys: { sarvam: SARVAM_KEY } });
  gw = await startTestGateway({ env: simEnv(sim, ['moonshot', 'perplexity', 'groq', 'deepseek', 'sarvam', 'writer'], { sarvam: SARVAM_KEY }) });
  client = gwClient(gw.url);
});

after(async () => {
  await gw?.close();
  await sim?.close();
});

beforeEach(() => sim.reset());

const onlyRequest = (id: string) => {
  const all = sim.requests(id);
  assert.equal(all.length, 1, `exactly one request reached ${id}`);
  return all[0]!;
};

describe('Moonshot', () => {
  const model = 'kimi-k2.6';
  const text = simText('moonshot', model, USER);

  it('stream usage inside choices[0].usage reaches the client as top-level usage', async () => {
    const got = await collect(await client.chat.completions.create({ model: `moonshot/${model}`, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }));
    assert.equal(got.content, text);
    assert.deepEqual(
      { p: got.usage?.prompt_tokens, c: got.usage?.completion_tokens, t: got.usage?.total_tokens },
      { p: PROMPT, c: words(text), t: PROMPT + words(text) },
    );
    for (const chunk of got.chunks) for (const choice of chunk.choices) assert.equal(choice.usage, undefined, 'no usage left inside a choice');
    assert.equal(onlyRequest('moonshot').body && (onlyRequest('moonshot').body as any).stream_options?.include_usage, true);
  });

  it('without include_usage the finish chunk still carries it at the top level, and no usage-only chunk is added', async () => {
    const got = await collect(await client.chat.completions.create({ model: `moonshot/${model}`, messages: MESSAGES, stream: true }));
    assert.equal(got.content, text);
    for (const chunk of got.chunks) {
      assert.ok(chunk.choices.length > 0);
      for (const choice of chunk.choices) assert.equal(choice.usage, undefined);
    }
  });

  it('a whole answer with usage inside the choice gets it at the top level', async () => {
    sim.enqueue('moonshot', {
      body: JSON.stringify({
        id: 'chatcmpl-m1', object: 'chat.completion', created: 1, model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop', usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }],
      }),
    });
    const r = await client.chat.completions.create({ model: `moonshot/${model}`, messages: MESSAGES });
    assert.deepEqual(r.usage, { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 });
    assert.equal((r.choices[0] as any).usage, undefined);
  });
});

describe('Perplexity', () => {
  const text = simText('perplexity', 'sonar', USER);

  it('stream chunks come out as chat.completion.chunk without message; citations kept; usage present', async () => {
    const { data: stream, response } = await client.chat.completions.create({ model: 'perplexity/sonar', messages: MESSAGES, stream: true }).withResponse();
    assert.equal(response.headers.get('x-wai-provider'), 'perplexity');
    const got = await collect(stream);
    assert.equal(got.content, text);
    assert.equal(got.finish, 'stop');
    for (const chunk of got.chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      for (const choice of chunk.choices) {
        assert.equal(choice.message, undefined);
        assert.ok(choice.delta && typeof choice.delta === 'object');
      }
      assert.deepEqual(chunk.citations, ['https://example.com/sim/source-1', 'https://example.com/sim/source-2']);
    }
    assert.equal(got.usage?.completion_tokens, words(text));
    assert.equal('stream_options' in (onlyRequest('perplexity').body as any), false, 'Perplexity reports usage unasked');
  });

  it('the last chunk (chat.completion.done upstream) is a normal chunk with the finish reason', async () => {
    const raw = await postRaw(`${gw.url}/v1/chat/completions`, { model: 'perplexity/sonar', messages: MESSAGES, stream: true });
    const sse = parseSse(raw.text);
    assert.equal(sse.junk.length, 0);
    assert.ok(sse.done, 'the stream ends with [DONE]');
    const last = sse.data[sse.data.length - 1];
    assert.equal(last.object, 'chat.completion.chunk');
    assert.equal(last.choices[0].finish_reason, 'stop');
    for (const chunk of sse.data.slice(0, -1)) assert.equal(chunk.choices[0].finish_reason, null, 'earlier chunks say finish_reason: null');
  });

  it('a whole answer keeps citations and search_results', async () => {
    const r: any = await client.chat.completions.create({ model: 'perplexity/sonar', messages: MESSAGES });
    assert.equal(r.choices[0].message.content, text);
    assert.equal(r.citations.length, 2);
    assert.equal(r.search_results.length, 2);
  });
});

describe('Groq', () => {
  const model = 'llama-3.3-70b-versatile';
  const text = simText('groq', model, USER);

  it('stream usage (x_groq.usage and usage) reaches the client', async () => {
    const got = await collect(await client.chat.completions.create({ model: `groq/${model}`, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }));
    assert.equal(got.content, text);
    assert.equal(got.usage?.prompt_tokens, PROMPT);
    assert.equal(got.usage?.completion_tokens, words(text));
  });

  it('usage only in x_groq.usage is lifted to the top level (stream)', async () => {
    const base = { id: 'chatcmpl-g1', object: 'chat.completion.chunk', created: 1, model };
    sim.enqueue('groq', {
      body: sseBody([
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }], x_groq: { id: 'req_1' } },
        { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { id: 'req_1', usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } } },
      ]),
      headers: { 'content-type': 'text/event-stream' },
    });
    const got = await collect(await client.chat.completions.create({ model: `groq/${model}`, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }));
    assert.equal(got.content, 'Hi');
    assert.equal(got.usage?.prompt_tokens, 5);
    assert.equal(got.usage?.total_tokens, 6);
  });

  it('usage only in x_groq.usage is lifted to the top level (whole answer)', async () => {
    sim.enqueue('groq', {
      body: JSON.stringify({
        id: 'chatcmpl-g2', object: 'chat.completion', created: 1, model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
        x_groq: { id: 'req_2', usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } },
      }),
    });
    const r = await client.chat.completions.create({ model: `groq/${model}`, messages: MESSAGES });
    assert.equal(r.usage?.prompt_tokens, 5);
    assert.equal(r.usage?.total_tokens, 6);
  });
});

describe('DeepSeek', () => {
  const model = 'deepseek-flash';
  const M = `deepseek/${model}`;

  it('leading blank lines of a whole answer are ignored', async () => {
    const r = await client.chat.completions.create({ model: M, messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, simText('deepseek', model, USER));
  });

  it('keep-alive comments in a stream are ignored (several, before the first chunk and between chunks)', async () => {
    const base = { id: 'ds-1', object: 'chat.completion.chunk', created: 1, model };
    const chunk = (delta: object, finish: string | null = null, usage?: object) => `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
    sim.enqueue('deepseek', {
      body: ': keep-alive\n\n: keep-alive\n\n' + chunk({ role: 'assistant', content: '' }) + ': keep-alive\n\n' + chunk({ content: 'Hello' }) + ': keep-alive\n\n' + chunk({ content: ' there' }) + chunk({ content: '' }, 'stop', { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 }) + 'data: [DONE]\n\n',
      headers: { 'content-type': 'text/event-stream' },
    });
    const got = await collect(await client.chat.completions.create({ model: M, messages: MESSAGES, stream: true }));
    assert.equal(got.content, 'Hello there');
    assert.equal(got.finish, 'stop');
  });

  it('the simulator stream (with its keep-alive comment) arrives whole', async () => {
    const got = await collect(await client.chat.completions.create({ model: M, messages: MESSAGES, stream: true }));
    assert.equal(got.content, simText('deepseek', model, USER));
  });

  it('reasoning_content (deepseek-reasoner style) is passed through, whole and streamed', async () => {
    // The simulator reasons only for the model id `deepseek-reasoner`, which the catalog routes to R1 hosts rather
    // than to DeepSeek; the same wire answer is served here for a model DeepSeek itself offers.
    const thinking = 'Thinking about: the question';
    const text = 'The answer.';
    sim.enqueue('deepseek', {
      body: '\n\n' + JSON.stringify({
        id: 'ds-r1', object: 'chat.completion', created: 1, model: 'deepseek-v4-pro',
        choices: [{ index: 0, message: { role: 'assistant', content: text, reasoning_content: thinking }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11, completion_tokens_details: { reasoning_tokens: 3 } },
      }),
    });
    const r: any = await client.chat.completions.create({ model: 'deepseek/deepseek-v4-pro', messages: MESSAGES });
    assert.equal(r.choices[0].message.content, text);
    assert.equal(r.choices[0].message.reasoning_content, thinking);
    assert.equal(r.usage.completion_tokens_details.reasoning_tokens, 3);

    const base = { id: 'ds-r2', object: 'chat.completion.chunk', created: 1, model: 'deepseek-v4-pro' };
    const frame = (delta: object, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    sim.enqueue('deepseek', {
      body: ': keep-alive\n\n' + sseBody([
        frame({ role: 'assistant', content: null, reasoning_content: '' }),
        frame({ content: null, reasoning_content: 'Thinking about:' }),
        frame({ content: null, reasoning_content: ' the question' }),
        frame({ content: 'The answer.', reasoning_content: null }),
        frame({ content: '', reasoning_content: null }, 'stop'),
      ]),
      headers: { 'content-type': 'text/event-stream' },
    });
    const got = await collect(await client.chat.completions.create({ model: 'deepseek/deepseek-v4-pro', messages: MESSAGES, stream: true }));
    assert.equal(got.reasoning, thinking);
    assert.equal(got.content, text);
  });
});

describe('Sarvam and Writer', () => {
  it('Sarvam gets its key in the api-subscription-key header', async () => {
    const r = await client.chat.completions.create({ model: 'sarvam/sarvam-30b', messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, simText('sarvam', 'sarvam-30b', USER));
    const req = onlyRequest('sarvam');
    assert.equal(req.path, '/sarvam/v1/chat/completions');
    assert.equal(req.headers['api-subscription-key'], '***', 'the key travelled in api-subscription-key');
    assert.equal(req.headers.authorization, undefined, 'no Authorization header');
  });

  it('Writer is called on /v1/chat', async () => {
    const r = await client.chat.completions.create({ model: 'writer/palmyra-x5', messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, simText('writer', 'palmyra-x5', USER));
    assert.equal(onlyRequest('writer').path, '/writer/v1/chat');
  });
});
