import type { IncomingMessage } from 'node:http';

/** What a caller's own request id may look like to be echoed back (no spaces, no control characters, bounded). */
const SANE_ID = /^[A-Za-z0-9._:\-]{1,128}$/;

/**
 * The `x-request-id` every response carries, so the SDKs' `request_id` is set: the caller's own id when it sent a
 * sane one, else WAI's (also in `x-wai-request-id` and the log).
 */
export function responseRequestId(req: IncomingMessage, waiId: string): string {
  const own = req.headers['x-request-id'];
  return typeof own === 'string' && SANE_ID.test(own) ? own : waiId;
}
