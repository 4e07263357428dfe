/**
 * A hostile OpenAI-format upstream for the chaos suite and the soak. Under `/h/<provider>` it misbehaves as the
 * request's plan says; under `/c/<provider>` it is a clean (if sometimes slow) provider.
 *
 * The plan travels in the first user message, `chaos:<tag>:<fault>,<fault>…`: the n-th attempt with that tag gets
 * the n-th fault (the last one repeats), so a run is the same whatever order concurrent requests arrive in.
 * Error bodies echo the caller's key (and its base64): whatever reaches a client or a log must have it removed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { listenLoopback, resetSocket } from '../../../simulators/loopback-kit/net.js';

export const UPSTREAM_FAULTS = [
  'ok', 'reset', 'hang_headers', 'hang_first', 'hang_mid', 'hang_end', 'drip', 'truncate', 'mid_reset',
  'status_500', 'status_503', 'status_429', 'status_400', 'status_401', 'ok_error', 'gzip', 'bad_gzip',
  'huge', 'huge_event', 'flood_role', 'flood_empty', 'flood_comments', 'invalid_mid', 'empty_200', 'html_200',
] as const;
export type UpstreamFault = (typeof UPSTREAM_FAULTS)[number];

/** What the clean provider may do: answer, slowly, or at length (for slow readers). */
export const CLEAN_BEHAVIOURS = ['ok', 'drip', 'long'] as const;

const HUGE_WHOLE_BYTES = 40 * 1024 * 1024;
const HUGE_STREAM_BYTES = 12 * 1024 * 1024;
/** A flood stops by itself after this many bytes, should the gateway never hang up. */
const FLOOD_CAP_BYTES = 256 * 1024 * 1024;

export interface HostileUpstream {
  url: string;
  /** Requests received per fault, for the report. */
  counts: Map<string, number>;
  close(): Promise<void>;
}

interface Plan { tag: string; faults: string[] }

export async function startHostileUpstream(): Promise<HostileUpstream> {
  const attemptsByTag = new Map<string, number>();
  const counts = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => { timers.delete(timer); run(); }, ms);
    timers.add(timer);
  };

  const server: Server = createServer((req, res) => {
    // Model lists are not served: the gateway keeps its shipped catalog (an empty list would retire every model).
    if (req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"not found"}}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // The gateway always sends JSON; an unreadable body gets the plain answer.
      }
      const clean = (req.url ?? '').startsWith('/c/');
      const plan = planOf(body);
      let fault = 'ok';
      if (plan) {
        const n = attemptsByTag.get(plan.tag) ?? 0;
        if (attemptsByTag.size > 50_000) attemptsByTag.clear();
        attemptsByTag.set(plan.tag, n + 1);
        fault = plan.faults[Math.min(n, plan.faults.length - 1)] ?? 'ok';
      }
      if (clean && !(CLEAN_BEHAVIOURS as readonly string[]).includes(fault)) fault = 'ok';
      counts.set(fault, (counts.get(fault) ?? 0) + 1);
      const key = keyOf(req);
      const stream = body.stream === true;
      const model = typeof body.model === 'string' ? body.model : 'model';
      respond(fault, { req, res, stream, model, key, later });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const url = await listenLoopback(server, 0, '127.0.0.1');
  return {
    url,
    counts,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function planOf(body: Record<string, unknown>): Plan | undefined {
  const messages = Array.isArray(body.messages) ? body.messages as Array<{ role?: unknown; content?: unknown }> : [];
  for (const message of messages) {
    if (message.role !== 'user' || typeof message.content !== 'string') continue;
    const match = /chaos:([\w-]+):([\w,]+)/.exec(message.content);
    if (match) return { tag: match[1]!, faults: match[2]!.split(',') };
  }
  return undefined;
}

function keyOf(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  return auth.replace(/^Bearer\s+/i, '');
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  stream: boolean;
  model: string;
  key: string;
  later(ms: number, run: () => void): void;
}

const chunkJson = (model: string, delta: Record<string, unknown>, finish: string | null = null, usage?: Record<string, number>) =>
  JSON.stringify({ id: 'chatcmpl-chaos', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) });
const event = (json: string) => `data: ${json}\n\n`;
const USAGE = { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 };
const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.'];

function wholeAnswer(model: string, content = WORDS.join('')): string {
  return JSON.stringify({
    id: 'chatcmpl-chaos', object: 'chat.completion', created: 1_700_000_000, model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: USAGE,
  });
}

/** The frames of a complete streamed answer. */
function streamFrames(model: string, words: readonly string[] = WORDS): string[] {
  return [
    event(chunkJson(model, { role: 'assistant', content: '' })),
    ...words.map((w) => event(chunkJson(model, { content: w }))),
    event(chunkJson(model, {}, 'stop', USAGE)),
    'data: [DONE]\n\n',
  ];
}

function errorBody(key: string, status: number): string {
  const b64 = Buffer.from(key).toString('base64');
  const message = status === 401 ? `Incorrect API key provided: ${key}` : `upstream failure ${status} while serving ${key} (${b64})`;
  return JSON.stringify({ error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: status === 401 ? 'invalid_api_key' : null } });
}

function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

