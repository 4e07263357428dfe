/** Simulator fidelity: the official `openai` client's audio.speech.create against the OpenAI speech simulator. */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startOpenAISpeechSimulator, type SpeechSimulator } from '../../../simulators/openai-speech/index.js';
import { openAIAudio, speak } from '../../helpers/speech.js';

let sim: SpeechSimulator;
let client: OpenAI;
before(async () => {
  sim = await startOpenAISpeechSimulator();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseUrl, maxRetries: 0 });
});
after(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const INPUT = 'Today is a wonderful day to build something people love!';

async function apiError(params: Record<string, unknown>, c = client): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await c.audio.speech.create(params as unknown as OpenAI.Audio.SpeechCreateParams).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof OpenAI.APIError, `expected an APIError, got ${String(error)}`);
  return error;
}

describe('OpenAI speech simulator with the official client', () => {
  it('answers audio bytes for each format with its content type', async () => {
    const types = { mp3: 'audio/mpeg', opus: 'audio/opus', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' } as const;
    for (const [format, type] of Object.entries(types) as Array<[keyof typeof types, string]>) {
      const answer = await speak(client, { model: 'gpt-4o-mini-tts', voice: 'coral', input: INPUT, response_format: format, instructions: 'Speak cheerfully.' });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('content-type'), type);
      assert.ok(answer.headers.get('x-request-id'));
      assert.deepEqual(answer.bytes, openAIAudio(format, INPUT, 'coral', 'gpt-4o-mini-tts'), format);
    }
    const [seen] = sim.requests();
    assert.equal(seen!.path, '/v1/audio/speech');
    assert.equal(seen!.headers.authorization, '***');
    assert.deepEqual(seen!.body, { model: 'gpt-4o-mini-tts', voice: 'coral', input: INPUT, response_format: 'mp3', instructions: 'Speak cheerfully.' });
  });

  it('pcm is raw 24 kHz 16-bit samples with no header; wav has one', async () => {
    const pcm = await speak(client, { model: 'tts-1', voice: 'alloy', input: 'Hi', response_format: 'pcm' });
    assert.equal(pcm.bytes.length, Math.round((24_000 * (200 + 50 * 2)) / 1000) * 2);
    const wav = await speak(client, { model: 'tts-1', voice: 'alloy', input: 'Hi', response_format: 'wav' });
    assert.equal(wav.bytes.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.deepEqual(wav.bytes.subarray(44), pcm.bytes);
  });

  it('stream_format sse gives speech.audio.delta events and a done event with usage', async () => {
    const answer = await speak(client, { model: 'gpt-4o-mini-tts', voice: 'ash', input: INPUT, stream_format: 'sse' });
    assert.equal(answer.headers.get('content-type'), 'text/event-stream');
    const events = answer.bytes.toString().split('\n\n').filter(Boolean).map((e) => JSON.parse(e.slice('data: '.length)) as { type: string; audio?: string; usage?: { total_tokens: number } });
    const audio = Buffer.concat(events.filter((e) => e.type === 'speech.audio.delta').map((e) => Buffer.from(e.audio!, 'base64')));
    assert.deepEqual(audio, openAIAudio('mp3', INPUT, 'ash', 'gpt-4o-mini-tts'));
    assert.equal(events.at(-1)!.type, 'speech.audio.done');
    assert.ok(events.at(-1)!.usage!.total_tokens > 0);
  });

  it('raises the client’s error types: auth, bad request naming the param, not found, rate limit, server', async () => {
    assert.ok((await apiError({ model: 'tts-1', voice: 'alloy', input: INPUT }, new OpenAI({ apiKey: 'sk-bad', baseURL: sim.baseUrl, maxRetries: 0 }))) instanceof OpenAI.AuthenticationError);
    const voice = await apiError({ model: 'tts-1', voice: 'robot', input: INPUT });
    assert.ok(voice instanceof OpenAI.BadRequestError);
    assert.equal(voice.param, 'voice');
    assert.equal((await apiError({ model: 'tts-1', voice: 'alloy', input: INPUT, speed: 10 })).param, 'speed');
    assert.equal((await apiError({ model: 'tts-1', voice: 'alloy', input: 'x'.repeat(4097) })).param, 'input');
    assert.ok((await apiError({ model: 'tts-does-not-exist', voice: 'alloy', input: INPUT })) instanceof OpenAI.NotFoundError);
    sim.enqueue({ status: 429, errorCode: 'rate_limit_exceeded' }, { errorCode: 'insufficient_quota' }, { status: 503 });
    const limited = await apiError({ model: 'tts-1', voice: 'alloy', input: INPUT });
    assert.ok(limited instanceof OpenAI.RateLimitError);
    assert.ok(limited.headers?.get('retry-after'));
    assert.equal((await apiError({ model: 'tts-1', voice: 'alloy', input: INPUT })).code, 'insufficient_quota');
    assert.ok((await apiError({ model: 'tts-1', voice: 'alloy', input: INPUT })) instanceof OpenAI.InternalServerError);
  });

  it('transport faults: hang times the client out, reset fails the connection', async () => {
    sim.enqueue({ hang: true }, { reset: true });
    await assert.rejects(client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: INPUT }, { timeout: 200 }), OpenAI.APIConnectionTimeoutError);
    await assert.rejects(client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: INPUT }), OpenAI.APIConnectionError);
  });
});
