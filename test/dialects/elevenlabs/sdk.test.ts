/**
 * Simulator fidelity: the official @elevenlabs/elevenlabs-js client against the ElevenLabs simulator
 * (textToSpeech.convert and .stream, output formats, the error types it raises for each fault).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ElevenLabsClient, ElevenLabsError, ElevenLabsTimeoutError, ElevenLabs } from '@elevenlabs/elevenlabs-js';
import { startElevenLabsSimulator, type SpeechSimulator } from '../../../simulators/elevenlabs/index.js';
import { elevenLabsAudio } from '../../helpers/speech.js';

const GEORGE = 'JBFqnCBsd6RMkjVDRZzb';
const TEXT = 'The first move is what sets everything in motion.';

let sim: SpeechSimulator;
let client: ElevenLabsClient;
before(async () => {
  sim = await startElevenLabsSimulator();
  // A short timeout: the SDK leaves its timeout timer running when fetch rejects (a reset), which would keep
  // the test process alive for the default 240 s.
  client = new ElevenLabsClient({ apiKey: 'xi-test-key', baseUrl: sim.baseUrl, maxRetries: 0, timeoutInSeconds: 3 });
});
after(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

/** Reads a web stream to the end, counting its pieces. */
async function collect(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; pieces: number }> {
  const parts: Buffer[] = [];
  for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) parts.push(Buffer.from(piece));
  return { bytes: Buffer.concat(parts), pieces: parts.length };
}

async function sdkError(call: () => Promise<unknown>): Promise<ElevenLabsError> {
  const error = await call().then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ElevenLabsError, `expected an ElevenLabsError, got ${String(error)}`);
  return error;
}

describe('ElevenLabs simulator with the official SDK: audio', () => {
  it('stream() gives the mp3 bytes, and the simulator saw the path, key, query and body', async () => {
    const stream = await client.textToSpeech.stream(GEORGE, { text: TEXT, modelId: 'eleven_multilingual_v2', outputFormat: 'mp3_44100_128', voiceSettings: { stability: 0.5, speed: 1.1 } });
    const { bytes } = await collect(stream);
    assert.deepEqual(bytes, elevenLabsAudio('mp3_44100_128', TEXT, GEORGE, 'eleven_multilingual_v2'));
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfb], 'MPEG frame sync');
    const [seen] = sim.requests();
    assert.equal(seen!.path, `/v1/text-to-speech/${GEORGE}/stream`);
    assert.equal(seen!.query.output_format, 'mp3_44100_128');
    assert.equal(seen!.headers['xi-api-key'], '***');
    assert.deepEqual(seen!.body, { text: TEXT, model_id: 'eleven_multilingual_v2', voice_settings: { stability: 0.5, speed: 1.1 } });
  });

  it('the audio arrives in several pieces with the right content type (raw HTTP)', async () => {
    const response = await fetch(`${sim.baseUrl}/v1/text-to-speech/${GEORGE}/stream?output_format=pcm_24000`, {
      method: 'POST', headers: { 'xi-api-key': 'k', 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT, model_id: 'eleven_flash_v2_5' }),
    });
    assert.equal(response.headers.get('content-type'), 'audio/pcm');
    assert.equal(response.headers.get('character-cost'), String(TEXT.length));
    assert.ok(response.headers.get('request-id'));
    const { bytes, pieces } = await collect(response.body!);
    assert.ok(pieces >= 2, `pieces: ${pieces}`);
    assert.deepEqual(bytes, elevenLabsAudio('pcm_24000', TEXT, GEORGE, 'eleven_flash_v2_5'));
    // 24 kHz, 16-bit: 200 ms + 50 ms per character.
    assert.equal(bytes.length, Math.round(24_000 * (200 + 50 * TEXT.length) / 1000) * 2);
  });

  it('convert() gives a whole file, wav included (wav is a whole-file format only)', async () => {
    const { bytes } = await collect(await client.textToSpeech.convert(GEORGE, { text: TEXT, modelId: 'eleven_v3', outputFormat: 'wav_24000' }));
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WAVE');
    assert.equal(bytes.readUInt32LE(24), 24_000);
    const opus = await collect(await client.textToSpeech.stream(GEORGE, { text: TEXT, outputFormat: 'opus_48000_64' }));
    assert.equal(opus.bytes.subarray(0, 4).toString('latin1'), 'OggS');
    // The SDK refuses wav for stream() itself; the API answers 400 to anyone who sends it anyway.
    const wavOnStream = await fetch(`${sim.baseUrl}/v1/text-to-speech/${GEORGE}/stream?output_format=wav_24000`, {
      method: 'POST', headers: { 'xi-api-key': 'k', 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT }),
    });
    assert.equal(wavOnStream.status, 400);
    assert.equal(((await wavOnStream.json()) as { detail: { code: string } }).detail.code, 'invalid_output_format');
  });

  it('no output_format means mp3_44100_128, no model_id means eleven_multilingual_v2', async () => {
    const { bytes } = await collect(await client.textToSpeech.convert(GEORGE, { text: 'Hi' }));
    assert.deepEqual(bytes, elevenLabsAudio('mp3_44100_128', 'Hi', GEORGE, 'eleven_multilingual_v2'));
  });
});

