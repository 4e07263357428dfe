/**
 * Simulator fidelity: the official AWS SDK (@aws-sdk/client-bedrock-runtime) pointed at the Bedrock
 * simulator signs its requests with SigV4 (verified by the simulator), parses Converse answers and the binary
 * event stream, and raises the right exception classes for faults.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, ThrottlingException, ValidationException,
  ServiceUnavailableException, AccessDeniedException, ResourceNotFoundException, ModelStreamErrorException,
  ServiceQuotaExceededException, type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startBedrockSimulator, SIM_ACCESS_KEY_ID, SIM_SECRET_ACCESS_KEY, type BedrockSimulator } from '../../../simulators/bedrock/index.js';

const MODEL = 'anthropic.claude-sonnet-4-20250514-v1:0';
const USER = 'What is the weather in Paris today';

let sim: BedrockSimulator;
before(async () => {
  sim = await startBedrockSimulator();
});
after(async () => {
  await sim.close();
});

/** The SDK defaults to HTTP/2; the simulator speaks HTTP/1.1, so the plain Node handler is given. */
function client(secretAccessKey = SIM_SECRET_ACCESS_KEY, accessKeyId = SIM_ACCESS_KEY_ID): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    endpoint: sim.url,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
}

async function drain(stream: AsyncIterable<ConverseStreamOutput> | undefined) {
  let text = '';
  let args = '';
  let toolName: string | undefined;
  let stopReason: string | undefined;
  let usage: { inputTokens?: number; outputTokens?: number } | undefined;
  for await (const event of stream ?? []) {
    if (event.contentBlockDelta?.delta?.text) text += event.contentBlockDelta.delta.text;
    if (event.contentBlockDelta?.delta?.toolUse?.input) args += event.contentBlockDelta.delta.toolUse.input;
    if (event.contentBlockStart?.start?.toolUse) toolName = event.contentBlockStart.start.toolUse.name;
    if (event.messageStop) stopReason = event.messageStop.stopReason;
    if (event.metadata) usage = event.metadata.usage;
  }
  return { text, args, toolName, stopReason, usage };
}

