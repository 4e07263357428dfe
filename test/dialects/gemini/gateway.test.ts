/**
 * Gemini through the gateway with the official `openai` client: answers, streams, tool round trips, images,
 * JSON mode, reasoning, and the generateContent request the simulator received for each.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startGeminiSimulator, type GeminiSimulator } from '../../../simulators/gemini/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { collect, words } from './helpers.js';

let sim: GeminiSimulator;
let gw: RunningGateway;
let client: OpenAI;
before(async () => {
  sim = await startGeminiSimulator();
  gw = await startTestGateway({ env: { GEMINI_API_KEY: 'test-key', GOOGLE_BASE_URL: sim.baseUrl } });
  client = new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 });
});
after(async () => {
  await gw.close();
  await sim.close();
});
beforeEach(() => sim.reset());

const UPSTREAM = 'gemini-2.5-flash-lite';
const MODEL = `google/${UPSTREAM}`;
const SYSTEM = 'You are terse';
const USER = 'What is the weather in Paris today';
const MESSAGES: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM }, { role: 'user', content: USER }];
const TEXT = `Hello from google (${UPSTREAM}): ${USER}`;
const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather', description: 'Weather in a city', strict: true,
      parameters: {
        $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false,
        properties: { input: { type: 'string', description: 'City' }, unit: { type: ['string', 'null'], enum: ['c', 'f', null] }, email: { type: 'string', format: 'email' } },
        required: ['input', 'unit'],
      },
    },
  },
  { type: 'function', function: { name: 'other_tool' } },
];
const wire = (i = 0) => sim.requests()[i]!.body as Record<string, any>;
type Reasoning = { reasoning_content?: string };
type FnCall = OpenAI.ChatCompletionMessageFunctionToolCall;

describe('google through the gateway: answers', () => {
  it('text: content, usage, served-by headers, and the wire request', async () => {
    const { data: r, response } = await client.chat.completions
      .create({ model: MODEL, messages: MESSAGES, temperature: 0.3, top_p: 0.9, max_tokens: 200, stop: ['###'], seed: 7, user: 'end-user-42' })
      .withResponse();
    assert.equal(r.choices[0]!.message.content, TEXT);
    assert.equal(r.choices[0]!.finish_reason, 'stop');
    assert.equal(r.object, 'chat.completion');
    assert.equal(r.usage?.prompt_tokens, words(SYSTEM) + words(USER));
    assert.equal(r.usage?.completion_tokens, words(TEXT));
    assert.equal(r.usage?.total_tokens, words(SYSTEM) + words(USER) + words(TEXT));
    assert.equal(response.headers.get('x-wai-provider'), 'google');
    assert.equal(response.headers.get('x-wai-level'), '1');
    assert.equal(response.headers.get('x-wai-attempts'), '1');

    const sent = sim.requests()[0]!;
    assert.equal(sent.path, `/v1beta/models/${UPSTREAM}:generateContent`);
    assert.equal(sent.headers['x-goog-api-key'], '***', 'the key travels in x-goog-api-key');
    assert.equal(sent.headers.authorization, undefined);
    assert.deepEqual(wire().systemInstruction, { parts: [{ text: SYSTEM }] });
    assert.deepEqual(wire().contents, [{ role: 'user', parts: [{ text: USER }] }]);
    assert.deepEqual(wire().generationConfig, { temperature: 0.3, topP: 0.9, maxOutputTokens: 200, stopSequences: ['###'], seed: 7 });
    assert.equal(JSON.stringify(wire()).includes('end-user-42'), false, 'Gemini has no user field: it is not sent');
  });

  it('stream: deltas join to the same text; usage chunk only when asked for', async () => {
    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }));
    assert.equal(got.text, TEXT);
    assert.equal(got.chunks[0].choices[0].delta.role, 'assistant');
    assert.equal(got.finish, 'stop');
    const last = got.chunks[got.chunks.length - 1];
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage.prompt_tokens, words(SYSTEM) + words(USER));
    assert.equal(last.usage.completion_tokens, words(TEXT));
    assert.equal(sim.requests()[0]!.path, `/v1beta/models/${UPSTREAM}:streamGenerateContent?alt=sse`);

    const plain = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }));
    assert.equal(plain.text, TEXT);
    assert.ok(plain.chunks.every((c) => c.usage == null && c.choices.length === 1));
  });

  it('tool call round trip: schema translated, call, result by name, final answer', async () => {
    const first = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: 'auto' });
    const choice = first.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    const call = choice.message.tool_calls![0] as FnCall;
    assert.equal(call.type, 'function');
    assert.match(call.id, /^call_/);
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { input: USER });

    const declarations = wire().tools[0].functionDeclarations;
    assert.deepEqual(declarations[0], {
      name: 'get_weather', description: 'Weather in a city',
      parameters: {
        type: 'OBJECT',
        properties: { input: { type: 'STRING', description: 'City' }, unit: { type: 'STRING', nullable: true, enum: ['c', 'f'] }, email: { type: 'STRING' } },
        required: ['input', 'unit'],
      },
    });
    assert.deepEqual(declarations[1], { name: 'other_tool' }, 'a tool without parameters declares none');
    assert.deepEqual(wire().toolConfig, { functionCallingConfig: { mode: 'AUTO' } });

    const second = await client.chat.completions.create({
      model: MODEL, tools: TOOLS,
      messages: [...MESSAGES, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 21C' }],
    });
    assert.equal(second.choices[0]!.message.content, 'Tool said: sunny, 21C');
    assert.equal(second.choices[0]!.finish_reason, 'stop');
    const contents = wire(1).contents;
    assert.deepEqual(contents[1], { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { input: USER } } }] });
    assert.deepEqual(contents[2], { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'sunny, 21C' } } }] });
  });

  it('streamed tool call: one delta with id, type, name and the arguments', async () => {
    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, stream: true }));
    assert.equal(got.finish, 'tool_calls');
    const call = got.calls.get(0)!;
    assert.ok(call.nameInFirst);
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.args), { input: USER });
  });

  it('parallel tool results share one user turn; Gemini 3 replays carry the signature placeholder', async () => {
    const model = 'google/gemini-3-pro-preview';
    const history: OpenAI.ChatCompletionMessageParam[] = [
      ...MESSAGES,
      {
        role: 'assistant', content: null, tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"input":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'other_tool', arguments: '' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_b', content: 'done' },
    ];
    const r = await client.chat.completions.create({ model, messages: history, tools: TOOLS });
    assert.equal(r.choices[0]!.message.content, 'Tool said: done');
    const contents = wire().contents;
    assert.equal(contents.length, 3);
    assert.deepEqual(contents[1].parts, [
      { functionCall: { name: 'get_weather', args: { input: 'Paris' } }, thoughtSignature: 'skip_thought_signature_validator' },
      { functionCall: { name: 'other_tool', args: {} } },
    ]);
    assert.deepEqual(contents[2].parts.map((p: any) => p.functionResponse.name), ['get_weather', 'other_tool']);
  });

  it('tool_choice: required -> ANY, a named function -> ANY limited to it, none -> NONE', async () => {
    await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: 'required' });
    const named = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: { type: 'function', function: { name: 'other_tool' } } });
    const none = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, tool_choice: 'none' });
    assert.deepEqual(wire(0).toolConfig, { functionCallingConfig: { mode: 'ANY' } });
    assert.deepEqual(wire(1).toolConfig, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['other_tool'] } });
    assert.deepEqual(wire(2).toolConfig, { functionCallingConfig: { mode: 'NONE' } });
    assert.equal((named.choices[0]!.message.tool_calls![0] as FnCall).function.name, 'other_tool');
    assert.equal(none.choices[0]!.message.content, TEXT);
  });

  it('images: a data URL goes inline, an http URL as fileData', async () => {
    const r = await client.chat.completions.create({
      model: MODEL,
      messages: [{
        role: 'user', content: [
          { type: 'text', text: USER },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.webp' } },
        ],
      }],
    });
    assert.equal(r.choices[0]!.message.content, `${TEXT} (saw 2 image(s))`);
    assert.deepEqual(wire().contents[0].parts, [
      { text: USER },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp' } },
    ]);
  });

  it('JSON mode: json_schema -> responseMimeType + responseSchema; json_object -> responseMimeType', async () => {
    const r = await client.chat.completions.create({
      model: MODEL, messages: MESSAGES,
      response_format: { type: 'json_schema', json_schema: { name: 'a', strict: true, schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false } } },
    });
    assert.deepEqual(JSON.parse(r.choices[0]!.message.content!), { answer: TEXT });
    assert.deepEqual(wire().generationConfig, {
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { answer: { type: 'STRING' } }, required: ['answer'] },
    });
    await client.chat.completions.create({ model: MODEL, messages: MESSAGES, response_format: { type: 'json_object' } });
    assert.deepEqual(wire(1).generationConfig, { responseMimeType: 'application/json' });
  });

  it('reasoning_effort asks for thoughts: reasoning_content and reasoning_tokens come back', async () => {
    const r = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, reasoning_effort: 'low' });
    const message = r.choices[0]!.message as typeof r.choices[0]['message'] & Reasoning;
    assert.equal(message.reasoning_content, `Thinking about: ${USER}`);
    assert.equal(message.content, TEXT);
    assert.equal(r.usage?.completion_tokens_details?.reasoning_tokens, words(`Thinking about: ${USER}`));
    assert.equal(r.usage?.completion_tokens, words(TEXT) + words(`Thinking about: ${USER}`));
    assert.deepEqual(wire().generationConfig.thinkingConfig, { includeThoughts: true, thinkingBudget: 1024 });

    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, reasoning_effort: 'high', stream: true }));
    assert.equal(got.reasoning, `Thinking about: ${USER}`);
    assert.equal(got.text, TEXT);
  });

  it('max_tokens cut is finish_reason length; n > 1 gives one choice per candidate', async () => {
    const short = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, max_completion_tokens: 3 });
    assert.equal(short.choices[0]!.finish_reason, 'length');
    assert.equal(wire().generationConfig.maxOutputTokens, 3);
    const two = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, n: 2 });
    assert.deepEqual(two.choices.map((c) => [c.index, c.message.content]), [[0, TEXT], [1, TEXT]]);
    assert.equal(wire(1).generationConfig.candidateCount, 2);
  });
});
