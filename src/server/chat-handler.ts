import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { ChatStream } from '../engine/engine.js';
import type { ChunkReceiver } from '../engine/forwarded-items.js';
import type { Logger } from '../internal/logger.js';
import { validateChatRequest } from '../ingress/validate-chat.js';
import { pushServedHeaders } from './send.js';
import { settleRequest } from '../teams/client-gate.js';
import { FINAL_TRAILERS, finalTrailers } from './final-trailers.js';
import { clientOf } from './request-io.js';
import { handleJsonPost } from './json-post.js';
import { answerByteLength, writeWholeAnswer } from './answer-write.js';

/** A stream's own headers, at the head of the flat list `writeHead` takes as it is (the served headers follow). */
const SSE_HEADERS = ['content-type', 'text/event-stream; charset=utf-8', 'cache-control', 'no-cache', 'connection', 'keep-alive'];
/** The cost of a stream is known only at its end, and who finished it may differ: both travel as HTTP trailers. */
const STREAM_TRAILERS = `x-wai-cost, ${FINAL_TRAILERS}`;
const DONE = 'data: [DONE]\n\n';

/** POST /v1/chat/completions */
export function handleChat(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  return handleJsonPost({ req, res, engine, log, requestId }, 'chat', validateChatRequest, async (request, cancel, access) => {
    const result = await engine.chat(request, { signal: cancel, requestId, client: clientOf(req), holdAnswer: true, ...access });
    if (!result.stream) {
      // The answer keeps its room in the answer budget until it is written out (a slow reader holds it meanwhile),
      // or the response is gone: every response ends with one of these two, whatever happens from here.
      // `on`, not `once`: each event comes once, release does nothing when called again, and no wrapper is made.
      if (result.release) {
        res.on('finish', result.release);
        res.on('close', result.release);
      }
      // A translated answer stays text: Node joins it to the header block as it is (no bytes made to be read back).
      const answer = result.passthrough ?? JSON.stringify(result.completion);
      // One flat list for one writeHead call: Node writes it as it is.
      const headers = pushServedHeaders(['content-type', 'application/json', 'content-length', String(answerByteLength(answer))], result.served, res);
      if (result.costUsd !== null) headers.push('x-wai-cost', String(result.costUsd));
      settleRequest(req, result.completion.usage, result.costUsd);
      res.writeHead(200, headers);
      writeWholeAnswer(res, answer, engine.config.timeouts.idleMs);
      return;
    }
    // Built at the first content, on the path to the caller's first token: one flat list, no intermediate object.
    const headers = pushServedHeaders(SSE_HEADERS.slice(), result.served, res);
    headers.push('trailer', STREAM_TRAILERS);
    try {
      res.writeHead(200, headers);
    } catch (error) {
      // The answer cannot start: the upstream must not be left open, and the request keeps its record.
      await result.chunks.cancel();
      throw error;
    }
    try {
      await pipeStream(result.chunks, res, result.costUsd, () => settleRequest(req, result.chunks.usage, result.costUsd()), () => finalTrailers(result.served, result.finalServed()));
    } finally {
      // A stream the caller left, or that broke: what it used until then.
      settleRequest(req, result.chunks.usage, result.costUsd());
    }
  });
}

/**
 * Sends the stream's chunks as they come from the upstream's reads (the stream pushes them: no promise per chunk);
 * a full socket buffer pauses the stream until it drains. Resolves once the response is ended, or given up because
 * the client left.
 */
function pipeStream(chunks: ChatStream, res: ServerResponse, cost: () => number | null, beforeEnd: () => void, trailers: () => Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    let over = false;
    const finish = () => {
      over = true;
      res.off('drain', resume);
      res.off('close', left);
      resolve();
    };
    const resume = () => chunks.resume();
    // The client went away: the upstream is given up (the request is logged as client_closed).
    const left = () => {
      if (over) return;
      finish();
      void chunks.cancel();
    };
    res.on('drain', resume);
    res.on('close', left);
    const receiver: ChunkReceiver = {
      chunk(json) {
        // Gone (its close comes next, and cancels): nothing to pause for.
        if (over || res.destroyed) return true;
        return res.write(`data: ${json}\n\n`);
      },
      error(error) {
        if (over) return;
        finish();
        // An OpenAI-style error event; no [DONE] after it, so no client mistakes the answer for complete.
        beforeEnd();
        res.end(`data: ${JSON.stringify(error)}\n\n`);
      },
      end() {
        if (over) return;
        finish();
        beforeEnd();
        res.write(DONE);
        const usd = cost();
        res.addTrailers({ ...(usd !== null ? { 'x-wai-cost': String(usd) } : {}), ...trailers() });
        res.end();
      },
    };
    // The held chunks (role, first content) leave with the headers in one writev at the end of this call: Node's
    // own cork of a write is lifted on a later tick, after every promise continuation the commit set going.
    res.cork();
    try {
      chunks.forward(receiver);
    } finally {
      res.uncork();
    }
  });
}
