/**
 * A loopback server speaking ElevenLabs' text-to-speech API:
 *   POST /v1/text-to-speech/{voice_id}/stream?output_format=…   streamed audio (mp3, pcm, opus, µ-law, A-law)
 *   POST /v1/text-to-speech/{voice_id}?output_format=…          whole file (also wav)
 *   GET  /v1/models                                             the TTS models
 * `xi-api-key` auth, ElevenLabs' error bodies, and the shared faults (queue, default, `x-sim-fault` header).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from '../openai-compatible/types.js';
import { fakeAudio } from './audio.js';
import { errorReply, type ElevenLabsErrorReply } from './errors.js';
import { checkSchema, checkSpeech, MODEL_LIMITS } from './validate.js';
import { writeAudio } from './write-audio.js';
import { applyTransportFault, readBody, sendJson, startSpeechServer, takeFault, type SpeechServerParts } from './control.js';
import type { SpeechSimulator, SpeechSimulatorOptions } from './types.js';

const PROVIDER = 'elevenlabs';
const TTS_PATH = /^\/v1\/text-to-speech\/([^/]+)(\/stream)?$/;

const MODELS_BODY = JSON.stringify(
  Object.entries(MODEL_LIMITS).map(([model_id, limit]) => ({
    model_id, name: model_id, can_do_text_to_speech: true, can_do_voice_conversion: false, maximum_text_length_per_request: limit,
  })),
);

export async function startElevenLabsSimulator(opts: SpeechSimulatorOptions = {}): Promise<SpeechSimulator> {
  let counter = 0;

  async function handle(parts: SpeechServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const tts = TTS_PATH.exec(url.pathname);
    const models = url.pathname === '/v1/models';
    // FastAPI's own answers for unknown paths and methods.
    if (!tts && !models) return sendJson(res, 404, JSON.stringify({ detail: 'Not Found' }));
    if (method !== (tts ? 'POST' : 'GET')) return sendJson(res, 405, JSON.stringify({ detail: 'Method Not Allowed' }));

    let body: unknown;
    let badJson = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    parts.recorder.add(PROVIDER, method, url.pathname, url.searchParams, req.headers, body);
    const n = ++counter;
    const traceId = n.toString(16).padStart(32, '0');
    const headers: Record<string, string> = { 'x-trace-id': traceId, 'x-region': 'sim-central1' };
    const reply = (r: ElevenLabsErrorReply) => sendJson(res, r.status, r.body, headers);

    const fault = takeFault(parts, PROVIDER, req);
    if (fault instanceof Error) return reply(errorReply(400, 'invalid_parameters', traceId, fault.message));
    if (await applyTransportFault(parts, fault, req, res)) return;
    Object.assign(headers, fault?.headers);
    if (fault?.body !== undefined) return sendJson(res, fault.status ?? 200, fault.body, headers);
    if (fault && (fault.status !== undefined || fault.errorCode !== undefined)) return reply(errorReply(fault.status, fault.errorCode, traceId));

    // The body schema is checked before the key (a 422 comes back even with a bad key).
    if (tts) {
      const invalid = checkSchema(body, badJson);
      if (invalid) return reply(invalid);
    }
    const key = req.headers['xi-api-key'];
    if (typeof key !== 'string' || key === '') return reply(errorReply(undefined, 'needs_authorization', traceId));
    if (opts.key !== undefined ? key !== opts.key : key.includes('bad')) return reply(errorReply(undefined, 'invalid_api_key', traceId));
    if (models) return sendJson(res, 200, MODELS_BODY, headers);

    const voice = decodeURIComponent(tts![1]!);
    const valid = checkSpeech(body as Record<string, unknown>, voice, url.searchParams, tts![2] !== undefined, traceId);
    if ('status' in valid) return reply(valid);
    const audio = fakeAudio(valid.format, { text: valid.text, voice: valid.voice, model: valid.model });
    const success = {
      ...headers,
      'request-id': `req_${traceId.slice(-20)}`,
      'character-cost': String(valid.text.length),
      'current-concurrent-requests': '1',
      'maximum-concurrent-requests': '5',
    };
    return writeAudio(res, audio, valid.format.contentType, success, fault as Fault | undefined, parts.timers);
  }

  return startSpeechServer(PROVIDER, opts.host ?? '127.0.0.1', opts.port ?? 0, '', handle);
}
