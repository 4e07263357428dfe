/**
 * Azure OpenAI through the gateway, with the official `openai` client as the caller and the Azure simulator
 * upstream: answers, streams, tools, images, usage, each error class, and the wire request Azure received.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startAzureSimulator, type AzureSimulator } from '../../../simulators/azure/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { collect, words } from '../../simulators/sim-helpers.js';
import type { Fault } from '../../../simulators/openai-compatible/types.js';
import { assertUpstreamError } from '../upstream-error-check.js';

let sim: AzureSimulator;
let gw: RunningGateway;
let gwV1: RunningGateway;
let gwEndpoint: RunningGateway;
let client: OpenAI;

before(async () => {
  sim = await startAzureSimulator();
  gw = await startTestGateway({ env: { AZURE_OPENAI_API_KEY: 'test-key', AZURE_OPENAI_BASE_URL: sim.baseUrl } });
  gwV1 = await startTestGateway({ env: { AZURE_OPENAI_API_KEY: 'test-key', AZURE_OPENAI_BASE_URL: sim.baseUrl, OPENAI_API_VERSION: 'v1' } });
  gwEndpoint = await startTestGateway({ env: { AZURE_OPENAI_API_KEY: 'test-key', AZURE_OPENAI_ENDPOINT: sim.url, OPENAI_API_VERSION: '2025-04-01-preview' } });
  client = new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 });
});
after(async () => {
  await Promise.all([gw.close(), gwV1.close(), gwEndpoint.close()]);
  await sim.close();
});

const MODEL = 'azure-openai/gpt-4o';
const USER = 'What is the weather in Paris today';
const TEXT = `Hello from azure-openai (gpt-4o): ${USER}`;
const MESSAGES = [{ role: 'system' as const, content: 'Be brief' }, { role: 'user' as const, content: USER }];
const TOOLS = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { input: { type: 'string' } } } } }];
const lastBody = () => sim.requests().at(-1)!.body as Record<string, any>;

describe('azure-openai through the gateway', () => {
  it('answers text and says how it was served', async () => {
    sim.reset();
    const { data, response } = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, max_tokens: 50, temperature: 0.2, top_p: 0.9, stop: ['END'], user: 'u-1' }).withResponse();
    assert.equal(data.choices[0]!.message.content, TEXT);
    assert.equal(data.usage?.total_tokens, 9 + words(TEXT));
    assert.equal(response.headers.get('x-wai-provider'), 'azure-openai');
    assert.equal(response.headers.get('x-wai-level'), '1');
    assert.equal(response.headers.get('x-wai-attempts'), '1');
    const req = sim.requests().at(-1)!;
    assert.equal(req.path, '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
    assert.equal(req.headers['api-key'], '***');
    assert.equal(req.headers.authorization, undefined);
    const body = req.body as Record<string, unknown>;
    assert.deepEqual(body.messages, MESSAGES);
    assert.equal(body.max_tokens, 50);
    assert.equal(body.temperature, 0.2);
    assert.equal(body.top_p, 0.9);
    assert.deepEqual(body.stop, ['END']);
    assert.equal(body.user, 'u-1');
  });

  it('streams the same text, without the prompt-filter frame, and asks for usage', async () => {
    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }));
    assert.equal(got.content, TEXT);
    assert.equal(got.finish, 'stop');
    for (const chunk of got.chunks) assert.equal(chunk.object, 'chat.completion.chunk');
    assert.ok(got.chunks.every((c) => c.choices.length > 0), 'no empty-choices chunk reaches a caller that did not ask for usage');
    assert.deepEqual(lastBody().stream_options, { include_usage: true });
  });

  it('sends the usage chunk when asked', async () => {
    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }));
    const last = got.chunks.at(-1);
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage.prompt_tokens, 9);
    assert.equal(last.usage.completion_tokens, words(TEXT));
  });

  it('runs a tool-call round trip', async () => {
    const first = await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS });
    const call = first.choices[0]!.message.tool_calls![0]!;
    assert.equal(first.choices[0]!.finish_reason, 'tool_calls');
    assert.ok(call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    const streamed = await collect(await client.chat.completions.create({ model: MODEL, messages: MESSAGES, tools: TOOLS, stream: true }));
    assert.equal(streamed.calls.get(0)!.args, call.function.arguments);
    const second = await client.chat.completions.create({
      model: MODEL, tools: TOOLS,
      messages: [...MESSAGES, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 21C' }],
    });
    assert.equal(second.choices[0]!.message.content, 'Tool said: sunny, 21C');
    assert.deepEqual(lastBody().tools, TOOLS);
  });

  it('passes image inputs', async () => {
    const r = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
    });
    assert.equal(r.choices[0]!.message.content, 'Hello from azure-openai (gpt-4o): Describe (saw 1 image(s))');
  });

  it('uses the v1 URL form when OPENAI_API_VERSION=v1', async () => {
    sim.reset();
    const v1 = new OpenAI({ apiKey: 'x', baseURL: gwV1.url + '/v1', maxRetries: 0 });
    const r = await v1.chat.completions.create({ model: 'azure-openai/prod-gpt4o', messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, `Hello from azure-openai (prod-gpt4o): ${USER}`);
    const req = sim.requests().at(-1)!;
    assert.equal(req.path, '/openai/v1/chat/completions');
    assert.equal((req.body as Record<string, unknown>).model, 'prod-gpt4o');
  });

  it('derives the base from AZURE_OPENAI_ENDPOINT and uses the configured api version', async () => {
    sim.reset();
    const viaEndpoint = new OpenAI({ apiKey: 'x', baseURL: gwEndpoint.url + '/v1', maxRetries: 0 });
    const r = await viaEndpoint.chat.completions.create({ model: MODEL, messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, TEXT);
    assert.equal(sim.requests().at(-1)!.path, '/openai/deployments/gpt-4o/chat/completions?api-version=2025-04-01-preview');
  });
});

describe('azure-openai error classes through the gateway', () => {
  // Each case gets a fresh gateway: an auth or quota failure rightly turns the provider off in the health store.
  const freshClient = async () => {
    const fresh = await startTestGateway({ env: { AZURE_OPENAI_API_KEY: 'test-key', AZURE_OPENAI_BASE_URL: sim.baseUrl } });
    return { fresh, caller: new OpenAI({ apiKey: 'x', baseURL: fresh.url + '/v1', maxRetries: 0 }) };
  };
  const expectError = async (fault: Fault, status: number, errorClass: string, check?: (e: InstanceType<typeof OpenAI.APIError>) => void) => {
    const { fresh, caller } = await freshClient();
    sim.reset();
    sim.setDefault('azure-openai', fault);
    try {
      await assert.rejects(caller.chat.completions.create({ model: MODEL, messages: MESSAGES }), (e: unknown) => {
        assertUpstreamError(e, 'azure-openai', errorClass, status);
        check?.(e as InstanceType<typeof OpenAI.APIError>);
        return true;
      });
    } finally {
      sim.setDefault('azure-openai', null);
      await fresh.close();
    }
  };

  it('auth', () => expectError({ status: 401 }, 401, 'auth'));
  it('quota', () => expectError({ errorCode: 'insufficient_quota' }, 429, 'quota'));
  it('rate_limited with retry-after', () => expectError({ status: 429 }, 429, 'rate_limited', (e) => assert.equal(e.headers?.get('retry-after'), '1')));
  it('model_unavailable for DeploymentNotFound', () => expectError({ status: 404 }, 404, 'model_unavailable', (e) => assert.equal(e.code, 'DeploymentNotFound')));
  it('invalid_request for the content filter, code kept', () => expectError({ errorCode: 'content_filter' }, 400, 'invalid_request', (e) => assert.equal(e.code, 'content_filter')));
  it('unsupported for OperationNotSupported', () => expectError({ errorCode: 'OperationNotSupported' }, 400, 'unsupported'));
  it('transient 5xx (retried on the same target first)', () => expectError({ status: 503 }, 503, 'transient'));

  it('an in-stream error after content ends the stream with an error event', async () => {
    const { fresh, caller } = await freshClient();
    sim.enqueue('azure-openai', { streamError: { afterChunks: 4, message: 'backend failed' } });
    try {
      const stream = await caller.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true });
      await assert.rejects(collect(stream), /backend failed/);
    } finally {
      await fresh.close();
    }
  });

  it('a stream cut before any content is transient (retried, then reported), not a hang', async () => {
    const { fresh, caller } = await freshClient();
    sim.setDefault('azure-openai', { cutAfterChunks: 1 });
    try {
      await assert.rejects(caller.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }).then(collect), (e: unknown) => {
        const body = assertUpstreamError(e, 'azure-openai', 'transient', undefined);
        for (const a of body.attempts) assert.equal(a.code, 'connection_reset');
        return true;
      });
    } finally {
      sim.setDefault('azure-openai', null);
      await fresh.close();
    }
  });
});
