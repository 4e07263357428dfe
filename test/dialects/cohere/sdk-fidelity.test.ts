/**
 * Simulator fidelity: Cohere's official SDK (`cohere-ai`, CohereClientV2) pointed at the Cohere simulator
 * parses its answers, its streams and its errors (each status raises the SDK's own error class).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cohere, CohereClientV2, CohereError } from 'cohere-ai';
import { startCohereSimulator, type CohereSimulator } from '../../../simulators/cohere/index.js';

let sim: CohereSimulator;
let co: CohereClientV2;
before(async () => {
  sim = await startCohereSimulator();
  co = new CohereClientV2({ token: 'co-good-key', environment: sim.baseUrl });
});
after(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const MODEL = 'command-a-03-2025';
const USER = 'What is the weather in Paris today';
const MESSAGES: Cohere.ChatMessages = [
  { role: 'system', content: 'You are terse' },
  { role: 'user', content: USER },
];
const TOOLS: Cohere.ToolV2[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { input: { type: 'string' } } } } },
];
const NO_RETRY = { maxRetries: 0 };
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const expectedText = `Hello from cohere (${MODEL}): ${USER}`;

describe('cohere-ai SDK against the simulator: answers', () => {
  it('chat: text, finish reason and usage', async () => {
    const r = await co.chat({ model: MODEL, messages: MESSAGES, maxTokens: 50, stopSequences: ['\n\n'], temperature: 0.2, p: 0.5, k: 10, seed: 3 }, NO_RETRY);
    assert.equal(r.finishReason, 'COMPLETE');
    const part = r.message.content?.[0];
    assert.equal(part?.type, 'text');
    assert.equal(part?.type === 'text' ? part.text : '', expectedText);
    assert.equal(r.usage?.tokens?.inputTokens, words('You are terse') + words(USER));
    assert.equal(r.usage?.billedUnits?.outputTokens, words(expectedText));
    // The SDK's camelCase options arrive in Cohere's snake_case, and the simulator accepted them.
    const body = sim.requests()[0]!.body as Record<string, unknown>;
    assert.deepEqual(
      { max_tokens: body.max_tokens, stop_sequences: body.stop_sequences, temperature: body.temperature, p: body.p, k: body.k, seed: body.seed },
      { max_tokens: 50, stop_sequences: ['\n\n'], temperature: 0.2, p: 0.5, k: 10, seed: 3 },
    );
    assert.equal(sim.requests()[0]!.path, '/v2/chat');
    assert.equal(sim.requests()[0]!.headers.authorization, '***');
  });

  it('chat: a tool call with its plan, then the tool result turn', async () => {
    const r = await co.chat({ model: MODEL, messages: MESSAGES, tools: TOOLS }, NO_RETRY);
    assert.equal(r.finishReason, 'TOOL_CALL');
    const call = r.message.toolCalls?.[0];
    assert.equal(call?.function?.name, 'get_weather');
    assert.match(call?.id ?? '', /^get_weather_[a-z0-9]{12}$/);
    assert.deepEqual(JSON.parse(call?.function?.arguments ?? ''), { input: USER });
    assert.match(r.message.toolPlan ?? '', /get_weather/);

    const followUp = await co.chat({
      model: MODEL,
      tools: TOOLS,
      messages: [
        ...MESSAGES,
        { role: 'assistant', toolCalls: r.message.toolCalls, toolPlan: r.message.toolPlan },
        { role: 'tool', toolCallId: call!.id, content: [{ type: 'document', document: { data: { temp: '21C' } } }] },
      ],
    }, NO_RETRY);
    assert.equal(followUp.finishReason, 'COMPLETE');
    const text = followUp.message.content?.[0];
    assert.equal(text?.type === 'text' ? text.text : '', 'Tool said: {"temp":"21C"}');
  });

  it('chatStream: text deltas join to the answer; message-end has usage', async () => {
    const types: string[] = [];
    let text = '';
    let end: Cohere.V2ChatStreamResponse | undefined;
    for await (const event of await co.chatStream({ model: MODEL, messages: MESSAGES }, NO_RETRY)) {
      types.push(event.type);
      if (event.type === 'content-delta') text += event.delta?.message?.content?.text ?? '';
      if (event.type === 'message-end') end = event;
    }
    assert.equal(text, expectedText);
    assert.equal(types[0], 'message-start');
    assert.deepEqual(types.slice(1, 2), ['content-start']);
    assert.equal(types.at(-2), 'content-end');
    assert.equal(types.at(-1), 'message-end');
    assert.ok(types.filter((t) => t === 'content-delta').length >= 4);
    assert.equal(end?.type === 'message-end' ? end.delta?.finishReason : '', 'COMPLETE');
    assert.equal(end?.type === 'message-end' ? end.delta?.usage?.tokens?.outputTokens : 0, words(expectedText));
  });

  it('chatStream: tool plan, then the call in pieces', async () => {
    let plan = '';
    let args = '';
    let start: Cohere.V2ChatStreamResponse | undefined;
    const types: string[] = [];
    for await (const event of await co.chatStream({ model: MODEL, messages: MESSAGES, tools: TOOLS }, NO_RETRY)) {
      types.push(event.type);
      if (event.type === 'tool-plan-delta') plan += event.delta?.message?.toolPlan ?? '';
      if (event.type === 'tool-call-start') start = event;
      if (event.type === 'tool-call-delta') args += event.delta?.message?.toolCalls?.function?.arguments ?? '';
    }
    assert.match(plan, /get_weather/);
    assert.equal(start?.type === 'tool-call-start' ? start.delta?.message?.toolCalls?.function?.name : '', 'get_weather');
    assert.deepEqual(JSON.parse(args), { input: USER });
    assert.ok(types.filter((t) => t === 'tool-call-delta').length >= 2);
    assert.deepEqual(types.slice(-2), ['tool-call-end', 'message-end']);
  });

  it('chatStream: a reasoning model streams a thinking block first', async () => {
    let thinking = '';
    let text = '';
    for await (const event of await co.chatStream({ model: 'command-a-reasoning-08-2025', messages: MESSAGES }, NO_RETRY)) {
      if (event.type === 'content-delta') {
        thinking += event.delta?.message?.content?.thinking ?? '';
        text += event.delta?.message?.content?.text ?? '';
      }
    }
    assert.equal(thinking, `Thinking about: ${USER}`);
    assert.equal(text, `Hello from cohere (command-a-reasoning-08-2025): ${USER}`);
  });

  it('json_object with a schema is accepted and answered as JSON', async () => {
    const r = await co.chat({ model: MODEL, messages: MESSAGES, responseFormat: { type: 'json_object', jsonSchema: { type: 'object' } } }, NO_RETRY);
    const part = r.message.content?.[0];
    assert.deepEqual(JSON.parse(part?.type === 'text' ? part.text : ''), { answer: expectedText });
  });

  it('images: a user image part is counted', async () => {
    const r = await co.chat({
      model: 'command-a-vision-07-2025',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image_url', imageUrl: { url: 'data:image/png;base64,AAAA' } }] }],
    }, NO_RETRY);
    const part = r.message.content?.[0];
    assert.match(part?.type === 'text' ? part.text : '', /\(saw 1 image\(s\)\)$/);
  });
});

describe('cohere-ai SDK against the simulator: errors', () => {
  const cases: Array<[number, new (...a: any[]) => CohereError]> = [
    [400, Cohere.BadRequestError], [401, Cohere.UnauthorizedError], [403, Cohere.ForbiddenError], [404, Cohere.NotFoundError],
    [422, Cohere.UnprocessableEntityError], [429, Cohere.TooManyRequestsError], [498, Cohere.InvalidTokenError],
    [499, Cohere.ClientClosedRequestError], [500, Cohere.InternalServerError], [501, Cohere.NotImplementedError],
    [503, Cohere.ServiceUnavailableError], [504, Cohere.GatewayTimeoutError],
  ];
  for (const [status, ErrorClass] of cases) {
    it(`${status} raises ${ErrorClass.name} with Cohere's {id, message} body`, async () => {
      sim.enqueue({ status });
      const error = await co.chat({ model: MODEL, messages: MESSAGES }, NO_RETRY).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof ErrorClass, String(error));
      assert.equal(error.statusCode, status);
      const body = error.body as { id?: unknown; message?: unknown };
      assert.equal(typeof body.message, 'string');
      assert.equal(typeof body.id, 'string');
    });
  }

  it('402 (billing) is a plain CohereError with the status', async () => {
    sim.enqueue({ errorCode: 'insufficient_quota' });
    const error = await co.chat({ model: MODEL, messages: MESSAGES }, NO_RETRY).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof CohereError);
    assert.equal(error.statusCode, 402);
    assert.match(String((error.body as { message: string }).message), /payment method/);
  });

  it('no key and a bad key: 401 with the documented messages', async () => {
    const none = new CohereClientV2({ token: '', environment: sim.baseUrl });
    const e1 = await none.chat({ model: MODEL, messages: MESSAGES }, NO_RETRY).then(() => undefined, (e: unknown) => e);
    assert.ok(e1 instanceof Cohere.UnauthorizedError);
    assert.equal((e1.body as { message: string }).message, 'no api key supplied');
    const bad = new CohereClientV2({ token: 'co-bad-key', environment: sim.baseUrl });
    const e2 = await bad.chat({ model: MODEL, messages: MESSAGES }, NO_RETRY).then(() => undefined, (e: unknown) => e);
    assert.ok(e2 instanceof Cohere.UnauthorizedError);
    assert.equal((e2.body as { message: string }).message, 'invalid api token');
  });

  it('an unknown model is a 404 NotFoundError naming it', async () => {
    const e = await co.chat({ model: 'command-does-not-exist', messages: MESSAGES }, NO_RETRY).then(() => undefined, (e: unknown) => e);
    assert.ok(e instanceof Cohere.NotFoundError);
    assert.match((e.body as { message: string }).message, /model 'command-does-not-exist' not found/);
  });

  it('an OpenAI-only field is refused with 422 "unknown field"', async () => {
    const res = await fetch(sim.baseUrl + '/v2/chat', {
      method: 'POST',
      headers: { authorization: 'Bearer co-good-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: MESSAGES, tools: [{ type: 'function', function: { name: 'f', parameters: {}, strict: true } }] }),
    });
    assert.equal(res.status, 422);
    assert.match(((await res.json()) as { message: string }).message, /^unknown field: parameter 'strict' is not a valid field/);
  });

  it('the x-sim-fault header applies to one request', async () => {
    const e = await co.chat({ model: MODEL, messages: MESSAGES }, { ...NO_RETRY, headers: { 'x-sim-fault': JSON.stringify({ status: 503 }) } }).then(() => undefined, (e: unknown) => e);
    assert.ok(e instanceof Cohere.ServiceUnavailableError);
    const ok = await co.chat({ model: MODEL, messages: MESSAGES }, NO_RETRY);
    assert.equal(ok.finishReason, 'COMPLETE');
  });

  it('streamError: a failed message-end (finish_reason ERROR with an error text)', async () => {
    sim.enqueue({ streamError: { afterChunks: 3, message: 'model overloaded' } });
    const events: Cohere.V2ChatStreamResponse[] = [];
    for await (const event of await co.chatStream({ model: MODEL, messages: MESSAGES }, NO_RETRY)) events.push(event);
    assert.equal(events.length, 4);
    const last = events.at(-1)!;
    assert.equal(last.type, 'message-end');
    assert.equal(last.type === 'message-end' ? last.delta?.finishReason : '', 'ERROR');
    assert.equal(last.type === 'message-end' ? last.delta?.error : '', 'model overloaded');
  });

  it('truncate: the stream ends cleanly without message-end', async () => {
    sim.enqueue({ truncate: true });
    const types: string[] = [];
    for await (const event of await co.chatStream({ model: MODEL, messages: MESSAGES }, NO_RETRY)) types.push(event.type);
    assert.ok(types.length > 0);
    assert.ok(!types.includes('message-end'));
  });

  it('malformed: the SDK fails on the non-JSON event', async () => {
    sim.enqueue({ malformed: true });
    await assert.rejects(async () => {
      for await (const _event of await co.chatStream({ model: MODEL, messages: MESSAGES }, NO_RETRY)) { /* drain */ }
    });
  });
});
