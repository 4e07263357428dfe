/** Checks a gateway error answer for one upstream failure class (shared by the azure, meta-llama and replicate tests). */
import assert from 'node:assert/strict';
import OpenAI from 'openai';

/** The gateway's status for a failure no upstream status came with (a refused request, a failed prediction). */
const localStatus = (errorClass: string) => (errorClass === 'invalid_request' || errorClass === 'context_length' ? 400 : errorClass === 'unsupported' ? 501 : 502);

/**
 * When every attempt went to the one provider, the gateway answers with that provider's status (or, when the
 * failure had none, 400/501/502 by class) and names the provider and class. When it could not say so (several targets), it answers
 * 503 listing the attempts; then every attempt must carry the class.
 */
export function assertUpstreamError(e: unknown, provider: string, errorClass: string, upstreamStatus: number | undefined): Record<string, any> {
  assert.ok(e instanceof OpenAI.APIError, String(e));
  const body = e.error as Record<string, any>;
  if (body.error_class !== undefined) {
    assert.equal(body.provider, provider);
    assert.equal(body.error_class, errorClass);
    assert.equal(e.status, upstreamStatus ?? localStatus(errorClass));
  } else {
    assert.equal(e.status, 503);
    assert.ok(body.attempts.length > 0);
    for (const a of body.attempts) assert.equal(a.errorClass, errorClass);
  }
  return body;
}
