/**
 * Simulator fidelity: Google's official SDK (`@google/genai`) pointed at the Gemini simulator parses its text,
 * function calls, thoughts and streams, and raises ApiError with the right status for each fault.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, GoogleGenAI, FunctionCallingConfigMode, Type } from '@google/genai';
import { startGeminiSimulator, type GeminiSimulator } from '../../../simulators/gemini/index.js';
import { words } from './helpers.js';

let sim: GeminiSimulator;
let ai: GoogleGenAI;
before(async () => {
  sim = await startGeminiSimulator();
  ai = new GoogleGenAI({ apiKey: 'sim-good-key', httpOptions: { baseUrl: sim.baseUrl } });
});
after(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const MODEL = 'gemini-2.5-flash';
const USER = 'What is the weather in Paris today';
const SYSTEM = 'You are terse';
const TEXT = `Hello from google (${MODEL}): ${USER}`;
const WEATHER = {
  functionDeclarations: [
    { name: 'get_weather', description: 'Weather in a city', parameters: { type: Type.OBJECT, properties: { input: { type: Type.STRING } }, required: ['input'] } },
    { name: 'other_tool', description: 'Unused' },
  ],
};

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
  return error;
}

describe('@google/genai against the simulator: answers', () => {
  it('generateContent: text, finish reason and usage', async () => {
    const r = await ai.models.generateContent({ model: MODEL, contents: USER, config: { systemInstruction: SYSTEM } });
    assert.equal(r.text, TEXT);
    assert.equal(r.candidates?.[0]?.finishReason, 'STOP');
    assert.equal(r.usageMetadata?.promptTokenCount, words(SYSTEM) + words(USER));
    assert.equal(r.usageMetadata?.candidatesTokenCount, words(TEXT));
    assert.equal(r.modelVersion, MODEL);
    assert.ok(r.responseId);
    const wire = sim.requests()[0]!;
    assert.equal(wire.path, `/v1beta/models/${MODEL}:generateContent`);
    assert.equal(wire.headers['x-goog-api-key'], '***');
  });

  it('generateContentStream: SSE chunks join to the same text, usage on the last', async () => {
    const stream = await ai.models.generateContentStream({ model: MODEL, contents: USER, config: { systemInstruction: SYSTEM } });
    let text = '';
    let chunks = 0;
    let last: Awaited<ReturnType<typeof ai.models.generateContent>> | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.text ?? '';
      last = chunk;
    }
    assert.equal(text, TEXT);
    assert.ok(chunks >= 4, 'several chunks');
    assert.equal(last?.candidates?.[0]?.finishReason, 'STOP');
    assert.equal(last?.usageMetadata?.candidatesTokenCount, words(TEXT));
    assert.equal(sim.requests()[0]!.path, `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`);
  });

  it('function call: whole, args as an object, then a functionResponse round trip', async () => {
    const r = await ai.models.generateContent({ model: MODEL, contents: USER, config: { tools: [WEATHER] } });
    assert.deepEqual(r.functionCalls, [{ name: 'get_weather', args: { input: USER } }]);
    const call = r.candidates![0]!.content!;
    const next = await ai.models.generateContent({
      model: MODEL,
      contents: [
        { role: 'user', parts: [{ text: USER }] },
        call,
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'sunny, 21C' } } }] },
      ],
      config: { tools: [WEATHER] },
    });
    assert.equal(next.text, 'Tool said: sunny, 21C');
  });

  it('function calling mode ANY with allowed names calls that function; NONE answers in text', async () => {
    const forced = await ai.models.generateContent({
      model: MODEL, contents: USER,
      config: { tools: [WEATHER], toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: ['other_tool'] } } },
    });
    assert.equal(forced.functionCalls?.[0]?.name, 'other_tool');
    const none = await ai.models.generateContent({
      model: MODEL, contents: USER,
      config: { tools: [WEATHER], toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.NONE } } },
    });
    assert.equal(none.text, TEXT);
  });

  it('streamed function call arrives whole in one chunk', async () => {
    const stream = await ai.models.generateContentStream({ model: MODEL, contents: USER, config: { tools: [WEATHER] } });
    const calls = [];
    for await (const chunk of stream) calls.push(...(chunk.functionCalls ?? []));
    assert.deepEqual(calls, [{ name: 'get_weather', args: { input: USER } }]);
  });

  it('thoughts when asked for, JSON mode, images', async () => {
    const thinking = await ai.models.generateContent({ model: MODEL, contents: USER, config: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } });
    const parts = thinking.candidates![0]!.content!.parts!;
    assert.equal(parts[0]!.thought, true);
    assert.equal(parts[0]!.text, `Thinking about: ${USER}`);
    assert.equal(thinking.text, TEXT, 'the SDK leaves thoughts out of .text');
    assert.equal(thinking.usageMetadata?.thoughtsTokenCount, words(`Thinking about: ${USER}`));

    const json = await ai.models.generateContent({ model: MODEL, contents: USER, config: { responseMimeType: 'application/json', responseSchema: { type: Type.OBJECT, properties: { answer: { type: Type.STRING } } } } });
    assert.deepEqual(JSON.parse(json.text!), { answer: TEXT });

    const image = await ai.models.generateContent({ model: MODEL, contents: [{ role: 'user', parts: [{ text: USER }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] }] });
    assert.equal(image.text, `${TEXT} (saw 1 image(s))`);
  });

  it('Gemini 3 attaches a thought signature to calls and refuses a replayed call without one', async () => {
    const model = 'gemini-3-pro-preview';
    const r = await ai.models.generateContent({ model, contents: USER, config: { tools: [WEATHER] } });
    const call = r.candidates![0]!.content!;
    assert.equal(typeof call.parts![0]!.thoughtSignature, 'string');
    const stripped = { role: 'model', parts: [{ functionCall: call.parts![0]!.functionCall }] };
    const reply = { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'ok' } } }] };
    const error = await apiError(ai.models.generateContent({ model, contents: [{ role: 'user', parts: [{ text: USER }] }, stripped, reply], config: { tools: [WEATHER] } }));
    assert.equal(error.status, 400);
    assert.match(error.message, /thought_signature/);
    const ok = await ai.models.generateContent({ model, contents: [{ role: 'user', parts: [{ text: USER }] }, call, reply], config: { tools: [WEATHER] } });
    assert.equal(ok.text, 'Tool said: ok');
  });

  it('lists models', async () => {
    const pager = await ai.models.list();
    const names = [];
    for await (const m of pager) names.push(m.name);
    assert.ok(names.includes('models/gemini-2.5-flash'));
  });
});

describe('@google/genai against the simulator: failures', () => {
  const cases: Array<{ name: string; fault: Record<string, unknown>; status: number; text: RegExp }> = [
    { name: 'bad key flavour', fault: { errorCode: 'invalid_api_key' }, status: 400, text: /API_KEY_INVALID/ },
    { name: 'permission denied', fault: { status: 403 }, status: 403, text: /PERMISSION_DENIED/ },
    { name: 'rate limit', fault: { errorCode: 'rate_limit_exceeded' }, status: 429, text: /RetryInfo/ },
    { name: 'daily quota', fault: { errorCode: 'insufficient_quota' }, status: 429, text: /PerDay/ },
    { name: 'billing precondition', fault: { errorCode: 'billing' }, status: 400, text: /FAILED_PRECONDITION/ },
    { name: 'model not found', fault: { status: 404 }, status: 404, text: /NOT_FOUND/ },
    { name: 'internal', fault: { status: 500 }, status: 500, text: /INTERNAL/ },
    { name: 'overloaded', fault: { status: 503 }, status: 503, text: /UNAVAILABLE/ },
    { name: 'deadline', fault: { status: 504 }, status: 504, text: /DEADLINE_EXCEEDED/ },
  ];
  for (const c of cases) {
    it(`${c.name} -> ApiError ${c.status}`, async () => {
      sim.enqueue(c.fault);
      const error = await apiError(ai.models.generateContent({ model: MODEL, contents: USER }));
      assert.equal(error.status, c.status);
      assert.match(error.message, c.text);
    });
  }

  it('a key containing "bad" is refused with 400 API_KEY_INVALID; no key with 403', async () => {
    const bad = new GoogleGenAI({ apiKey: 'my-bad-key', httpOptions: { baseUrl: sim.baseUrl } });
    const error = await apiError(bad.models.generateContent({ model: MODEL, contents: USER }));
    assert.equal(error.status, 400);
    assert.match(error.message, /API key not valid/);
    const res = await fetch(`${sim.baseUrl}/v1beta/models/${MODEL}:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"contents":[{"parts":[{"text":"x"}]}]}' });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { error: { status: string } }).error.status, 'PERMISSION_DENIED');
  });

  it('an unknown model is 404; an unknown schema key is 400 as on the real API', async () => {
    assert.equal((await apiError(ai.models.generateContent({ model: 'gemini-does-not-exist', contents: USER }))).status, 404);
    // The SDK itself drops keys its Schema type lacks, so the raw request is sent with fetch.
    const res = await fetch(`${sim.baseUrl}/v1beta/models/${MODEL}:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
      body: JSON.stringify({
        contents: [{ role: 'user', parts: [{ text: USER }] }],
        tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'STRING' } }, additionalProperties: false } }] }],
      }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { status: string; message: string } };
    assert.equal(body.error.status, 'INVALID_ARGUMENT');
    assert.match(body.error.message, /Unknown name "additionalProperties" at 'tools\[0\].function_declarations\[0\].parameters'/);
    const untyped = await fetch(`${sim.baseUrl}/v1beta/models/${MODEL}:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
      body: JSON.stringify({
        contents: [{ role: 'user', parts: [{ text: USER }] }],
        tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { a: {}, b: { type: 'ARRAY' } } } }] }],
      }),
    });
    assert.equal(untyped.status, 400);
    assert.match(((await untyped.json()) as { error: { message: string } }).error.message, /properties\[a\]\.type: must be specified/);
  });

  it('an in-stream error event raises ApiError from the stream', async () => {
    sim.enqueue({ streamError: { afterChunks: 2, code: 503, message: 'The model is overloaded.' } });
    const stream = await ai.models.generateContentStream({ model: MODEL, contents: USER });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.text ?? '';
    })().then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 503);
    assert.ok(text.length > 0, 'some text came first');
  });

  it('a cut connection and a malformed stream are errors, not answers', async () => {
    sim.enqueue({ cutAfterChunks: 2 });
    const cut = await ai.models.generateContentStream({ model: MODEL, contents: USER });
    await assert.rejects(async () => {
      for await (const _ of cut) { /* drain */ }
    });
    sim.enqueue({ malformed: true });
    const broken = await ai.models.generateContentStream({ model: MODEL, contents: USER });
    await assert.rejects(async () => {
      for await (const _ of broken) { /* drain */ }
    });
  });

  it('reset and hang: the SDK sees a network failure, or gives up on its own signal', async () => {
    sim.enqueue({ reset: true });
    const reset = await ai.models.generateContent({ model: MODEL, contents: USER }).then(() => undefined, (e: unknown) => e);
    assert.ok(reset instanceof Error && !(reset instanceof ApiError));
    sim.enqueue({ hang: true });
    const hung = await ai.models
      .generateContent({ model: MODEL, contents: USER, config: { abortSignal: AbortSignal.timeout(100) } })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(hung instanceof Error);
  });

  it('truncate ends the stream early without a finishReason', async () => {
    sim.enqueue({ truncate: true });
    const stream = await ai.models.generateContentStream({ model: MODEL, contents: USER });
    const reasons = [];
    for await (const chunk of stream) reasons.push(chunk.candidates?.[0]?.finishReason);
    assert.ok(reasons.length >= 1);
    assert.ok(reasons.every((r) => r === undefined));
  });

  it('latency, x-sim-fault header and the JSON-array stream form', async () => {
    const started = Date.now();
    sim.enqueue('google', { latencyMs: 60 });
    await ai.models.generateContent({ model: MODEL, contents: USER });
    assert.ok(Date.now() - started >= 55);
    const res = await fetch(`${sim.baseUrl}/v1beta/models/${MODEL}:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k', 'x-sim-fault': '{"status":503}' }, body: '{"contents":[{"parts":[{"text":"x"}]}]}',
    });
    assert.equal(res.status, 503);
    const array = await fetch(`${sim.baseUrl}/v1beta/models/${MODEL}:streamGenerateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' }, body: JSON.stringify({ contents: [{ parts: [{ text: USER }] }] }),
    });
    const chunks = (await array.json()) as Array<{ candidates: Array<{ content: { parts: Array<{ text: string }> } }> }>;
    assert.equal(chunks.map((c) => c.candidates[0]!.content.parts[0]!.text).join(''), TEXT);
  });
});
