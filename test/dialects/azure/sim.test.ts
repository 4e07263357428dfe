/**
 * Azure simulator fidelity: openai-node's `AzureOpenAI` client (and the plain client for the v1 form)
 * parses what the simulator sends and raises the right errors for its faults.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { AzureOpenAI } from 'openai';
import { startAzureSimulator, type AzureSimulator } from '../../../simulators/azure/index.js';
import { collect } from '../../simulators/sim-helpers.js';

let sim: AzureSimulator;
before(async () => {
  sim = await startAzureSimulator();
});
after(async () => {
  await sim.close();
});

const USER = 'What is the weather in Paris today';
const MESSAGES = [{ role: 'system' as const, content: 'Be brief' }, { role: 'user' as const, content: USER }];
const TOOLS = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { input: { type: 'string' } } } } }];
const client = (apiKey = 'azure-good-key') => new AzureOpenAI({ apiKey, baseURL: sim.baseUrl, apiVersion: '2024-10-21', maxRetries: 0 });

describe('azure simulator through AzureOpenAI', () => {
  it('answers text on the deployment path with api-key auth', async () => {
    sim.reset();
    const r = await client().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, `Hello from azure-openai (gpt-4o): ${USER}`);
    assert.equal(r.choices[0]!.finish_reason, 'stop');
    assert.equal(r.usage?.prompt_tokens, 9);
    const [req] = sim.requests();
    assert.equal(req!.path, '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
    assert.equal(req!.headers['api-key'], '***');
    assert.ok((r as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results.length > 0, 'Azure prompt filter results');
  });

  it('streams: first chunk has empty choices and prompt filter results, deltas join to the text', async () => {
    const stream = await client().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
    const got = await collect(stream);
    assert.deepEqual(got.chunks[0].choices, []);
    assert.ok(Array.isArray(got.chunks[0].prompt_filter_results));
    assert.equal(got.content, `Hello from azure-openai (gpt-4o): ${USER}`);
    assert.equal(got.finish, 'stop');
    assert.equal(got.chunks.at(-1).usage.prompt_tokens, 9);
    assert.ok(got.chunks[2].choices[0].content_filter_results.hate, 'per-choice content filter results');
  });

  it('calls a tool, whole and streamed', async () => {
    const r = await client().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, tools: TOOLS });
    assert.equal(r.choices[0]!.finish_reason, 'tool_calls');
    const call = r.choices[0]!.message.tool_calls![0]!;
    assert.equal(call.type === 'function' && call.function.name, 'get_weather');
    const got = await collect(await client().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, tools: TOOLS, stream: true }));
    assert.equal(got.calls.get(0)!.name, 'get_weather');
    assert.deepEqual(JSON.parse(got.calls.get(0)!.args), { input: USER });
  });

  it('serves the v1 form to the plain OpenAI client (model = deployment)', async () => {
    sim.reset();
    const v1 = new OpenAI({ apiKey: 'azure-good-key', baseURL: `${sim.url}/openai/v1`, maxRetries: 0 });
    const r = await v1.chat.completions.create({ model: 'my-deployment', messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, `Hello from azure-openai (my-deployment): ${USER}`);
    assert.equal(sim.requests()[0]!.path, '/openai/v1/chat/completions');
  });

  it('ends a filtered completion with finish_reason content_filter', async () => {
    sim.enqueue('azure-openai', { errorCode: 'content_filter_output' });
    const r = await client().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES });
    assert.equal(r.choices[0]!.finish_reason, 'content_filter');
  });

  it('raises the SDK error types for faults', async () => {
    await assert.rejects(client('bad-key').chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }), OpenAI.AuthenticationError);
    await assert.rejects(client().chat.completions.create({ model: 'does-not-exist', messages: MESSAGES }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.NotFoundError);
      assert.equal(e.code, 'DeploymentNotFound');
      return true;
    });
    sim.enqueue('azure-openai', { status: 429 });
    await assert.rejects(client().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.RateLimitError);
      assert.equal(e.headers.get('retry-after-ms'), '1000');
      return true;
    });
    sim.enqueue('azure-openai', { errorCode: 'content_filter' });
    await assert.rejects(client().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.BadRequestError);
      assert.equal(e.code, 'content_filter');
      assert.equal((e.error as { innererror: { code: string } }).innererror.code, 'ResponsibleAIPolicyViolation');
      return true;
    });
    sim.enqueue('azure-openai', { status: 500 });
    await assert.rejects(client().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }), OpenAI.InternalServerError);
  });

  it('sends an in-stream error the SDK raises', async () => {
    sim.enqueue('azure-openai', { streamError: { afterChunks: 3, message: 'upstream went away' } });
    const stream = await client().chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, stream: true });
    await assert.rejects(collect(stream), /upstream went away/);
  });

  it('answers an unknown api-version with a bare 404', async () => {
    const old = new AzureOpenAI({ apiKey: 'azure-good-key', baseURL: sim.baseUrl, apiVersion: 'latest', maxRetries: 0 });
    await assert.rejects(old.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }), OpenAI.NotFoundError);
  });
});