function respond(fault: string, x: Exchange): void {
  const { req, res, stream, model, key } = x;
  switch (fault) {
    case 'reset': return resetSocket(req);
    case 'hang_headers': return;
    // A 200 and the start of the answer, then nothing: after the headers, after some content, before the end.
    case 'hang_first': return partialAnswer(x, 1, 0);
    case 'hang_mid': return partialAnswer(x, 4, 40);
    case 'hang_end': return partialAnswer(x, -1, -2);
    case 'drip': return drip(x, stream ? streamFrames(model) : chunkText(wholeAnswer(model), 10), stream);
    case 'long': return drip(x, stream ? streamFrames(model, Array.from({ length: 4000 }, (_, i) => ` word${i} ${'x'.repeat(400)}`)) : [wholeAnswer(model, 'y'.repeat(2_000_000))], stream, 0);
    case 'truncate':
      partialAnswer(x, 4, 60);
      return void res.end();
    case 'mid_reset':
      partialAnswer(x, 5, 60);
      return x.later(20, () => resetSocket(req));
    case 'status_500': case 'status_503': case 'status_429': case 'status_400': case 'status_401': {
      const status = Number(fault.slice(7));
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) });
      res.end(errorBody(key, status));
      return;
    }
    case 'ok_error':
      if (stream) {
        sseHead(res);
        res.write(event(chunkJson(model, { role: 'assistant', content: '' })));
        res.end(event(errorBody(key, 500)));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(errorBody(key, 500));
      }
      return;
    case 'gzip': {
      const plain = stream ? streamFrames(model).join('') : wholeAnswer(model);
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(plain));
      return;
    }
    case 'bad_gzip':
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json', 'content-encoding': 'gzip' });
      res.end(stream ? streamFrames(model).join('') : wholeAnswer(model));
      return;
    case 'huge':
      if (stream) {
        const piece = event(chunkJson(model, { content: 'z'.repeat(64 * 1024) }));
        const frames = [event(chunkJson(model, { role: 'assistant', content: '' }))];
        for (let sent = 0; sent < HUGE_STREAM_BYTES; sent += piece.length) frames.push(piece);
        frames.push(event(chunkJson(model, {}, 'stop', USAGE)), 'data: [DONE]\n\n');
        return drip(x, frames, true, 0);
      }
      return drip(x, [hugeWhole()], false, 0);
    case 'huge_event':
      sseHead(res);
      res.write(event(chunkJson(model, { role: 'assistant', content: '' })));
      return drip(x, [event(chunkJson(model, { content: 'e'.repeat(6 * 1024 * 1024) })), 'data: [DONE]\n\n'], true, 0, false);
    case 'flood_role': return flood(x, event(chunkJson(model, { role: 'assistant' })));
    case 'flood_empty': return flood(x, event(JSON.stringify({ id: 'chatcmpl-chaos', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: {} }] })));
    case 'flood_comments': return flood(x, ': keep-alive\n\n');
    case 'invalid_mid':
      if (!stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "chatcmpl-chaos", "choices": [ {not json');
        return;
      }
      sseHead(res);
      res.end([...streamFrames(model).slice(0, 3), 'data: {not json\n\n', ...streamFrames(model).slice(3)].join(''));
      return;
    case 'empty_200':
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
      res.end();
      return;
    case 'html_200':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>502 Bad Gateway</body></html>');
      return;
    default:
      if (stream) {
        sseHead(res);
        res.end(streamFrames(model).join(''));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(wholeAnswer(model));
      }
  }
}

let hugeWholeText: string | undefined;
/** The 40 MB answer, built once: building it per request would stall this upstream for every other request. */
function hugeWhole(): string {
  hugeWholeText ??= wholeAnswer('chaos-huge', 'h'.repeat(HUGE_WHOLE_BYTES));
  return hugeWholeText;
}

/** A 200 with the start of an answer: the first `frames` frames of the stream, or `chars` characters of the whole one (negative: all but that many). */
function partialAnswer(x: Exchange, frames: number, chars: number): void {
  const { res, stream, model } = x;
  if (stream) {
    sseHead(res);
    res.write(streamFrames(model).slice(0, frames).join(''));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  const whole = wholeAnswer(model);
  if (chars === 0) res.flushHeaders();
  else res.write(whole.slice(0, chars));
}

function chunkText(text: string, pieces: number): string[] {
  const size = Math.ceil(text.length / pieces);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Writes the frames one by one, `gapMs` apart, respecting back-pressure; stops when the gateway hangs up. */
function drip(x: Exchange, frames: string[], stream: boolean, gapMs = 40, head = true): void {
  const { res } = x;
  if (head) {
    if (stream) sseHead(res);
    else res.writeHead(200, { 'content-type': 'application/json' });
  }
  let i = 0;
  const next = () => {
    while (i < frames.length) {
      if (res.destroyed) return;
      const ok = res.write(frames[i++]!);
      if (gapMs > 0) return x.later(gapMs, next);
      if (!ok) return void res.once('drain', next);
    }
    res.end();
  };
  next();
}

/** Writes `frame` as fast as the gateway takes it, until it hangs up (or the cap). */
function flood(x: Exchange, frame: string): void {
  const { res } = x;
  sseHead(res);
  let sent = 0;
  const next = () => {
    while (!res.destroyed && sent < FLOOD_CAP_BYTES) {
      sent += frame.length;
      if (!res.write(frame)) return void res.once('drain', next);
    }
    if (!res.destroyed) res.end();
  };
  next();
}
