/**
 * Text to speech through the gateway with the official `openai` client: ElevenLabs served directly (the wire
 * request it received, the audio byte for byte), ElevenLabs' refusals and failures falling back to OpenAI's
 * speech endpoint (level and attempts as served), and OpenAI models going to OpenAI directly.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OPENAI_TO_ELEVENLABS } from '../../../src/dialects/elevenlabs/voices.js';
import type { Fault } from '../../../simulators/openai-compatible/types.js';
import { elevenLabsAudio, openAIAudio, speak, startSpeechRig, withGateway, type SpeechRig } from '../../helpers/speech.js';

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
const INPUT = 'The quick brown fox jumps over the lazy dog.';

function served(headers: Headers): { provider: string | null; level: string | null; attempts: string | null; model: string | null } {
  return { provider: headers.get('x-wai-provider'), level: headers.get('x-wai-level'), attempts: headers.get('x-wai-attempts'), model: headers.get('x-wai-model') };
}

describe('speech through the gateway: ElevenLabs serves', () => {
  it('returns the audio ElevenLabs streamed, byte for byte, at level 1', async () => {
    const answer = await withGateway(rig, (client) => speak(client, { model: MODEL, voice: 'alloy', input: INPUT, response_format: 'mp3' }));
    assert.equal(answer.status, 200);
    assert.deepEqual(served(answer.headers), { provider: 'elevenlabs', level: '1', attempts: '1', model: 'eleven_multilingual_v2' });
    assert.equal(answer.headers.get('content-type'), 'audio/mpeg');
    assert.deepEqual(answer.bytes, elevenLabsAudio('mp3_44100_128', INPUT, OPENAI_TO_ELEVENLABS.alloy!, 'eleven_multilingual_v2'));
    const [seen] = rig.eleven.requests();
    assert.equal(seen!.method, 'POST');
    assert.equal(seen!.path, `/v1/text-to-speech/${OPENAI_TO_ELEVENLABS.alloy}/stream`);
    assert.deepEqual(seen!.query, { output_format: 'mp3_44100_128' });
    assert.equal(seen!.headers['xi-api-key'], '***');
    assert.equal(seen!.headers.authorization, undefined);
    assert.deepEqual(seen!.body, { text: INPUT, model_id: 'eleven_multilingual_v2' });
    assert.equal(rig.openai.requests().length, 0);
  });

  it('pcm, opus and wav map to ElevenLabs formats (wav on the whole-file endpoint); speed to voice_settings', async () => {
    await withGateway(rig, async (client) => {
      const pcm = await speak(client, { model: 'elevenlabs/eleven_flash_v2_5', voice: 'onyx', input: INPUT, response_format: 'pcm', speed: 1.1, instructions: 'Whisper.' });
      assert.deepEqual(pcm.bytes, elevenLabsAudio('pcm_24000', INPUT, OPENAI_TO_ELEVENLABS.onyx!, 'eleven_flash_v2_5'));
      const opus = await speak(client, { model: 'elevenlabs/eleven_v3', voice: 'nova', input: INPUT, response_format: 'opus' });
      assert.equal(opus.bytes.subarray(0, 4).toString('latin1'), 'OggS');
      const wav = await speak(client, { model: MODEL, voice: 'JBFqnCBsd6RMkjVDRZzb', input: INPUT, response_format: 'wav' });
      assert.equal(wav.headers.get('content-type'), 'audio/wav');
      assert.deepEqual(wav.bytes, elevenLabsAudio('wav_24000', INPUT, 'JBFqnCBsd6RMkjVDRZzb', 'eleven_multilingual_v2'));
    });
    const [pcm, opus, wav] = rig.eleven.requests();
    assert.equal(pcm!.query.output_format, 'pcm_24000');
    assert.deepEqual(pcm!.body, { text: INPUT, model_id: 'eleven_flash_v2_5', voice_settings: { speed: 1.1 } }, 'instructions are not sent');
    assert.equal(opus!.query.output_format, 'opus_48000_64');
    assert.equal(wav!.path, '/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb');
    assert.equal(wav!.query.output_format, 'wav_24000');
  });

  it('a bare ElevenLabs model id resolves through the catalog', async () => {
    const answer = await withGateway(rig, (client) => speak(client, { model: 'eleven_turbo_v2_5', voice: 'shimmer', input: INPUT }));
    assert.deepEqual(served(answer.headers), { provider: 'elevenlabs', level: '1', attempts: '1', model: 'eleven_turbo_v2_5' });
  });
});

describe('speech through the gateway: OpenAI serves', () => {
  it('tts-1 goes to OpenAI directly', async () => {
    const answer = await withGateway(rig, (client) => speak(client, { model: 'tts-1', voice: 'echo', input: INPUT, response_format: 'aac' }));
    assert.deepEqual(served(answer.headers), { provider: 'openai', level: '1', attempts: '1', model: 'tts-1' });
    assert.deepEqual(answer.bytes, openAIAudio('aac', INPUT, 'echo', 'tts-1'));
    assert.deepEqual(rig.openai.requests()[0]!.body, { model: 'tts-1', voice: 'echo', input: INPUT, response_format: 'aac' });
    assert.equal(rig.eleven.requests().length, 0);
  });

  it('flac: ElevenLabs refuses before sending (unsupported), OpenAI serves at level 2', async () => {
    const answer = await withGateway(rig, (client) => speak(client, { model: MODEL, voice: 'alloy', input: INPUT, response_format: 'flac' }));
    assert.deepEqual(served(answer.headers), { provider: 'openai', level: '2', attempts: '2', model: 'gpt-4o-mini-tts' });
    assert.equal(answer.bytes.subarray(0, 4).toString('latin1'), 'fLaC');
    assert.equal(rig.eleven.requests().length, 0, 'nothing was sent to ElevenLabs');
    assert.deepEqual(rig.openai.requests()[0]!.body, { model: 'gpt-4o-mini-tts', voice: 'alloy', input: INPUT, response_format: 'flac' });
  });

  it('a speed ElevenLabs cannot do goes to OpenAI with that speed', async () => {
    const answer = await withGateway(rig, (client) => speak(client, { model: MODEL, voice: 'alloy', input: INPUT, speed: 2 }));
    assert.equal(served(answer.headers).provider, 'openai');
    assert.equal((rig.openai.requests()[0]!.body as { speed: number }).speed, 2);
  });

  it('without an ElevenLabs key: OpenAI at level 2 (the primary for ElevenLabs), one attempt', async () => {
    const answer = await withGateway(rig, (client) => speak(client, { model: MODEL, voice: 'sage', input: INPUT }), { elevenKey: undefined });
    assert.deepEqual(served(answer.headers), { provider: 'openai', level: '2', attempts: '1', model: 'gpt-4o-mini-tts' });
    assert.deepEqual(answer.bytes, openAIAudio('mp3', INPUT, 'sage', 'gpt-4o-mini-tts'));
  });
});

describe('speech through the gateway: ElevenLabs fails, OpenAI serves', () => {
  const cases: Array<[string, Fault, string]> = [
    ['a 401 (bad key)', { errorCode: 'invalid_api_key' }, '2'],
    ['a 401 quota_exceeded', { errorCode: 'quota_exceeded' }, '2'],
    ['a 429 too_many_concurrent_requests', { errorCode: 'too_many_concurrent_requests', headers: { 'retry-after': '1' } }, '2'],
    ['a 429 system_busy (transient: retried once)', { errorCode: 'system_busy' }, '3'],
    ['a 500 (transient: retried once)', { status: 500 }, '3'],
    ['a reset connection (transient: retried once)', { reset: true }, '3'],
  ];
  for (const [name, fault, attempts] of cases) {
    it(name, async () => {
      rig.eleven.setDefault(fault);
      const answer = await withGateway(rig, (client) => speak(client, { model: MODEL, voice: 'fable', input: INPUT }));
      assert.deepEqual(served(answer.headers), { provider: 'openai', level: '2', attempts, model: 'gpt-4o-mini-tts' });
      assert.deepEqual(answer.bytes, openAIAudio('mp3', INPUT, 'fable', 'gpt-4o-mini-tts'));
      assert.equal(rig.eleven.requests().length, Number(attempts) - 1);
    });
  }

  it('a hang: the first-byte timeout moves on (small timeouts)', async () => {
    rig.eleven.setDefault({ hang: true });
    const started = Date.now();
    const answer = await withGateway(rig, (client) => speak(client, { model: MODEL, voice: 'fable', input: INPUT }), {
      timeouts: { firstByteMs: 150, attemptMs: 400 },
      retries: { maxRetries: 0 },
    });
    assert.deepEqual(served(answer.headers), { provider: 'openai', level: '2', attempts: '2', model: 'gpt-4o-mini-tts' });
    assert.ok(Date.now() - started < 3000);
  });

  it('stream_format sse (no ElevenLabs framing for it) is served by OpenAI as events', async () => {
    const answer = await withGateway(rig, (client) => speak(client, { model: MODEL, voice: 'ash', input: INPUT, stream_format: 'sse' }));
    assert.deepEqual(served(answer.headers), { provider: 'openai', level: '2', attempts: '2', model: 'gpt-4o-mini-tts' });
    assert.equal(answer.headers.get('content-type'), 'text/event-stream');
    assert.match(answer.bytes.toString(), /"type":"speech\.audio\.done"/);
    assert.equal(rig.eleven.requests().length, 0);
  });

  it('a cut after the audio started: committed to ElevenLabs, the client’s read fails (no silent truncation)', async () => {
    rig.eleven.setDefault({ cutAfterChunks: 1 });
    await withGateway(rig, async (client) => {
      const response = await client.audio.speech.create({ model: MODEL, voice: 'alloy', input: INPUT.repeat(4) });
      assert.equal(response.headers.get('x-wai-provider'), 'elevenlabs');
      await assert.rejects(response.arrayBuffer());
    });
    assert.equal(rig.openai.requests().length, 0);
  });

  it('an ElevenLabs voice id falls back to the OpenAI voice it stands for', async () => {
    rig.eleven.setDefault({ status: 401 });
    await withGateway(rig, (client) => speak(client, { model: MODEL, voice: OPENAI_TO_ELEVENLABS.coral!, input: INPUT, instructions: 'Warmly.' }));
    assert.deepEqual(rig.openai.requests()[0]!.body, { model: 'gpt-4o-mini-tts', voice: 'coral', input: INPUT, instructions: 'Warmly.' });
  });
});
