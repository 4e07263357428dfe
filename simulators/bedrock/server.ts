/**
 * A loopback Bedrock runtime: `POST /model/{modelId}/converse` and `/converse-stream`, authenticated by a
 * Bedrock API key (Bearer) or a SigV4 signature that is verified for real. Answers are computed from the
 * request (answer.ts); faults come from the queue, the default or the `x-sim-fault` header.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Fault } from '../openai-compatible/types.js';
import { FaultBook, parseFaultHeader } from '../openai-compatible/faults.js';
import { Recorder } from '../openai-compatible/recorder.js';
import { Timers } from '../openai-compatible/respond.js';
import { awsError, badApiKey, faultError, validation, type Reply } from './errors.js';
import { invokeReply } from './invoke.js';
import { verifySigV4 } from './sigv4.js';
import { computeConverseAnswer } from './answer.js';
import { validateConverse } from './validate.js';
import { answerBody, answerEvents, eventFrame, replayFrame } from './frames.js';
import { sendConverse, sendReply, writeEventStream } from './respond.js';
import { SIM_SECRET_ACCESS_KEY, type BedrockRecordedRequest, type BedrockSimulator, type BedrockSimulatorOptions, type Replay } from './types.js';
import { listenLoopback, resetSocket } from '../loopback-kit/net.js';

const PROVIDER = 'bedrock';
const AUTH_NOTE = 'x-sim-auth-kind';
const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function authKind(req: IncomingMessage): BedrockRecordedRequest['auth'] {
  const a = req.headers.authorization;
  if (typeof a !== 'string' || a === '') return 'none';
  return a.startsWith('AWS4-') ? 'sigv4' : 'bearer';
}

export async function startBedrockSimulator(opts: BedrockSimulatorOptions = {}): Promise<BedrockSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const book = new FaultBook();
  const recorder = new Recorder(1000);
  const timers = new Timers();
  const replays: Replay[] = [];
  let counter = 0;
  let closed = false;

  const secretFor = (accessKeyId: string): string | undefined => {
    if (opts.credentials) return opts.credentials[accessKeyId];
    return accessKeyId.includes('bad') ? undefined : SIM_SECRET_ACCESS_KEY;
  };

  /** undefined when the caller is authenticated, else AWS's refusal. */
  async function authenticate(req: IncomingMessage, raw: Buffer): Promise<Reply | undefined> {
    const a = req.headers.authorization;
    if (typeof a !== 'string' || a.trim() === '') return awsError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    if (a.startsWith('AWS4-')) return verifySigV4({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body: raw }, { secretFor, ...(opts.region ? { region: opts.region } : {}) });
    const key = /^Bearer\s+(.+)$/i.exec(a)?.[1]?.trim();
    if (!key) return awsError(403, 'IncompleteSignatureException', `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.`);
    const ok = opts.apiKeys ? opts.apiKeys.includes(key) : !key.includes('bad');
    return ok ? undefined : badApiKey();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const route = ROUTE.exec(path);
    if (!route || req.method !== 'POST') {
      return sendReply(res, awsError(404, 'UnknownOperationException', `Unknown operation: ${req.method} ${path}`));
    }
    const modelId = decodeURIComponent(route[1]!);
    const stream = route[2] === 'converse-stream';
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    // The auth header is redacted on read, so how the caller authenticated is noted beside it.
    recorder.add(PROVIDER, req.method, path, { ...req.headers, [AUTH_NOTE]: authKind(req) }, body);

    const fromHeader = parseFaultHeader(req.headers['x-sim-fault']);
    if (fromHeader instanceof Error) return sendReply(res, validation(fromHeader.message));
    const replay = replays.shift();
    const fault: Fault | undefined = replay ? undefined : fromHeader ?? book.take(PROVIDER);
    if (fault?.reset) {
      resetSocket(req);
      return;
    }
    if (fault?.hang) return;
    if ((fault?.latencyMs ?? 0) > 0) {
      await timers.sleep(fault!.latencyMs!);
      if (closed || res.destroyed) return;
    }
    if (fault?.body !== undefined) {
      return sendReply(res, { status: fault.status ?? 200, headers: { 'content-type': 'application/json' }, body: fault.body }, fault.headers);
    }
    if (fault && (fault.status !== undefined || fault.errorCode !== undefined)) return sendReply(res, faultError(fault.status, fault.errorCode), fault.headers);

    const refused = await authenticate(req, raw);
    if (refused) return sendReply(res, refused, fault?.headers);

    if (replay) {
      if (stream && replay.events) return writeEventStream(res, replay.events.map(replayFrame), undefined, timers);
      return sendConverse(res, replay.json ?? '{}', undefined);
    }

    if (body === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendReply(res, validation('Malformed input request, please reformat your input and try again.'));
    }
    const rec = body as Record<string, unknown>;
    if (route[2] === 'invoke') return sendReply(res, invokeReply(modelId, rec), fault?.headers);
    const invalid = validateConverse(rec);
    if (invalid) return sendReply(res, invalid);
    if (modelId.includes('does-not-exist')) return sendReply(res, validation('The provided model identifier is invalid.'));

    const n = ++counter;
    const answer = computeConverseAnswer(modelId, rec);
    const toolUseId = `tooluse_sim${String(n).padStart(6, '0')}${modelId.length.toString(36)}`;
    if (stream) {
      const frames = answerEvents(answer, toolUseId, 1).map(([type, payload]) => eventFrame(type, payload));
      return writeEventStream(res, frames, fault, timers);
    }
    sendConverse(res, JSON.stringify(answerBody(answer, toolUseId, 1)), fault);
  }

  const server = http.createServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendReply(res, awsError(500, 'InternalServerException', `simulator failure: ${String(err)}`));
      else res.destroy();
    });
  });
  const url = await listenLoopback(server, opts.port, host);

  const sim: BedrockSimulator = {
    url,
    baseUrl: url,
    enqueue: (...items) => book.enqueue(PROVIDER, items.filter((f): f is Fault => typeof f !== 'string')),
    setDefault: (a: string | Fault | null, b?: Fault | null) => book.setDefault(PROVIDER, typeof a === 'string' ? b ?? null : a),
    replayNext: (...items) => {
      replays.push(...items);
    },
    reset: () => {
      book.reset();
      recorder.clear();
      replays.length = 0;
    },
    requests: () => recorder.list(PROVIDER).map((r) => {
      const m = ROUTE.exec(r.path);
      const headers = { ...r.headers };
      if (headers['x-amz-security-token'] !== undefined) headers['x-amz-security-token'] = '***';
      const auth = headers[AUTH_NOTE] as BedrockRecordedRequest['auth'];
      delete headers[AUTH_NOTE];
      return { ...r, headers, modelId: m ? decodeURIComponent(m[1]!) : '', stream: m?.[2] === 'converse-stream', auth };
    }),
    close: () => new Promise<void>((resolve) => {
      if (closed) return resolve();
      closed = true;
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  return sim;
}
