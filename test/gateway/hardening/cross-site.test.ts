/**
 * Issue 13, item 7: a web page open on the operator's machine cannot use the gateway. Without an admin key,
 * /admin answers only for a loopback (or the configured) Host (DNS rebinding); a foreign Origin cannot change
 * state; JSON routes refuse bodies a browser may send cross-site without asking (text/plain, no type) with a 415;
 * more proxy headers count as proxy signs; GET /v1/route needs the admin key when one is set.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { assertOpenAIError, bearer, raw } from '../../server/admin/helpers.js';
import { startTinyUpstream, type TinyUpstream } from '../gw-helpers.js';

const ADMIN_KEY = 'wai-admin-h7-0123456789abcdef';
const CHAT = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
const answer = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });

describe('without an admin key', () => {
  let gw: RunningGateway;
  let upstream: TinyUpstream;
  let port: string;
  before(async () => {
    upstream = await startTinyUpstream((_req, res) => { res.end(answer); });
    gw = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-h7-test-key-0123', OPENAI_BASE_URL: `${upstream.url}/v1` } });
    port = new URL(gw.url).port;
  });
  after(async () => {
    await gw?.close();
    await upstream?.close();
  });

  it('a foreign Host (DNS rebinding) is refused on /admin, /metrics and the dashboard data', async () => {
    for (const path of ['/admin/status', '/metrics', '/admin/requests']) {
      const refused = assertOpenAIError(await raw(gw.url, path, { headers: { host: `evil.example:${port}` } }), 403, /Host/);
      assert.equal(refused.code, 'admin_host_refused');
    }
  });

  it('loopback Hosts are served', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) {
      const res = await raw(gw.url, '/admin/status', { headers: { host } });
      assert.equal(res.status, 200, `${host}: ${res.body.slice(0, 200)}`);
    }
  });

  it('a state-changing admin request from a foreign Origin is refused; same origin passes', async () => {
    const path = '/admin/providers/groq/reset';
    const refused = assertOpenAIError(await raw(gw.url, path, { method: 'POST', headers: { origin: 'http://evil.example' } }), 403, /Origin/);
    assert.equal(refused.code, 'cross_origin_refused');
    assertOpenAIError(await raw(gw.url, path, { method: 'POST', headers: { origin: 'null' } }), 403);
    const same = await raw(gw.url, path, { method: 'POST', headers: { origin: `http://127.0.0.1:${port}` } });
    assert.equal(same.status, 200, same.body);
    const none = await raw(gw.url, path, { method: 'POST' });
    assert.equal(none.status, 200, 'a client that sends no Origin (curl, scripts) is not a browser page');
  });

  for (const header of ['x-client-ip', 'true-client-ip', 'cf-connecting-ip']) {
    it(`${header} marks a proxied request (refused without a key)`, async () => {
      assertOpenAIError(await raw(gw.url, '/admin/status', { headers: { [header]: '203.0.113.9' } }), 403, /proxy/);
    });
  }

  for (const [what, type] of [['text/plain', 'text/plain'], ['a form', 'application/x-www-form-urlencoded'], ['multipart', 'multipart/form-data; boundary=x'], ['no content type', undefined]] as const) {
    it(`chat refuses ${what} with a 415 and sends nothing upstream`, async () => {
      const before = upstream.requests.length;
      const res = await raw(gw.url, '/v1/chat/completions', { method: 'POST', headers: type ? { 'content-type': type } : {}, body: CHAT });
      const error = assertOpenAIError(res, 415, /application\/json/);
      assert.equal(error.code, 'unsupported_media_type');
      assert.equal(upstream.requests.length, before);
    });
  }

  it('chat takes application/json with a charset, and +json types', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.api+json']) {
      const res = await raw(gw.url, '/v1/chat/completions', { method: 'POST', headers: { 'content-type': type }, body: CHAT });
      assert.equal(res.status, 200, `${type}: ${res.body.slice(0, 200)}`);
    }
  });

  it('GET /v1/route stays open when no admin key is set', async () => {
    assert.equal((await raw(gw.url, '/v1/route?model=gpt-4o-mini')).status, 200);
  });
});

describe('with an admin key', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startTestGateway({ env: { WAI_ADMIN_KEY: ADMIN_KEY } });
  });
  after(() => gw?.close());

  it('GET /v1/route needs it', async () => {
    assertOpenAIError(await raw(gw.url, '/v1/route?model=gpt-4o-mini'), 401, /admin key/);
    const ok = await raw(gw.url, '/v1/route?model=gpt-4o-mini', { headers: bearer(ADMIN_KEY) });
    assert.equal(ok.status, 200, ok.body.slice(0, 200));
  });

  it('a keyed admin request is served whatever the Host (the key is the guard)', async () => {
    const ok = await raw(gw.url, '/admin/status', { headers: { ...bearer(ADMIN_KEY), host: 'wai.internal.example' } });
    assert.equal(ok.status, 200);
  });

  it('a foreign Origin still cannot change state, even with the key', async () => {
    assertOpenAIError(await raw(gw.url, '/admin/providers/openai/reset', { method: 'POST', headers: { ...bearer(ADMIN_KEY), origin: 'http://evil.example' } }), 403, /Origin/);
  });
});
