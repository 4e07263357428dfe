/**
 * IAM credentials: with AWS_ACCESS_KEY_ID the gateway signs each Converse call with SigV4 (never a Bearer
 * header carrying the key id), and the simulator recomputes the signature to accept or refuse it.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startBedrockSimulator, SIM_ACCESS_KEY_ID, SIM_SECRET_ACCESS_KEY, type BedrockSimulator } from '../../../simulators/bedrock/index.js';
import { MODEL, collectOpenAIStream, startBedrockGateway } from './helpers.js';

let sim: BedrockSimulator;
before(async () => {
  sim = await startBedrockSimulator({ region: 'eu-west-1' });
});
after(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const USER = 'Sign this please';
const IAM = { AWS_ACCESS_KEY_ID: SIM_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SIM_SECRET_ACCESS_KEY, AWS_REGION: 'eu-west-1' };

describe('bedrock with SigV4 credentials', () => {
  it('signs whole and streamed calls; the simulator verifies the signature over the encoded path and body', async () => {
    const { gw, client } = await startBedrockGateway(sim, { ...IAM, AWS_SESSION_TOKEN: 'session-token-123' });
    try {
      const r = await client.chat.completions.create({ model: `bedrock/${MODEL}`, messages: [{ role: 'user', content: USER }] });
      assert.equal(r.choices[0]!.message.content, `Hello from bedrock (${MODEL}): ${USER}`);
      const got = await collectOpenAIStream(await client.chat.completions.create({ model: `bedrock/${MODEL}`, messages: [{ role: 'user', content: USER }], stream: true }));
      assert.equal(got.text, `Hello from bedrock (${MODEL}): ${USER}`);
      for (const req of sim.requests()) {
        assert.equal(req.auth, 'sigv4');
        assert.equal(req.headers['x-amz-security-token'], '***');
        assert.match(String(req.headers['x-amz-date']), /^\d{8}T\d{6}Z$/);
      }
    } finally {
      await gw.close();
    }
  });

  it('a wrong secret is refused (403 InvalidSignatureException) and classed auth', async () => {
    const { gw, client } = await startBedrockGateway(sim, { ...IAM, AWS_SECRET_ACCESS_KEY: 'wrong-secret' });
    try {
      await assert.rejects(client.chat.completions.create({ model: `bedrock/${MODEL}`, messages: [{ role: 'user', content: USER }] }), (e: any) => {
        assert.ok(e instanceof OpenAI.APIError);
        assert.equal(e.status, 403);
        assert.equal(e.error.error_class, 'auth');
        assert.equal(e.error.code, 'InvalidSignatureException');
        return true;
      });
    } finally {
      await gw.close();
    }
  });

  it('a signature scoped to another region is refused', async () => {
    const { gw, client } = await startBedrockGateway(sim, { ...IAM, AWS_REGION: 'us-west-2' });
    try {
      await assert.rejects(client.chat.completions.create({ model: `bedrock/${MODEL}`, messages: [{ role: 'user', content: USER }] }), (e: any) => {
        assert.equal(e.status, 403);
        assert.match(e.message, /region/);
        return true;
      });
    } finally {
      await gw.close();
    }
  });

  it('an access key id without a secret fails as auth without calling upstream', async () => {
    const { gw, client } = await startBedrockGateway(sim, { AWS_ACCESS_KEY_ID: SIM_ACCESS_KEY_ID });
    try {
      await assert.rejects(client.chat.completions.create({ model: `bedrock/${MODEL}`, messages: [{ role: 'user', content: USER }] }), (e: any) => {
        assert.equal(e.error.error_class, 'auth');
        assert.match(e.message, /AWS_SECRET_ACCESS_KEY/);
        return true;
      });
      assert.equal(sim.requests().length, 0);
    } finally {
      await gw.close();
    }
  });
});
