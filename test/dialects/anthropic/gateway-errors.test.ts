/**
 * Every error class from a simulated Anthropic fault, seen through the gateway with the official `openai` client.
 * With Anthropic the only keyed provider, the gateway answers with the upstream status and names the provider.
 * Each case gets a fresh gateway, so one case's health verdict (a provider taken off after a bad key) never
 * leaks into the next; the simulator is shared.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startAnthropicSimulator, type AnthropicSimulator, type Fault } from '../../../simulators/anthropic/index.js';
import { startRig, type Rig } from './rig.js';
import { GATEWAY_MODEL } from './helpers.js';

let sim: AnthropicSimulator;
before(async () => {
  sim = await startAnthropicSimulator();
});
afterEach(() => sim.reset());
after(async () => {
  await sim.close();
});

const MESSAGES: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris today' }];

async function withRig<T>(fn: (rig: Rig) => Promise<T>, key?: string): Promise<T> {
  const rig = await startRig(sim, key);
  try {
    return await fn(rig);
  } finally {
    await rig.close();
  }
}

interface GatewayErrorBody { provider?: string; error_class?: string; code?: string | null; message?: string }

/** Calls once (whole) and returns the APIError the openai client raised. */
async function failure(rig: Rig, body: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, ...body });
  } catch (error) {
    assert.ok(error instanceof OpenAI.APIError, String(error));
    return error;
  }
  assert.fail('the request succeeded');
}

const details = (e: InstanceType<typeof OpenAI.APIError>) => e.error as GatewayErrorBody;

describe('anthropic through the gateway: error classes', () => {
  it('auth: a rejected key is a 401 AuthenticationError naming anthropic', () =>
    withRig(async (rig) => {
      const e = await failure(rig);
      assert.ok(e instanceof OpenAI.AuthenticationError);
      assert.equal(details(e).provider, 'anthropic');
      assert.equal(details(e).error_class, 'auth');
      assert.match(details(e).message ?? '', /invalid x-api-key/);
      assert.ok(!JSON.stringify(e.error).includes('bad-key'), 'the key never reaches the caller');
    }, 'sk-ant-bad-key'));

  const quota: Array<[string, Fault, number]> = [
    ['a low credit balance (400)', { errorCode: 'insufficient_quota' }, 400],
    ['a billing_error (402)', { status: 402 }, 402],
    ['the monthly spend limit (429 enforced_spend_limit_reached)', { errorCode: 'spend_limit' }, 429],
  ];
  for (const [name, fault, status] of quota) {
    it(`quota: ${name}`, () =>
      withRig(async (rig) => {
        sim.setDefault(fault);
        const e = await failure(rig);
        assert.equal(e.status, status);
        assert.equal(details(e).error_class, 'quota');
        assert.equal(sim.requests().length, 1, 'quota is not retried');
      }));
  }

  it('rate_limited: a 429 with retry-after comes back as 429 with retry-after, not retried', () =>
    withRig(async (rig) => {
      sim.setDefault({ status: 429, headers: { 'retry-after': '7' } });
      const e = await failure(rig);
      assert.ok(e instanceof OpenAI.RateLimitError);
      assert.equal(details(e).error_class, 'rate_limited');
      assert.equal(details(e).code, 'rate_limit_error');
      assert.equal(e.headers?.get('retry-after'), '7');
      assert.equal(sim.requests().length, 1);
    }));

  it('model_unavailable: an unknown model is a 404 NotFoundError', () =>
    withRig(async (rig) => {
      const e = await failure(rig, { model: 'anthropic/claude-does-not-exist' });
      assert.ok(e instanceof OpenAI.NotFoundError);
      assert.equal(details(e).error_class, 'model_unavailable');
      assert.match(details(e).message ?? '', /claude-does-not-exist/);
    }));

  it('invalid_request: a request Anthropic refuses is a 400 BadRequestError with its message', () =>
    withRig(async (rig) => {
      const e = await failure(rig, {
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
        tool_choice: { type: 'function', function: { name: 'not_a_tool' } },
      });
      assert.ok(e instanceof OpenAI.BadRequestError);
      assert.equal(details(e).error_class, 'invalid_request');
      assert.match(details(e).message ?? '', /not_a_tool/);
    }));

  for (const status of [500, 529]) {
    it(`transient: ${status} is retried on the same target, then reported as transient`, () =>
      withRig(async (rig) => {
        sim.setDefault({ status });
        const e = await failure(rig);
        assert.ok(e.status! >= 500, `status ${e.status}`);
        assert.ok(sim.requests().length > 1, 'transient failures are retried');
        const attempts = (e.error as { attempts?: Array<{ errorClass?: string; status?: number }> }).attempts ?? [];
        const classes = [details(e).error_class, ...attempts.map((a) => a.errorClass)].filter(Boolean);
        assert.ok(classes.length > 0 && classes.every((c) => c === 'transient'), JSON.stringify(e.error));
      }));
  }

  it('transient then success: one 529 is absorbed by a retry', () =>
    withRig(async (rig) => {
      sim.enqueue({ status: 529 });
      const r = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES });
      assert.ok(r.choices[0]!.message.content);
      assert.equal(sim.requests().length, 2);
    }));

  it('in-stream overloaded_error after the answer began: the stream ends with an error event naming the class', () =>
    withRig(async (rig) => {
      sim.setDefault({ streamError: { afterChunks: 4 } });
      const stream = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, stream: true });
      let text = '';
      await assert.rejects(
        (async () => { for await (const c of stream) text += c.choices[0]?.delta.content ?? ''; })(),
        (e: unknown) => {
          assert.ok(e instanceof OpenAI.APIError);
          assert.equal((e.error as GatewayErrorBody).error_class, 'transient');
          assert.equal((e.error as GatewayErrorBody).provider, 'anthropic');
          assert.match(e.message, /Overloaded/);
          return true;
        },
      );
      assert.ok(text.length > 0, 'the caller saw the start of the answer');
    }));

  it('in-stream rate_limit_error before any content: the caller gets a plain 429, nothing streamed', () =>
    withRig(async (rig) => {
      sim.setDefault({ streamError: { afterChunks: 1, code: 429, message: 'Rate limited mid-stream' } });
      await assert.rejects(
        rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, stream: true }),
        (e: unknown) => {
          assert.ok(e instanceof OpenAI.RateLimitError);
          assert.equal(((e as InstanceType<typeof OpenAI.APIError>).error as GatewayErrorBody).error_class, 'rate_limited');
          return true;
        },
      );
    }));

  it('a stream cut before message_stop never passes for a complete answer', () =>
    withRig(async (rig) => {
      sim.setDefault({ truncate: true });
      const stream = await rig.client.chat.completions.create({ model: GATEWAY_MODEL, messages: MESSAGES, stream: true });
      await assert.rejects((async () => { for await (const _ of stream) { /* drain */ } })(), (e: unknown) => {
        assert.ok(e instanceof OpenAI.APIError);
        assert.equal((e.error as GatewayErrorBody).code, 'truncated_stream');
        return true;
      });
    }));
});
