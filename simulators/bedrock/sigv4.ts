/**
 * Real SigV4 verification: the signature is recomputed with @smithy/signature-v4 from the request as
 * received (method, raw path, the headers it says it signed, the body) and the secret the simulator knows
 * for that access key id, then compared. Failures answer as AWS does (403 with the coral exception names).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { awsError, type Reply } from './errors.js';

const AUTH = /^AWS4-HMAC-SHA256\s+Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/;
/** AWS refuses signatures more than five minutes away from its own clock. */
const MAX_SKEW_MS = 5 * 60 * 1000;

export interface SigV4Input {
  method: string;
  /** The request target exactly as received (path and query). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SigV4Options {
  /** Secret for an access key id; undefined means the id is unknown. */
  secretFor(accessKeyId: string): string | undefined;
  /** When set, only this signing region is accepted. */
  region?: string;
  now?: number;
}

const mismatch = () => awsError(403, 'InvalidSignatureException',
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/** undefined when the signature is valid, else the reply AWS would send. */
export async function verifySigV4(req: SigV4Input, options: SigV4Options): Promise<Reply | undefined> {
  const auth = header(req.headers, 'authorization') ?? '';
  const m = AUTH.exec(auth);
  if (!m) {
    return awsError(403, 'IncompleteSignatureException', `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${auth.split(' ')[0]}`);
  }
  const [, accessKeyId, scopeDate, region, service, signedList, signature] = m as unknown as string[];
  const secret = options.secretFor(accessKeyId!);
  if (secret === undefined) return awsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (service !== 'bedrock') return awsError(403, 'InvalidSignatureException', `Credential should be scoped to correct service: 'bedrock'.`);
  if (options.region && region !== options.region) {
    return awsError(403, 'InvalidSignatureException', `Credential should be scoped to a valid region. `);
  }
  const signed = signedList!.split(';');
  if (!signed.includes('host')) return awsError(403, 'InvalidSignatureException', `'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`);
  const amzDate = header(req.headers, 'x-amz-date');
  const when = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || when === undefined) return awsError(403, 'IncompleteSignatureException', `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
  const now = options.now ?? Date.now();
  if (Math.abs(now - when) > MAX_SKEW_MS) {
    return awsError(403, 'InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than the allowed window (5 min.)`);
  }
  if (amzDate.slice(0, 8) !== scopeDate) return mismatch();

  // A signed payload hash must be the body's; the signer trusts the header, so it is checked here.
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const claimedHash = header(req.headers, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== 'UNSIGNED-PAYLOAD' && claimedHash !== bodyHash) return mismatch();

  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = header(req.headers, name);
    if (value === undefined) return mismatch();
    headers[name] = value;
  }
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(req.url.slice(q + 1))) query[k] = v;
  const token = signed.includes('x-amz-security-token') ? headers['x-amz-security-token'] : undefined;

  const signer = new SignatureV4({
    service: 'bedrock',
    region: region!,
    sha256: Sha256,
    applyChecksum: false,
    credentials: { accessKeyId: accessKeyId!, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) },
  });
  const host = headers.host ?? '';
  const recomputed = await signer.sign(
    { method: req.method, protocol: 'http:', hostname: host.replace(/:\d+$/, ''), path, query, headers, body: req.body },
    { signingDate: new Date(when), signableHeaders: new Set(signed) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(recomputed.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(signature!);
  return a.length === b.length && timingSafeEqual(a, b) ? undefined : mismatch();
}
