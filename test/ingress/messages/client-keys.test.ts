/**
 * /v1/messages behind client keys, as Claude Code meets it: the key travels in x-api-key (the Anthropic SDK's
 * `apiKey`), a missing or unknown one is refused in Anthropic's error shape (which the SDK raises as its own
 * AuthenticationError), a wrong method too, and the key's model restriction holds on this route as on chat.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { createKeyVia, tempDir } from '../../teams/helpers.js';

let sim: AnthropicSimulator;
let gw: RunningGateway;
const tmp = tempDir();
let secret: string;
let narrow: string;

before(async () => {
  sim = await startAnthropicSimulator();
  gw = await startTestGateway({
    env: { ANTHROPIC_API_KEY: 'sk-ant-provider-key-0123', ANTHROPIC_BASE_URL: sim.baseUrl },
    requestLog: { enabled: true, flushMs: 20, sqlitePath: tmp.sqlitePath },
  });
  ({ secret } = await createKeyVia(gw.url, { name: 'claude-code' }));
  ({ secret: narrow } = await createKeyVia(gw.url, { name: 'haiku-only', models: ['claude-haiku-*'] }));
});

after(async () => {
  await gw?.close();
  await sim?.close();
  tmp.cleanup();
});

const client = (apiKey: string) => new Anthropic({ apiKey, baseURL: gw.url, maxRetries: 0 });
const ask = (apiKey: string, model = 'claude-haiku-4-5') => client(apiKey).messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });

it('a valid key in x-api-key is served, and never reaches the upstream', async () => {
  const message = await ask(secret);
  assert.equal(message.type, 'message');
  const seen = JSON.stringify(sim.requests().at(-1)?.headers ?? {});
  assert.doesNotMatch(seen, new RegExp(secret));
});

it('an unknown key is an AuthenticationError with Anthropic\'s error shape', async () => {
  await assert.rejects(ask(`wai-${'C'.repeat(43)}`), (error: unknown) => {
    assert.ok(error instanceof Anthropic.AuthenticationError, String(error));
    assert.equal(error.status, 401);
    assert.equal((error.error as { type?: string }).type, 'error');
    assert.equal((error.error as { error?: { type?: string } }).error?.type, 'authentication_error');
    return true;
  });
});

it('a wrong method on the route answers in Anthropic\'s shape too', async () => {
  const res = await fetch(`${gw.url}/v1/messages`, { headers: { 'x-api-key': secret } });
  assert.equal(res.status, 405);
  const body = await res.json() as { type: string; error: { type: string; message: string } };
  assert.equal(body.type, 'error');
  assert.match(body.error.message, /GET is not allowed/);
});

it('a key limited to some models gets 403 for another on this route, in Anthropic\'s shape', async () => {
  assert.equal((await ask(narrow)).type, 'message');
  await assert.rejects(ask(narrow, 'claude-sonnet-4-5'), (error: unknown) => {
    assert.ok(error instanceof Anthropic.PermissionDeniedError, String(error));
    assert.equal((error.error as { error?: { type?: string } }).error?.type, 'permission_error');
    return true;
  });
});