describe('bedrock simulator through the AWS SDK', () => {
  it('Converse: text answer, stop reason and usage; the SigV4 signature verified', async () => {
    sim.reset();
    const out = await client().send(new ConverseCommand({
      modelId: MODEL,
      system: [{ text: 'Be brief' }],
      messages: [{ role: 'user', content: [{ text: USER }] }],
      inferenceConfig: { maxTokens: 50 },
    }));
    assert.equal(out.output?.message?.content?.[0]?.text, `Hello from bedrock (${MODEL}): ${USER}`);
    assert.equal(out.stopReason, 'end_turn');
    assert.equal(out.usage?.inputTokens, 9);
    const [req] = sim.requests();
    assert.equal(req!.path, '/model/anthropic.claude-sonnet-4-20250514-v1%3A0/converse');
    assert.equal(req!.modelId, MODEL);
    assert.equal(req!.auth, 'sigv4');
  });

  it('Converse: a tool call comes back as a toolUse block with an object input', async () => {
    const out = await client().send(new ConverseCommand({
      modelId: MODEL,
      messages: [{ role: 'user', content: [{ text: USER }] }],
      toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { input: { type: 'string' } } } } } }] },
    }));
    const use = out.output?.message?.content?.[0]?.toolUse;
    assert.equal(use?.name, 'get_weather');
    assert.deepEqual(use?.input, { input: USER });
    assert.equal(out.stopReason, 'tool_use');
  });

  it('ConverseStream: the event stream decodes into text deltas, messageStop and metadata', async () => {
    const out = await client().send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: USER }] }] }));
    const got = await drain(out.stream);
    assert.equal(got.text, `Hello from bedrock (${MODEL}): ${USER}`);
    assert.equal(got.stopReason, 'end_turn');
    assert.equal(got.usage?.inputTokens, 7);
  });

  it('ConverseStream: a tool call streams its input in pieces', async () => {
    const out = await client().send(new ConverseStreamCommand({
      modelId: MODEL,
      messages: [{ role: 'user', content: [{ text: USER }] }],
      toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] },
    }));
    const got = await drain(out.stream);
    assert.equal(got.toolName, 'get_weather');
    assert.deepEqual(JSON.parse(got.args), { input: USER });
    assert.equal(got.stopReason, 'tool_use');
  });

  it('a Bedrock API key is accepted as a Bearer token, a bad one refused with 403', async () => {
    const bearer = (token: string) => new BedrockRuntimeClient({
      endpoint: sim.url, region: 'us-east-1', maxAttempts: 1, requestHandler: new NodeHttpHandler(),
      token: { token }, authSchemePreference: ['httpBearerAuth'],
    });
    sim.reset();
    const messages = [{ role: 'user' as const, content: [{ text: 'hi' }] }];
    const out = await bearer('ABSKsimulatedkey').send(new ConverseCommand({ modelId: MODEL, messages }));
    assert.equal(out.output?.message?.content?.[0]?.text, `Hello from bedrock (${MODEL}): hi`);
    assert.equal(sim.requests()[0]!.auth, 'bearer');
    await assert.rejects(bearer('ABSK-bad').send(new ConverseCommand({ modelId: MODEL, messages })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.$metadata?.httpStatusCode, 403);
      assert.match(e.message, /API Key is valid/);
      return true;
    });
  });

  it('a wrong secret is refused by the signature check, an unknown key id as an invalid token', async () => {
    const messages = [{ role: 'user' as const, content: [{ text: 'hi' }] }];
    await assert.rejects(client('not-the-secret').send(new ConverseCommand({ modelId: MODEL, messages })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'InvalidSignatureException');
      assert.equal(e.$metadata?.httpStatusCode, 403);
      return true;
    });
    await assert.rejects(client(SIM_SECRET_ACCESS_KEY, 'AKIA-bad-key').send(new ConverseCommand({ modelId: MODEL, messages })), (e: Error) => {
      assert.equal(e.name, 'UnrecognizedClientException');
      return true;
    });
  });

  it('faults raise the modelled exception classes', async () => {
    const messages = [{ role: 'user' as const, content: [{ text: 'hi' }] }];
    const cases: Array<[object, new (...args: never[]) => Error]> = [
      [{ status: 429 }, ThrottlingException],
      [{ status: 400 }, ValidationException],
      [{ status: 503 }, ServiceUnavailableException],
      [{ status: 403 }, AccessDeniedException],
      [{ status: 404 }, ResourceNotFoundException],
      [{ errorCode: 'insufficient_quota' }, ServiceQuotaExceededException],
    ];
    for (const [fault, type] of cases) {
      sim.enqueue(fault);
      await assert.rejects(client().send(new ConverseCommand({ modelId: MODEL, messages })), type);
    }
  });

  it('an in-stream exception frame surfaces as the SDK exception', async () => {
    for (const [code, type] of [[429, ThrottlingException], [undefined, ModelStreamErrorException]] as const) {
      sim.enqueue({ streamError: { afterChunks: 2, ...(code ? { code } : {}) } });
      const out = await client().send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: USER }] }] }));
      await assert.rejects(drain(out.stream), type);
    }
  });

  it('a malformed request is refused as Bedrock would (roles not alternating, unknown model id)', async () => {
    await assert.rejects(client().send(new ConverseCommand({
      modelId: MODEL,
      messages: [{ role: 'user', content: [{ text: 'a' }] }, { role: 'user', content: [{ text: 'b' }] }],
    })), (e: Error) => e instanceof ValidationException && /alternate/.test(e.message));
    await assert.rejects(client().send(new ConverseCommand({ modelId: 'x.does-not-exist-v1:0', messages: [{ role: 'user', content: [{ text: 'a' }] }] })),
      (e: Error) => e instanceof ValidationException && /model identifier is invalid/.test(e.message));
  });
});
