import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import { ByteCollector } from '../internal/byte-collector.js';

/**
 * Reads a request body up to `limit` bytes; over it, a 413 without reading further. The client decides how its
 * body is cut: the chunks are copied into blocks (ByteCollector), so a body of tiny chunks holds its bytes, not a
 * Buffer object per chunk.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const body = new ByteCollector(declared === undefined ? 0 : Number(declared));
    req.on('data', (chunk: Buffer) => {
      if (body.size + chunk.length > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      body.push(chunk);
    });
    req.on('end', () => resolve(body.bytes()));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError(413, `The request body is larger than the limit of ${limit} bytes.`, { code: 'request_too_large' });
}
