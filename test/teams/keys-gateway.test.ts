/**
 * Client keys on one gateway, end to end over HTTP: when keys are required, each kind of bad key and its error,
 * model restrictions, the per-key limits with their headers (on an exact clock), budgets with streams, spend per
 * key, the audit table, and the start-up rule for gateways reachable from other machines.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import { startTestGateway } from '../helpers/gateway.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { assertError, call, chat, CHAT, createKeyVia, openaiEnv, tempDir } from './helpers.js';
import { until } from '../observe/log/backends.js';

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim?.close();
});

describe('client keys: when they are required and what a bad one gets', () => {
  const tmp = tempDir();
  let gw: RunningGateway;
  const logLines: string[] = [];
  before(async () => {
    gw = await startTestGateway({ env: openaiEnv(sim), requestLog: { enabled: true, flushMs: 20, sqlitePath: tmp.sqlitePath }, logLines });
  });
  after(async () => {
    await gw?.close();
    tmp.cleanup();
  });

  let secret: string;
  let keyId: string;

  it('with no client key on a loopback bind the gateway is keyless, as before', async () => {
    assert.equal((await chat(gw, undefined)).status, 200);
    const status = (await call(gw.url, '/admin/status')).json;
    assert.equal(status.clientKeys.required, false);
    assert.equal(status.clientKeys.keys, 0);
    assert.equal(status.limits.store, 'memory');
  });

  it('once one key exists, every /v1 request needs one: missing, malformed and unknown get 401 invalid_api_key', async () => {
    ({ secret, id: keyId } = await createKeyVia(gw.url, { name: 'alice' }));
    assert.match(secret, /^wai-[A-Za-z0-9_-]{43}$/);
    const missing = assertError(await chat(gw, undefined), 401, 'invalid_api_key', 'invalid_request_error');
    assert.match(missing.message, /didn't provide an API key/);
    const malformed = assertError(await chat(gw, 'sk-not-a-wai-key'), 401, 'invalid_api_key');
    assert.match(malformed.message, /"wai-" followed by 43/);
    assertError(await call(gw.url, '/v1/chat/completions', { body: CHAT, headers: { authorization: 'Basic abc' } }), 401, 'invalid_api_key');
    const unknown = assertError(await chat(gw, `wai-${'A'.repeat(43)}`), 401, 'invalid_api_key');
    assert.match(unknown.message, /^Invalid API key provided\./);
    assertError(await call(gw.url, '/v1/models'), 401, 'invalid_api_key');
    assert.equal((await chat(gw, undefined)).headers.get('www-authenticate'), 'Bearer realm="wai"');
  });

  it('the valid key works as a Bearer token and in x-api-key; the other routes stay open', async () => {
    const ok = await chat(gw, secret);
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await chat(gw, secret, CHAT, 'x-api-key')).status, 200);
    assert.equal((await call(gw.url, '/v1/models', { key: secret })).status, 200);
    assert.equal((await call(gw.url, '/health')).status, 200);
    // Other spellings of the scheme and its spacing, beside the usual one read without a regular expression.
    for (const authorization of [`bearer ${secret}`, `Bearer  ${secret}`, `BEARER\t${secret}`]) {
      assert.equal((await call(gw.url, '/v1/chat/completions', { body: CHAT, headers: { authorization } })).status, 200, authorization);
    }
    // Found once, a key is remembered by its first characters: a key that shares them but not the rest is still unknown.
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    const unknown = assertError(await chat(gw, secret.slice(0, -1) + last), 401, 'invalid_api_key');
    assert.match(unknown.message, /^Invalid API key provided\./);
    assertError(await chat(gw, `${secret.slice(0, 16)}${'C'.repeat(31)}`), 401, 'invalid_api_key');
    assertError(await call(gw.url, '/v1/chat/completions', { body: CHAT, headers: { authorization: `Bearer ${secret.slice(0, -1)} ` } }), 401, 'invalid_api_key');
  });

  it('revoked and expired keys get the same answer as a key that never existed', async () => {
    const unknown = (await chat(gw, `wai-${'B'.repeat(43)}`)).json.error;
    const expired = await createKeyVia(gw.url, { name: 'expired', expiresAt: '2020-01-01' });
    assert.equal(expired.key.status, 'expired');
    assert.deepEqual((await chat(gw, expired.secret)).json.error, unknown);
    const revoked = await createKeyVia(gw.url, { name: 'bob' });
    assert.equal((await chat(gw, revoked.secret)).status, 200);
    const gone = await call(gw.url, `/admin/keys/bob`, { method: 'DELETE' });
    assert.equal(gone.json.key.status, 'revoked');
    const refused = await chat(gw, revoked.secret);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.json.error, unknown);
  });

  it('keys are listed without their hash or secret; the audit table says who did what; the key never reaches a log', async () => {
    const listed = (await call(gw.url, '/admin/keys')).json.keys;
    assert.deepEqual(listed.map((k: any) => [k.name, k.status]), [['alice', 'active'], ['expired', 'expired'], ['bob', 'revoked']]);
    assert.ok(listed.every((k: any) => !('hash' in k) && !('secret' in k)));
    const audit = (await call(gw.url, '/admin/audit')).json.entries;
    assert.deepEqual(audit.map((e: any) => e.action), ['key.revoke', 'key.create', 'key.create', 'key.create']);
    assert.match(audit[0].actor, /^admin-api \(loopback /);
    assert.equal(audit.at(-1).target, keyId);
    assert.ok(!logLines.some((line) => line.includes(secret)), 'no log line holds the key');
  });

  it('request records carry the key id (never the key); spend and requests per key in /admin/usage?by=key', async () => {
    await until(async () => {
      const usage = (await call(gw.url, '/admin/usage?by=key&period=day')).json;
      return usage.keys.some((k: any) => k.keyId === keyId && k.requests >= 2);
    }, 'alice\'s requests in the log');
    const usage = (await call(gw.url, '/admin/usage?by=key&period=day')).json;
    const alice = usage.keys.find((k: any) => k.keyId === keyId);
    assert.equal(alice.name, 'alice');
    assert.ok(alice.costUsd > 0 && alice.tokensIn > 0, JSON.stringify(alice));
    const listed = (await call(gw.url, '/admin/keys')).json.keys.find((k: any) => k.id === keyId);
    assert.equal(listed.spend.day.requests, alice.requests);
    const recent = (await call(gw.url, '/admin/requests?limit=50')).json.requests;
    assert.ok(recent.some((r: any) => r.clientKeyId === keyId));
    assert.ok(!readFileSync(tmp.sqlitePath).includes(Buffer.from(secret)), 'the database holds no key');
  });

  it('bad settings are refused naming the field', async () => {
    assertError(await call(gw.url, '/admin/keys', { body: { rpm: -1 } }), 400, 'invalid_value');
    assert.equal((await call(gw.url, '/admin/keys', { body: { budgetPeriod: 'week' } })).json.error.param, 'budgetPeriod');
    assert.equal((await call(gw.url, '/admin/keys', { body: { bogus: 1 } })).json.error.param, 'bogus');
    assertError(await call(gw.url, '/admin/keys', { body: { name: 'alice' } }), 409, 'name_taken');
    assertError(await call(gw.url, '/admin/keys/nobody', { method: 'PATCH', body: { rpm: 5 } }), 404, 'unknown_key');
  });
});

describe('client keys: models and limits (exact clock)', () => {
  const tmp = tempDir();
  const clock = new ManualClock(Date.UTC(2026, 11, 6, 12, 0, 0));
  let gw: RunningGateway;
  before(async () => {
    gw = await startTestGateway({ env: openaiEnv(sim), requestLog: { sqlitePath: tmp.sqlitePath, enabled: false }, clock });
  });
  after(async () => {
    await gw?.close();
    tmp.cleanup();
  });

  it('a key limited to some models gets 403 for others, also when it names them as fallbacks', async () => {
    const { secret } = await createKeyVia(gw.url, { name: 'mini-only', models: 'openai/gpt-4o-mini' });
    assert.equal((await chat(gw, secret)).status, 200);
    const other = assertError(await chat(gw, secret, { ...CHAT, model: 'openai/gpt-4o' }), 403, 'model_not_allowed', 'permission_error');
    assert.match(other.message, /may use: openai\/gpt-4o-mini/);
    const named = assertError(await chat(gw, secret, { ...CHAT, models: ['openai/gpt-4o'] }), 403, 'model_not_allowed');
    assert.equal(named.param, 'models');
  });

  it('rpm 2: the third request in the same instant gets 429 with Retry-After and the rate-limit headers; a provider never sees it', async () => {
    const { secret } = await createKeyVia(gw.url, { name: 'slow', rpm: 2 });
    const first = await chat(gw, secret);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-ratelimit-limit-requests'), '2');
    assert.equal(first.headers.get('x-ratelimit-remaining-requests'), '1');
    assert.equal((await chat(gw, secret)).headers.get('x-ratelimit-remaining-requests'), '0');
    const upstreamBefore = sim.requests('openai').length;
    const limited = await chat(gw, secret);
    const error = assertError(limited, 429, 'rate_limit_exceeded', 'requests');
    assert.match(error.message, /requests per minute \(limit 2\)/);
    assert.equal(limited.headers.get('retry-after'), '30');
    assert.equal(limited.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.equal(limited.headers.get('x-ratelimit-reset-requests'), '1m0s');
    assert.equal(sim.requests('openai').length, upstreamBefore, 'no upstream call');
    assert.equal(gw.runtime.health.store.get('openai')?.state ?? 'closed', 'closed', 'the client\'s limit is not the provider\'s fault');
    clock.advance(29_999);
    assert.equal((await chat(gw, secret)).status, 429);
    clock.advance(1);
    assert.equal((await chat(gw, secret)).status, 200);
  });

  it('tpm: refused once the last minute\'s tokens reach the limit, with the tokens headers', async () => {
    const { secret } = await createKeyVia(gw.url, { name: 'tokens', tpm: 20 });
    const first = await chat(gw, secret);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-ratelimit-limit-tokens'), '20');
    const used = first.json.usage.total_tokens as number;
    assert.ok(used > 0);
    // Tokens are counted when the answer is done (next turn of the event loop).
    await new Promise((resolve) => setImmediate(resolve));
    let answer = await chat(gw, secret);
    while (answer.status === 200) answer = await chat(gw, secret);
    const error = assertError(answer, 429, 'rate_limit_exceeded', 'tokens');
    assert.match(error.message, /tokens per minute \(limit 20/);
    assert.ok(Number(answer.headers.get('retry-after')) >= 1);
    assert.equal(answer.headers.get('x-ratelimit-remaining-tokens'), '0');
  });

  it('a budget stops the key within one request\'s cost, streams included, with insufficient_quota naming it', async () => {
    // One request's cost, measured.
    const probe = await createKeyVia(gw.url, { name: 'probe' });
    const cost = Number((await chat(gw, probe.secret)).headers.get('x-wai-cost'));
    assert.ok(cost > 0);
    const budget = cost * 3.5;
    const { secret, id } = await createKeyVia(gw.url, { name: 'budgeted', budgetUsd: budget, budgetPeriod: 'day' });
    let spent = 0;
    let served = 0;
    for (let i = 0; i < 20; i++) {
      const stream = i % 2 === 1;
      const answer = await chat(gw, secret, { ...CHAT, stream });
      if (answer.status !== 200) {
        const error = assertError(answer, 429, 'insufficient_quota', 'insufficient_quota');
        assert.match(error.message, /daily budget of \$0\.0000\d+ is spent \(\$0\.0000\d+ used\)/);
        assert.match(error.message, /resets at 2026-12-07T00:00:00\.000Z/);
        assert.ok(Number(answer.headers.get('retry-after')) > 0);
        break;
      }
      served++;
      // A stream's cost is an HTTP trailer; the request record has it too. Here the non-streamed cost stands for both.
      spent += cost;
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(served, 4, 'stopped after the request that crossed the budget');
    assert.ok(spent <= budget + cost && spent >= budget, `spent ${spent} of ${budget}`);
    const raised = await call(gw.url, `/admin/keys/${id}`, { method: 'PATCH', body: { budgetUsd: budget * 10 } });
    assert.equal(raised.status, 200);
    assert.equal((await chat(gw, secret)).status, 200, 'a raised budget lets it in again');
  });
});

describe('start-up rule and auth modes', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const start = (env: Record<string, string>, host: string) => startGateway({
    env: { ...openaiEnv(sim), ...env }, logger: pino({ level: 'silent' }),
    overrides: { host, port: 0, requestLog: { enabled: false, sqlitePath: tmp.sqlitePath }, probes: { enabled: false } },
  });

  it('bound beyond loopback with no client key, the gateway refuses to start and says why', async () => {
    await assert.rejects(start({}, '0.0.0.0'), /refusing to listen on 0\.0\.0\.0: .*no client key exists.*wai keys create.*server\.auth: off/s);
  });

  it('server.auth: off starts it keyless on purpose; server.auth: required needs a key even with none created', async () => {
    const open = await start({ WAI_AUTH: 'off' }, '0.0.0.0');
    try {
      assert.equal((await chat(`http://127.0.0.1:${new URL(open.url).port}`, undefined)).status, 200);
    } finally {
      await open.close();
    }
    const strict = await start({ WAI_AUTH: 'required' }, '127.0.0.1');
    try {
      assertError(await chat(strict, undefined), 401, 'invalid_api_key');
    } finally {
      await strict.close();
    }
  });

  it('with a client key in the store it starts on any address', async () => {
    const first = await start({}, '127.0.0.1');
    await createKeyVia(first.url, { name: 'team' });
    await first.close();
    const exposed = await start({}, '0.0.0.0');
    try {
      assertError(await chat(`http://127.0.0.1:${new URL(exposed.url).port}`, undefined), 401, 'invalid_api_key');
    } finally {
      await exposed.close();
    }
  });
});
