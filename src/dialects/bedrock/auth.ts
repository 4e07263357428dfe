import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { AttemptContext } from '../types.js';
import type { ProviderRuntime } from '../../providers/runtime.js';
import { ProviderError } from '../../errors/provider-error.js';

/**
 * Bedrock takes two kinds of credential:
 * - a Bedrock API key (`AWS_BEARER_TOKEN_BEDROCK`), sent as `Authorization: Bearer <key>`: the runtime's headers do that;
 * - IAM access keys (`AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY`, optionally `AWS_SESSION_TOKEN`): every request
 *   is signed with SigV4 (service `bedrock`). The runtime would put the access key id in a Bearer header,
 *   which AWS rejects, so the headers are built here instead.
 */
export function usesSigV4(provider: ProviderRuntime): boolean {
  const key = provider.key;
  if (!key) return false;
  if (key.source === 'AWS_ACCESS_KEY_ID') return true;
  if (key.source === 'AWS_BEARER_TOKEN_BEDROCK') return false;
  // A key from the config file is an access key id when a secret access key is configured next to it.
  return typeof provider.settings.secretAccessKey === 'string' && provider.settings.secretAccessKey !== '';
}

/** The signing region: AWS_REGION, else the region in a `bedrock-runtime.{region}.amazonaws.com` host, else us-east-1. */
export function signingRegion(provider: ProviderRuntime): string {
  const configured = provider.settings.region;
  if (configured) return configured;
  const host = /^https?:\/\/bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/i.exec(provider.origin);
  return host?.[1] ?? 'us-east-1';
}

/** What signing a call needs: the provider, the model (for errors), and whether the answer streams. */
export type SignedCallContext = Pick<AttemptContext, 'provider' | 'upstreamModel'> & { stream?: boolean };

/** One signer per configured provider: the signer caches its derived signing key per day. */
const signers = new WeakMap<ProviderRuntime, SignatureV4>();

function signerFor(ctx: SignedCallContext): SignatureV4 {
  const provider = ctx.provider;
  let signer = signers.get(provider);
  if (signer) return signer;
  const secretAccessKey = provider.settings.secretAccessKey;
  if (!provider.key || !secretAccessKey) {
    throw new ProviderError({
      errorClass: 'auth', provider: provider.id, model: ctx.upstreamModel, code: 'missing_secret_access_key',
      message: `${provider.entry.name}: an access key id is configured but AWS_SECRET_ACCESS_KEY is not, so requests cannot be signed`,
    });
  }
  const sessionToken = provider.settings.sessionToken;
  signer = new SignatureV4({
    service: 'bedrock',
    region: signingRegion(provider),
    sha256: Sha256,
    // x-amz-content-sha256 is an S3 header; other services hash the payload into the signature only.
    applyChecksum: false,
    credentials: { accessKeyId: provider.key.reveal(), secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
  });
  signers.set(provider, signer);
  return signer;
}

/** Headers for one Converse call: Bearer from the runtime, or SigV4 over the exact path and body sent. */
export async function bedrockHeaders(ctx: SignedCallContext, path: string, body: string): Promise<Record<string, string>> {
  const accept = ctx.stream ? 'application/vnd.amazon.eventstream' : 'application/json';
  const provider = ctx.provider;
  if (!usesSigV4(provider)) return { ...provider.wireHeaders(), accept };

  const url = new URL(provider.origin);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept, host: url.host };
  const signed = await signerFor(ctx).sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path,
    query: {},
    headers,
    body,
  }, { signingDate: new Date() });
  return signed.headers;
}