describe('ElevenLabs simulator with the official SDK: errors', () => {
  it('a bad key and a missing key are 401s in the current body shape', async () => {
    const bad = new ElevenLabsClient({ apiKey: 'xi-bad-key', baseUrl: sim.baseUrl, maxRetries: 0 });
    const error = await sdkError(() => bad.textToSpeech.convert(GEORGE, { text: TEXT }));
    assert.equal(error.statusCode, 401);
    assert.deepEqual(Object.keys((error.body as { detail: object }).detail).sort(), ['code', 'message', 'request_id', 'status', 'type']);
    assert.equal((error.body as { detail: { status: string } }).detail.status, 'invalid_api_key');
    const none = await fetch(`${sim.baseUrl}/v1/text-to-speech/${GEORGE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT }) });
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { detail: { status: string } }).detail.status, 'needs_authorization');
  });

  it('an out-of-range stability is a 422 before the key is checked (UnprocessableEntityError)', async () => {
    const bad = new ElevenLabsClient({ apiKey: 'xi-bad-key', baseUrl: sim.baseUrl, maxRetries: 0 });
    const error = await sdkError(() => bad.textToSpeech.convert(GEORGE, { text: TEXT, voiceSettings: { stability: 2 } }));
    assert.ok(error instanceof ElevenLabs.UnprocessableEntityError);
    assert.equal(error.statusCode, 422);
    assert.deepEqual((error.body as { detail: Array<{ loc: string[] }> }).detail[0]!.loc, ['body', 'voice_settings', 'stability']);
    const missing = await fetch(`${sim.baseUrl}/v1/text-to-speech/${GEORGE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(missing.status, 422);
  });

  it('unknown voice 404, unknown model 404, over-long text 400 (legacy shape)', async () => {
    const voice = await sdkError(() => client.textToSpeech.convert('does-not-exist', { text: TEXT }));
    assert.equal(voice.statusCode, 404);
    assert.equal((voice.body as { detail: { status: string } }).detail.status, 'voice_not_found');
    const model = await sdkError(() => client.textToSpeech.convert(GEORGE, { text: TEXT, modelId: 'eleven_does_not_exist' }));
    assert.equal(model.statusCode, 404);
    assert.equal((model.body as { detail: { code: string } }).detail.code, 'model_not_found');
    const long = await sdkError(() => client.textToSpeech.convert(GEORGE, { text: 'a'.repeat(5001), modelId: 'eleven_v3' }));
    assert.equal(long.statusCode, 400);
    assert.deepEqual(Object.keys((long.body as { detail: object }).detail).sort(), ['message', 'status']);
  });

  it('faults: quota as a 401, concurrency and system_busy 429s, 500, headers, x-sim-fault', async () => {
    sim.enqueue({ errorCode: 'quota_exceeded' }, { errorCode: 'too_many_concurrent_requests', headers: { 'retry-after': '1' } }, { errorCode: 'system_busy' }, { status: 500 });
    const quota = await sdkError(() => client.textToSpeech.convert(GEORGE, { text: TEXT }));
    assert.equal(quota.statusCode, 401);
    assert.equal((quota.body as { detail: { status: string } }).detail.status, 'quota_exceeded');
    const busy = await sdkError(() => client.textToSpeech.convert(GEORGE, { text: TEXT }));
    assert.equal(busy.statusCode, 429);
    assert.equal(busy.rawResponse?.headers.get('retry-after'), '1');
    const system = await sdkError(() => client.textToSpeech.convert(GEORGE, { text: TEXT }));
    assert.equal((system.body as { detail: { code: string } }).detail.code, 'system_busy');
    assert.equal((await sdkError(() => client.textToSpeech.convert(GEORGE, { text: TEXT }))).statusCode, 500);
    const viaHeader = await sdkError(() => client.textToSpeech.convert(GEORGE, { text: TEXT }, { headers: { 'x-sim-fault': JSON.stringify({ errorCode: 'voice_not_found' }) } }));
    assert.equal(viaHeader.statusCode, 404);
  });

  it('a hang times the SDK out; a reset and a mid-stream cut are connection errors', async () => {
    sim.enqueue({ hang: true });
    const hung = await client.textToSpeech.convert(GEORGE, { text: TEXT }, { timeoutInSeconds: 0.2 }).then(() => undefined, (e: unknown) => e);
    // A streaming call reports its timeout as an ElevenLabsError "timeout" (a whole-body call as ElevenLabsTimeoutError).
    assert.ok(hung instanceof ElevenLabsTimeoutError || (hung instanceof ElevenLabsError && /timeout/i.test(hung.message)), String(hung));
    sim.enqueue({ reset: true });
    await assert.rejects(client.textToSpeech.convert(GEORGE, { text: TEXT }, { timeoutInSeconds: 0.5 }));
    sim.enqueue({ cutAfterChunks: 1 });
    const cut = await client.textToSpeech.stream(GEORGE, { text: TEXT });
    await assert.rejects(collect(cut));
  });

  it('truncate ends cleanly after half the audio; chunkDelayMs spaces the pieces', async () => {
    const whole = elevenLabsAudio('mp3_44100_128', TEXT, GEORGE, 'eleven_multilingual_v2');
    sim.enqueue({ truncate: true }, { chunkDelayMs: 30 });
    const half = await collect(await client.textToSpeech.stream(GEORGE, { text: TEXT }));
    assert.ok(half.bytes.length < whole.length && half.bytes.length > 0);
    assert.deepEqual(half.bytes, whole.subarray(0, half.bytes.length));
    const started = Date.now();
    const slow = await collect(await client.textToSpeech.stream(GEORGE, { text: TEXT }));
    assert.deepEqual(slow.bytes, whole);
    assert.ok(Date.now() - started >= 50, 'delayed pieces');
  });

  it('GET /v1/models lists the TTS models with their limits', async () => {
    const models = await client.models.list();
    const v3 = models.find((m) => m.modelId === 'eleven_v3');
    assert.equal(v3?.canDoTextToSpeech, true);
    assert.equal(v3?.maximumTextLengthPerRequest, 5000);
  });
});
