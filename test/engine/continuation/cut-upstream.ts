/**
 * An OpenAI-format upstream that streams a scripted answer and then breaks the connection: the provider whose
 * stream WAI must continue elsewhere. Every request gets the same script; the bodies it received are kept.
 */
import { createServer, type Server } from 'node:http';
import { listenLoopback, resetSocket } from '../../../simulators/loopback-kit/net.js';

export interface CutScript {
  /** Deltas sent after the role chunk, in order (text pieces, or raw delta objects such as a tool call). */
  deltas: Array<string | Record<string, unknown>>;
  /** After the deltas: a finish chunk (`stop`) before the cut, or the cut right away. */
  finishBeforeCut?: boolean;
}

export interface CutUpstream {
  baseUrl: string;
  bodies: unknown[];
  close(): Promise<void>;
}

export async function startCutUpstream(script: CutScript, model = 'grok-4.3'): Promise<CutUpstream> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => { raw += part; });
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: 'chatcmpl-cut', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: '' }));
      for (const delta of script.deltas) res.write(chunk(typeof delta === 'string' ? { content: delta } : delta));
      if (script.finishBeforeCut) res.write(chunk({}, 'stop'));
      // Let the frames reach the gateway, then break the connection mid-stream.
      setTimeout(() => resetSocket(req), 20);
    });
  });
  const url = await listenLoopback(server, 0, '127.0.0.1');
  return {
    baseUrl: `${url}/v1`,
    bodies,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
