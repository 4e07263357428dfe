/**
 * Speech failures through the gateway with the official `openai` client: requests refused before routing (400
 * naming the field, the wrong kind of model on either endpoint), ElevenLabs alone on the route answering its own
 * status with `provider` set, an invalid voice refused by every level, and everything failing (503 with attempts).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { Fault } from '../../../simulators/openai-compatible/types.js';
import { speakError, startSpeechRig, withGateway, type SpeechRig } from '../../helpers/speech.js';

let rig: SpeechRig;
before(async () => {
  rig = await startSpeechRig();
});
after(async () => {
  await rig.close();
});
beforeEach(() => {
  rig.eleven.reset();
  rig.openai.reset();
});

const MODEL = 'elevenlabs/eleven_multilingual_v2';
const INPUT = 'Hello from the speech tests.';

describe('speech requests refused before routing', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing input', { model: MODEL, voice: 'alloy' }, 'input'],
    ['empty input', { model: MODEL, voice: 'alloy', input: '' }, 'input'],
    ['missing voice', { model: MODEL, input: INPUT }, 'voice'],
    ['a response_format OpenAI does not have', { model: MODEL, voice: 'alloy', input: INPUT, response_format: 'ogg' }, 'response_format'],
    ['speed 10', { model: MODEL, voice: 'alloy', input: INPUT, speed: 10 }, 'speed'],
    ['missing model', { voice: 'alloy', input: INPUT }, 'model'],
  ];
  for (const [name, params, field] of cases) {
    it(`${name} → 400 naming "${field}"`, async () => {
      const { error, body } = await withGateway(rig, (client) => speakError(client, params));
      assert.equal(error.status, 400);
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.ok(body.param === field || String(body.message).includes(field), `names ${field}: ${JSON.stringify(body)}`);
      assert.equal(rig.eleven.requests().length + rig.openai.requests().length, 0, 'nothing went upstream');
    });
  }

  it('a chat model on /v1/audio/speech → 400', async () => {
    const { error, body } = await withGateway(rig, (client) => speakError(client, { model: 'gpt-4o', voice: 'alloy', input: INPUT }));
    assert.equal(error.status, 400);
    assert.equal(body.param, 'model');
    assert.match(String(body.message), /not a text-to-speech model/);
  });

  it('a speech model on /v1/chat/completions → 400', async () => {
    for (const model of [MODEL, 'tts-1']) {
      const error = await withGateway(rig, (client) =>
        client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e),
      );
      assert.ok(error instanceof OpenAI.BadRequestError, `${model}: ${String(error)}`);
      assert.equal(error.param, 'model');
      assert.match(error.message, /text-to-speech model/);
    }
    assert.equal(rig.eleven.requests().length + rig.openai.requests().length, 0);
  });

  it('chat to an ElevenLabs model the catalog does not know: the dialect refuses (501), nothing is sent', async () => {
    const error = await withGateway(
      rig,
      (client) => client.chat.completions.create({ model: 'elevenlabs/some-new-model', messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e),
      { openaiKey: undefined },
    );
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.equal(error.status, 501);
    assert.equal(error.code, 'chat_not_offered');
    assert.equal(rig.eleven.requests().length, 0);
  });
});

describe('ElevenLabs alone on the route (no OpenAI key): its own status, provider named', () => {
  const cases: Array<[string, Fault, number, string]> = [
    ['bad key', { errorCode: 'invalid_api_key' }, 401, 'auth'],
    ['quota spent (a 401)', { errorCode: 'quota_exceeded' }, 401, 'quota'],
    ['credits (402)', { errorCode: 'insufficient_credits' }, 402, 'quota'],
    ['concurrency limit', { errorCode: 'too_many_concurrent_requests', headers: { 'retry-after': '2' } }, 429, 'rate_limited'],
    ['unknown model', { errorCode: 'model_not_found' }, 404, 'model_unavailable'],
    ['text too long', { errorCode: 'max_character_limit_exceeded' }, 400, 'context_length'],
    ['plan-gated', { errorCode: 'subscription_required' }, 403, 'unsupported'],
  ];
  for (const [name, fault, status, errorClass] of cases) {
    it(`${name} → ${status} (${errorClass})`, async () => {
      rig.eleven.setDefault(fault);
      const { error, body } = await withGateway(rig, (client) => speakError(client, { model: MODEL, voice: 'alloy', input: INPUT }), { openaiKey: undefined });
      assert.equal(error.status, status);
      assert.equal(body.provider, 'elevenlabs');
      assert.equal(body.error_class, errorClass);
      assert.equal(body.upstream_status, status);
      if (status === 429) assert.equal(error.headers?.get('retry-after'), '2');
      assert.ok(body.attempts!.every((a) => a.provider === 'elevenlabs' && a.errorClass === errorClass));
    });
  }

  it('system busy is retried, then its 429 is answered', async () => {
    rig.eleven.setDefault({ errorCode: 'system_busy' });
    const { error, body } = await withGateway(rig, (client) => speakError(client, { model: MODEL, voice: 'alloy', input: INPUT }), { openaiKey: undefined });
    assert.equal(error.status, 429);
    assert.equal(body.error_class, 'transient');
    assert.equal(body.attempts!.length, 2);
  });
});

describe('speech failures with both providers on the route', () => {
  it('an unknown voice: ElevenLabs 404 and OpenAI 400 are both invalid → ElevenLabs’ own error', async () => {
    const { error, body } = await withGateway(rig, (client) => speakError(client, { model: MODEL, voice: 'does-not-exist', input: INPUT }));
    assert.equal(error.status, 404);
    assert.equal(body.provider, 'elevenlabs');
    assert.equal(body.error_class, 'invalid_request');
    assert.match(String(body.message), /voice/);
    assert.deepEqual(body.attempts!.map((a) => [a.provider, a.errorClass, a.status]), [['elevenlabs', 'invalid_request', 404], ['openai', 'invalid_request', 400]]);
  });

  it('both failing → 503 listing every attempt', async () => {
    rig.eleven.setDefault({ status: 500 });
    rig.openai.setDefault({ status: 503 });
    const { error, body } = await withGateway(rig, (client) => speakError(client, { model: MODEL, voice: 'alloy', input: INPUT }));
    assert.equal(error.status, 503);
    assert.equal(body.code, 'no_provider_available');
    const attempts = body.attempts!;
    assert.ok(attempts.some((a) => a.provider === 'elevenlabs' && a.errorClass === 'transient' && a.status === 500));
    assert.ok(attempts.some((a) => a.provider === 'openai' && a.errorClass === 'transient' && a.status === 503));
    assert.match(String(body.message), /elevenlabs \(eleven_multilingual_v2\) at level 1: transient 500/);
  });

  it('flac with OpenAI down → 503 showing ElevenLabs’ refusal and OpenAI’s failure', async () => {
    rig.openai.setDefault({ errorCode: 'invalid_api_key' });
    const { error, body } = await withGateway(rig, (client) => speakError(client, { model: MODEL, voice: 'alloy', input: INPUT, response_format: 'flac' }));
    assert.equal(error.status, 503);
    assert.deepEqual(body.attempts!.map((a) => [a.provider, a.errorClass]), [['elevenlabs', 'unsupported'], ['openai', 'auth']]);
    assert.equal(rig.eleven.requests().length, 0);
  });

  it('no key anywhere → 503 naming the skipped candidates', async () => {
    const { error, body } = await withGateway(rig, (client) => speakError(client, { model: MODEL, voice: 'alloy', input: INPUT }), { elevenKey: undefined, openaiKey: undefined });
    assert.equal(error.status, 503);
    assert.equal(body.attempts!.length, 0);
    assert.ok(body.skipped!.some((s) => s.provider === 'elevenlabs'));
  });
});
