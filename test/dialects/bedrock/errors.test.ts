/**
 * Each error class from a simulated Bedrock fault, through the gateway with the `openai` client. A fresh
 * gateway per case, because auth and quota failures switch the provider off for the rest of its life.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startBedrockSimulator, type BedrockSimulator, type Fault } from '../../../simulators/bedrock/index.js';
import { MODEL, startBedrockGateway } from './helpers.js';

let sim: BedrockSimulator;
before(async () => {
  sim = await startBedrockSimulator();
});
after(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const USER = 'What is the weather in Paris today';
const ask = (model = MODEL) => ({ model: `bedrock/${model}`, messages: [{ role: 'user' as const, content: USER }] });

/** Runs one request on a fresh gateway and returns the APIError it ended in. */
async function failWith(setup: () => void, opts: { stream?: boolean; model?: string; env?: Record<string, string> } = {}): Promise<InstanceType<typeof OpenAI.APIError>> {
  setup();
  const { gw, client } = await startBedrockGateway(sim, opts.env);
  try {
    if (opts.stream) {
      const stream = await client.chat.completions.create({ ...ask(opts.model), stream: true });
      for await (const _ of stream) { /* drain */ }
    } else {
      await client.chat.completions.create(ask(opts.model));
    }
  } catch (error) {
    assert.ok(error instanceof OpenAI.APIError, String(error));
    return error;
  } finally {
    await gw.close();
  }
  assert.fail('the request succeeded');
}

const klass = (e: InstanceType<typeof OpenAI.APIError>) => (e.error as any)?.error_class;

describe('bedrock error classes through the gateway', () => {
  it('auth: a rejected Bedrock API key', async () => {
    const e = await failWith(() => {}, { env: { AWS_BEARER_TOKEN_BEDROCK: 'bad-key' } });
    assert.equal(e.status, 403);
    assert.equal(klass(e), 'auth');
    assert.equal((e.error as any).provider, 'bedrock');
    assert.match(e.message, /API Key is valid/);
  });

  it('quota: ServiceQuotaExceededException (a 400)', async () => {
    const e = await failWith(() => sim.enqueue({ errorCode: 'insufficient_quota' }));
    assert.equal(e.status, 400);
    assert.equal(klass(e), 'quota');
  });

  it('rate_limited: ThrottlingException with its Retry-After passed on', async () => {
    const e = await failWith(() => sim.enqueue({ status: 429, headers: { 'retry-after': '7' } }));
    assert.equal(e.status, 429);
    assert.equal(klass(e), 'rate_limited');
    assert.equal(e.headers?.get('retry-after'), '7');
  });

  it('model_unavailable: an unknown model id (a 400 ValidationException) and a 404', async () => {
    const invalid = await failWith(() => {}, { model: 'anthropic.does-not-exist-v1:0' });
    assert.equal(invalid.status, 400);
    assert.equal(klass(invalid), 'model_unavailable');
    const missing = await failWith(() => sim.enqueue({ status: 404 }));
    assert.equal(missing.status, 404);
    assert.equal(klass(missing), 'model_unavailable');
  });

  it('invalid_request and context_length: ValidationExceptions told apart by their message', async () => {
    const invalid = await failWith(() => sim.setDefault({ status: 400 }));
    assert.equal(invalid.status, 400);
    assert.equal(klass(invalid), 'invalid_request');
    const long = await failWith(() => sim.setDefault({ errorCode: 'context_length_exceeded' }));
    assert.equal(klass(long), 'context_length');
  });

  it('transient: 503 ServiceUnavailableException and 424 ModelErrorException, after the retries', async () => {
    for (const [fault, status] of [[{ status: 503 }, 503], [{ errorCode: 'bad_gateway' }, 424]] as Array<[Fault, number]>) {
      const e = await failWith(() => sim.setDefault(fault));
      // Retried on the same target; every attempt is listed in the gateway's answer.
      const attempts = (e.error as any).attempts as Array<{ errorClass: string; provider: string; status: number }>;
      assert.ok(attempts.length >= 2, JSON.stringify(e.error));
      for (const a of attempts) assert.deepEqual([a.provider, a.errorClass, a.status], ['bedrock', 'transient', status]);
      // The upstream status, or the gateway's 503 when it reports several attempts as one failure.
      assert.ok(e.status === status || e.status === 503, String(e.status));
    }
  });

  it('malformed and truncated answers, whole and streamed, are transient', async () => {
    for (const fault of [{ malformed: true }, { truncate: true }] as Fault[]) {
      for (const stream of [false, true]) {
        const e = await failWith(() => sim.setDefault(fault), { stream });
        const body = e.error as any;
        // Before any content: retried, then listed in the 503; after content: an error event in the stream.
        const classes = body.attempts ? body.attempts.map((a: any) => a.errorClass) : [body.error_class];
        assert.ok(classes.length > 0 && classes.every((c: string) => c === 'transient'), `${JSON.stringify(fault)} stream=${stream}: ${JSON.stringify(body)}`);
      }
    }
  });

  it('in-stream throttlingException before any content: the gateway answers 429 rate_limited', async () => {
    const e = await failWith(() => sim.setDefault({ streamError: { afterChunks: 1, code: 429, message: 'Too many tokens' } }), { stream: true });
    assert.equal(e.status, 429);
    assert.equal(klass(e), 'rate_limited');
    assert.match(e.message, /Too many tokens/);
  });

  it('in-stream modelStreamErrorException after content: the stream ends with an error event', async () => {
    sim.setDefault({ streamError: { afterChunks: 3, message: 'The model stream was interrupted' } });
    const { gw, client } = await startBedrockGateway(sim);
    try {
      const stream = await client.chat.completions.create({ ...ask(), stream: true });
      let text = '';
      await assert.rejects((async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      })(), (e: any) => e instanceof OpenAI.APIError && /interrupted/.test(e.message));
      assert.ok(text.length > 0, 'content arrived before the error');
    } finally {
      await gw.close();
    }
  });

  it('a stream cut mid-way is a transient truncated stream, retried', async () => {
    sim.enqueue({ cutAfterChunks: 1 });
    const { gw, client } = await startBedrockGateway(sim);
    try {
      // The cut comes before any content, so the gateway retries and the second answer is whole.
      const stream = await client.chat.completions.create({ ...ask(), stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      assert.equal(text, `Hello from bedrock (${MODEL}): ${USER}`);
      assert.equal(sim.requests().length, 2);
    } finally {
      await gw.close();
    }
  });
});
