/**
 * A loopback server speaking OpenAI's text-to-speech endpoint, `POST /v1/audio/speech`: Bearer auth, OpenAI's
 * error bodies and 429 headers (shared with the OpenAI-compatible simulator), audio bytes streamed in several
 * pieces, or `stream_format: 'sse'` as `speech.audio.delta` / `speech.audio.done` events. Shared faults as in
 * the ElevenLabs simulator.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from '../openai-compatible/types.js';
import { PROVIDER_BY_ID } from '../openai-compatible/providers.js';
import { authError, badRequest, errorReply, type Reply } from '../openai-compatible/errors.js';
import { fakeAudio } from '../elevenlabs/audio.js';
import { splitAudio, writeAudio } from '../elevenlabs/write-audio.js';
import { applyTransportFault, readBody, sendJson, startSpeechServer, takeFault, type SpeechServerParts } from '../elevenlabs/control.js';
import type { SpeechSimulator, SpeechSimulatorOptions } from '../elevenlabs/types.js';
import { checkSpeech, FORMAT_AUDIO } from './validate.js';

const PROVIDER = 'openai';
const SPEC = PROVIDER_BY_ID.get('openai')!;

function presentedKey(req: IncomingMessage): string | undefined {
  const a = req.headers.authorization;
  if (typeof a !== 'string' || a.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const key = a.slice(7).trim();
  return key === '' ? undefined : key;
}

export async function startOpenAISpeechSimulator(opts: SpeechSimulatorOptions = {}): Promise<SpeechSimulator> {
  let counter = 0;

  async function handle(parts: SpeechServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const send = (r: Reply, extra?: Record<string, string>) => sendJson(res, r.status, r.body, { ...r.headers, ...extra });
    if (url.pathname !== '/v1/audio/speech') {
      return sendJson(res, 404, JSON.stringify({ error: { message: `Invalid URL (${method} ${url.pathname})`, type: 'invalid_request_error', param: null, code: null } }));
    }
    if (method !== 'POST') return send(badRequest(SPEC, `Invalid method for URL (${method} ${url.pathname})`, ''));
    let body: unknown;
    let badJson = false;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      badJson = true;
    }
    parts.recorder.add(PROVIDER, method, url.pathname, url.searchParams, req.headers, body);
    const rec = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const model = typeof rec.model === 'string' ? rec.model : '';
    const requestId = `req_${(++counter).toString(16).padStart(24, '0')}`;

    const fault = takeFault(parts, PROVIDER, req);
    if (fault instanceof Error) return send(badRequest(SPEC, fault.message, model));
    if (await applyTransportFault(parts, fault, req, res)) return;
    if (fault?.body !== undefined) return sendJson(res, fault.status ?? 200, fault.body, fault.headers);
    if (fault && (fault.status !== undefined || fault.errorCode !== undefined)) return send(errorReply(SPEC, fault.status, fault.errorCode, model || 'tts-1'), fault.headers);

    const key = presentedKey(req);
    if (key === undefined || (opts.key !== undefined ? key !== opts.key : key.includes('bad'))) return send(authError(SPEC, key === undefined, model));
    if (badJson || body === undefined) return send(badRequest(SPEC, 'We could not parse the JSON body of your request.', model));
    const valid = checkSpeech(rec);
    if ('status' in valid) {
      const error = JSON.stringify({ error: { message: valid.message, type: 'invalid_request_error', param: valid.param, code: valid.code } });
      return sendJson(res, valid.status, error, { 'x-request-id': requestId });
    }
    const spec = FORMAT_AUDIO[valid.format];
    const audio = fakeAudio(spec, { text: valid.input, voice: valid.voice, model: valid.model });
    const headers = { 'x-request-id': requestId, 'openai-version': '2020-10-01', 'openai-processing-ms': '1', ...fault?.headers };
    if (valid.sse) return writeSse(res, audio, valid.input, headers);
    return writeAudio(res, audio, spec.contentType, headers, fault as Fault | undefined, parts.timers);
  }

  return startSpeechServer(PROVIDER, opts.host ?? '127.0.0.1', opts.port ?? 0, '/v1', handle);
}

/** `stream_format: 'sse'`: base64 audio deltas, then a done event with token usage (our estimate from words). */
function writeSse(res: ServerResponse, audio: Buffer, input: string, headers: Record<string, string>): void {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const piece of splitAudio(audio)) res.write(`data: ${JSON.stringify({ type: 'speech.audio.delta', audio: piece.toString('base64') })}\n\n`);
  const inputTokens = input.split(/\s+/).filter(Boolean).length;
  const outputTokens = Math.ceil(audio.length / 1000);
  const usage = { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens };
  res.end(`data: ${JSON.stringify({ type: 'speech.audio.done', usage })}\n\n`);
}
