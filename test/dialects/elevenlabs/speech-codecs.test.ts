/** The speech codecs on their own: ElevenLabs' request, refusals and error classes; OpenAI's pass-through. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { elevenLabsDialect } from '../../../src/dialects/elevenlabs/index.js';
import { OPENAI_TO_ELEVENLABS } from '../../../src/dialects/elevenlabs/voices.js';
import { openaiDialect } from '../../../src/dialects/openai/index.js';
import { DIALECTS } from '../../../src/dialects/index.js';
import { chatOf } from '../../../src/dialects/chat-of.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import type { WireRequest, AttemptContext } from '../../../src/dialects/types.js';
import type { SpeechFormat } from '../../../src/types/speech.js';
import { speechCtx } from '../../helpers/speech.js';

const eleven = elevenLabsDialect.speech!;
const openai = openaiDialect.speech!;

function wire(result: WireRequest | ProviderError | Promise<WireRequest>): WireRequest & { json: Record<string, unknown>; url: URL } {
  assert.ok(!ProviderError.is(result) && !(result instanceof Promise), `expected a wire request, got ${String(result)}`);
  const w = result as WireRequest;
  return { ...w, json: JSON.parse(String(w.body)) as Record<string, unknown>, url: new URL(w.path, w.origin) };
}

function refusal(result: unknown): ProviderError {
  assert.ok(ProviderError.is(result), 'expected a refusal');
  return result;
}

describe('ElevenLabs speech request', () => {
  it('POSTs /v1/text-to-speech/{voice}/stream with xi-api-key, output_format and {text, model_id}', () => {
    const w = wire(eleven.buildSpeechRequest(speechCtx('elevenlabs', { voice: 'alloy', input: 'Good morning', response_format: 'mp3' })));
    assert.equal(w.method, 'POST');
    assert.equal(w.origin, 'https://api.elevenlabs.io');
    assert.equal(w.url.pathname, `/v1/text-to-speech/${OPENAI_TO_ELEVENLABS.alloy}/stream`);
    assert.equal(w.url.searchParams.get('output_format'), 'mp3_44100_128');
    assert.equal(w.headers['xi-api-key'], 'sk-test');
    assert.equal(w.headers.authorization, undefined);
    assert.deepEqual(w.json, { text: 'Good morning', model_id: 'eleven_multilingual_v2' });
  });

  it('maps every OpenAI voice (any case) and passes other voices through as ElevenLabs ids', () => {
    for (const [name, id] of Object.entries(OPENAI_TO_ELEVENLABS)) {
      assert.match(id, /^[A-Za-z0-9]{20}$/);
      assert.equal(wire(eleven.buildSpeechRequest(speechCtx('elevenlabs', { voice: name.toUpperCase() }))).url.pathname.split('/')[3], id);
    }
    assert.equal(new Set(Object.values(OPENAI_TO_ELEVENLABS)).size, Object.keys(OPENAI_TO_ELEVENLABS).length, 'one voice each');
    assert.equal(wire(eleven.buildSpeechRequest(speechCtx('elevenlabs', { voice: 'MyClonedVoice123abcde' }))).url.pathname, '/v1/text-to-speech/MyClonedVoice123abcde/stream');
    assert.equal(wire(eleven.buildSpeechRequest(speechCtx('elevenlabs', { voice: 'a/b c' }))).url.pathname, '/v1/text-to-speech/a%2Fb%20c/stream');
  });

  it('maps the formats ElevenLabs has; wav uses the whole-file endpoint', () => {
    const cases: Array<[SpeechFormat | undefined, string, boolean, string]> = [
      [undefined, 'mp3_44100_128', true, 'audio/mpeg'],
      ['mp3', 'mp3_44100_128', true, 'audio/mpeg'],
      ['pcm', 'pcm_24000', true, 'audio/pcm'],
      ['opus', 'opus_48000_64', true, 'audio/ogg'],
      ['wav', 'wav_24000', false, 'audio/wav'],
    ];
    for (const [format, output, streaming, type] of cases) {
      const ctx = speechCtx('elevenlabs', format ? { response_format: format } : {});
      const w = wire(eleven.buildSpeechRequest(ctx));
      assert.equal(w.url.searchParams.get('output_format'), output, String(format));
      assert.equal(w.url.pathname.endsWith('/stream'), streaming, String(format));
      assert.equal(eleven.contentType(ctx), type);
    }
  });

  it('refuses aac and flac as unsupported (no status), so the route moves on', () => {
    for (const format of ['aac', 'flac'] as const) {
      const error = refusal(eleven.buildSpeechRequest(speechCtx('elevenlabs', { response_format: format })));
      assert.equal(error.errorClass, 'unsupported');
      assert.equal(error.status, undefined);
      assert.equal(error.provider, 'elevenlabs');
      assert.match(error.message, new RegExp(format));
    }
  });

  it('speed goes to voice_settings.speed within 0.7–1.2 and is refused outside it', () => {
    assert.deepEqual(wire(eleven.buildSpeechRequest(speechCtx('elevenlabs', { speed: 1.1 }))).json.voice_settings, { speed: 1.1 });
    assert.deepEqual(wire(eleven.buildSpeechRequest(speechCtx('elevenlabs', { speed: 0.7, voice_settings: { stability: 0.4, speed: 1.2 } }))).json.voice_settings, { stability: 0.4, speed: 0.7 });
    for (const speed of [0.5, 1.5, 4]) {
      const error = refusal(eleven.buildSpeechRequest(speechCtx('elevenlabs', { speed })));
      assert.equal(error.errorClass, 'unsupported');
      assert.equal(error.code, 'unsupported_speed');
    }
  });

  it('drops instructions, refuses SSE framing, passes ElevenLabs fields through', () => {
    const w = wire(eleven.buildSpeechRequest(speechCtx('elevenlabs', {
      instructions: 'Speak like a pirate', language_code: 'de', seed: 7, previous_text: 'Before.', next_text: 'After.',
      apply_text_normalization: 'on', optimize_streaming_latency: 2, enable_logging: false, unknown_field: 'x',
    })));
    assert.deepEqual(w.json, {
      text: 'Hello there', model_id: 'eleven_multilingual_v2', language_code: 'de', seed: 7, previous_text: 'Before.', next_text: 'After.', apply_text_normalization: 'on',
    });
    assert.equal(w.url.searchParams.get('optimize_streaming_latency'), '2');
    assert.equal(w.url.searchParams.get('enable_logging'), 'false');
    assert.equal(refusal(eleven.buildSpeechRequest(speechCtx('elevenlabs', { stream_format: 'sse' }))).errorClass, 'unsupported');
  });

  it('keeps a base URL path (a proxy) and does not double /v1', () => {
    assert.equal(wire(eleven.buildSpeechRequest(speechCtx('elevenlabs', {}, undefined, 'http://proxy.local/eleven'))).url.pathname, `/eleven/v1/text-to-speech/${OPENAI_TO_ELEVENLABS.alloy}/stream`);
    assert.equal(wire(eleven.buildSpeechRequest(speechCtx('elevenlabs', {}, undefined, 'http://proxy.local/v1'))).url.pathname, `/v1/text-to-speech/${OPENAI_TO_ELEVENLABS.alloy}/stream`);
  });
});

describe('ElevenLabs error classes', () => {
  const current = (type: string, code: string, status: string, message = 'm') => JSON.stringify({ detail: { type, code, message, status, request_id: 'r1' } });
  const legacy = (status: string, message = 'm') => JSON.stringify({ detail: { status, message } });
  const cases: Array<[string, number, string, string, string?]> = [
    ['bad key', 401, current('authentication_error', 'unauthorized', 'invalid_api_key', 'Invalid API key'), 'auth', 'invalid_api_key'],
    ['no key', 401, current('authentication_error', 'unauthorized', 'needs_authorization'), 'auth', 'needs_authorization'],
    ['quota as a 401', 401, legacy('quota_exceeded', 'This request exceeds your quota of 10000.'), 'quota', 'quota_exceeded'],
    ['credits', 402, current('payment_required', 'insufficient_credits', 'insufficient_credits'), 'quota'],
    ['free tier blocked', 401, legacy('detected_unusual_activity', 'Unusual activity detected. Free Tier usage disabled.'), 'quota'],
    ['text too long (legacy)', 400, legacy('max_character_limit_exceeded'), 'context_length', 'max_character_limit_exceeded'],
    ['text too long (unsigned, 401)', 401, legacy('max_character_limit_exceeded'), 'context_length'],
    ['text too long (current)', 400, current('validation_error', 'text_too_long', 'text_too_long'), 'context_length'],
    ['voice not found (404)', 404, current('not_found', 'voice_not_found', 'voice_not_found'), 'invalid_request', 'voice_not_found'],
    ['voice not found (400, legacy)', 400, legacy('voice_not_found'), 'invalid_request'],
    ['voice does not exist', 400, legacy('voice_does_not_exist'), 'invalid_request'],
    ['model not found', 404, current('not_found', 'model_not_found', 'model_not_found'), 'model_unavailable'],
    ['unsupported model', 400, current('validation_error', 'unsupported_model', 'unsupported_model'), 'model_unavailable'],
    ['plan-gated', 403, current('authorization_error', 'subscription_required', 'subscription_required'), 'unsupported'],
    ['bad output format', 400, current('validation_error', 'invalid_output_format', 'invalid_output_format'), 'unsupported'],
    ['concurrency (legacy)', 429, legacy('too_many_concurrent_requests'), 'rate_limited', 'too_many_concurrent_requests'],
    ['concurrency (current)', 429, current('rate_limit_error', 'concurrent_limit_exceeded', 'too_many_concurrent_requests'), 'rate_limited'],
    ['system busy', 429, current('rate_limit_error', 'system_busy', 'system_busy'), 'transient', 'system_busy'],
    ['validation 422', 422, JSON.stringify({ detail: [{ type: 'missing', loc: ['body', 'text'], msg: 'Field required', input: null }] }), 'invalid_request', 'validation_error'],
    ['500', 500, current('internal_error', 'internal_error', 'internal_error'), 'transient'],
    ['502 html', 502, '<html>Bad gateway</html>', 'transient'],
    ['403 plain', 403, current('authorization_error', 'forbidden', 'forbidden'), 'auth'],
    ['FastAPI 404', 404, JSON.stringify({ detail: 'Not Found' }), 'model_unavailable'],
  ];
  for (const [name, status, body, errorClass, code] of cases) {
    it(`${name} → ${errorClass}`, () => {
      const error = eleven.classifyError(status, {}, body, speechCtx('elevenlabs'));
      assert.equal(error.errorClass, errorClass);
      assert.equal(error.status, status);
      assert.equal(error.provider, 'elevenlabs');
      assert.equal(error.model, 'eleven_multilingual_v2');
      if (code) assert.equal(error.code, code);
      assert.ok(error.message.length > 0);
    });
  }

  it('reads messages from every shape and honours retry-after', () => {
    const error = eleven.classifyError(429, { 'retry-after': '3' }, JSON.stringify({ detail: { status: 'too_many_concurrent_requests', message: 'Too many' } }), speechCtx('elevenlabs'));
    assert.equal(error.message, 'Too many');
    assert.equal(error.retryAfterMs, 3000);
    assert.equal(eleven.classifyError(422, {}, JSON.stringify({ detail: [{ loc: ['body', 'text'], msg: 'Field required' }] }), speechCtx('elevenlabs')).message, 'body.text: Field required');
  });
});

describe('ElevenLabs has no chat', () => {
  const ctx = { provider: speechCtx('elevenlabs').provider, upstreamModel: 'eleven_v3', clock: speechCtx('elevenlabs').clock } as unknown as AttemptContext;
  it('is registered with a speech part only, and a chat attempt on it is refused as unsupported', () => {
    assert.equal(DIALECTS.get('elevenlabs'), elevenLabsDialect);
    assert.deepEqual(Object.keys(elevenLabsDialect).sort(), ['id', 'speech']);
    assert.throws(() => chatOf(elevenLabsDialect, ctx), (e: unknown) => ProviderError.is(e) && e.errorClass === 'unsupported' && e.code === 'chat_not_offered'
      && /ElevenLabs offers text to speech \(POST \/v1\/audio\/speech\) only; it has no chat completions/.test(e.message));
    assert.equal(chatOf(openaiDialect, ctx), openaiDialect.chat);
  });
});

describe('OpenAI speech request', () => {
  it('POSTs {base}/audio/speech with the request as it came and the upstream model', () => {
    const ctx = speechCtx('openai', { voice: 'nova', input: 'Hi', response_format: 'flac', speed: 2.5, instructions: 'cheerful', stream_format: 'audio' }, 'gpt-4o-mini-tts');
    const w = wire(openai.buildSpeechRequest(ctx));
    assert.equal(w.url.href, 'https://api.openai.com/v1/audio/speech');
    assert.equal(w.headers.authorization, 'Bearer sk-test');
    assert.deepEqual(w.json, { model: 'gpt-4o-mini-tts', input: 'Hi', voice: 'nova', response_format: 'flac', speed: 2.5, instructions: 'cheerful', stream_format: 'audio' });
    assert.equal(openai.contentType(ctx), 'audio/flac');
  });

  it('maps WAI’s ElevenLabs voices back, leaves ElevenLabs-only fields out, drops instructions for tts-1', () => {
    const ctx = speechCtx('openai', { voice: OPENAI_TO_ELEVENLABS.onyx!, voice_settings: { stability: 1 }, language_code: 'de', seed: 1, instructions: 'calm' }, 'tts-1');
    assert.deepEqual(wire(openai.buildSpeechRequest(ctx)).json, { model: 'tts-1', input: 'Hello there', voice: 'onyx' });
    assert.equal(wire(openai.buildSpeechRequest(speechCtx('openai', { voice: 'custom-voice' }))).json.voice, 'custom-voice');
  });

  it('classifies with the OpenAI rules', () => {
    const body = (code: string, type = 'invalid_request_error') => JSON.stringify({ error: { message: code, type, param: null, code } });
    const ctx = speechCtx('openai');
    assert.equal(openai.classifyError(401, {}, body('invalid_api_key'), ctx).errorClass, 'auth');
    assert.equal(openai.classifyError(429, {}, body('insufficient_quota', 'insufficient_quota'), ctx).errorClass, 'quota');
    assert.equal(openai.classifyError(429, {}, body('rate_limit_exceeded', 'requests'), ctx).errorClass, 'rate_limited');
    assert.equal(openai.classifyError(404, {}, body('model_not_found'), ctx).errorClass, 'model_unavailable');
    assert.equal(openai.classifyError(400, {}, body('invalid_value'), ctx).errorClass, 'invalid_request');
    assert.equal(openai.classifyError(503, {}, body('overloaded', 'server_error'), ctx).errorClass, 'transient');
  });
});
