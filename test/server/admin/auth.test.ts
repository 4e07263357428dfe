/**
 * The admin rule: with a key, Bearer only (and ?key= only on the event stream), compared in constant time;
 * without one, loopback peers only. Refusals are OpenAI-format errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import type { IncomingMessage } from 'node:http';
import { pino } from 'pino';
import { startTestGateway } from '../../helpers/gateway.js';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { Secret } from '../../../src/internal/secret.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { checkAdminAccess, keyMatches } from '../../../src/server/admin/auth.js';
import { isLoopback } from '../../../src/internal/loopback.js';
import { raw, bearer, assertOpenAIError, SseReader } from './helpers.js';

const ADMIN_KEY = 'wai-admin-0123456789abcdef';

describe('with an admin key', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startTestGateway({ env: { WAI_ADMIN_KEY: ADMIN_KEY } });
  });
  after(() => gw.close());

  for (const path of ['/admin/status', '/admin/requests', '/admin/route?model=gpt-4o-mini', '/admin/map', '/admin/usage']) {
    it(`${path}: 401 without the key, 401 with a wrong one, 200 with it`, async () => {
      const missing = assertOpenAIError(await raw(gw.url, path), 401, /Missing admin key.*Authorization: Bearer/);
      assert.equal(missing.type, 'authentication_error');
      assert.equal(missing.code, 'admin_key_required');
      assert.match(missing.message, /WAI_ADMIN_KEY/, 'names where the key is configured');
      const wrong = assertOpenAIError(await raw(gw.url, path, { headers: bearer(`${ADMIN_KEY}x`) }), 401, /Invalid admin key/);
      assert.equal(wrong.code, 'invalid_admin_key');
      assertOpenAIError(await raw(gw.url, path, { headers: bearer(ADMIN_KEY.slice(0, -1)) }), 401);
      assertOpenAIError(await raw(gw.url, path, { headers: { authorization: ADMIN_KEY } }), 401, /Missing/);
      const ok = await raw(gw.url, path, { headers: bearer(ADMIN_KEY) });
      assert.equal(ok.status, 200, ok.body);
      assert.ok(!ok.body.includes(ADMIN_KEY));
    });
  }

  it('a 401 carries a Bearer challenge', async () => {
    const res = await raw(gw.url, '/admin/status');
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="wai-admin"');
  });

  it('POST /admin/providers/{id}/reset needs the key too', async () => {
    assertOpenAIError(await raw(gw.url, '/admin/providers/openai/reset', { method: 'POST' }), 401);
    const ok = await raw(gw.url, '/admin/providers/openai/reset', { method: 'POST', headers: bearer(ADMIN_KEY) });
    assert.equal(ok.status, 200);
  });

  it('?key= is accepted on /admin/events only (EventSource cannot send headers)', async () => {
    assertOpenAIError(await raw(gw.url, `/admin/status?key=${ADMIN_KEY}`), 401, /Missing admin key/);
    assertOpenAIError(await raw(gw.url, `/admin/events?key=wrong`), 401, /Invalid admin key/);
    const refused = await raw(gw.url, '/admin/events');
    assertOpenAIError(refused, 401, /\?key=/);
    const stream = await SseReader.open(gw.url, `/admin/events?key=${encodeURIComponent(ADMIN_KEY)}`);
    try {
      assert.equal(stream.status, 200);
      await stream.waitFor((e) => e.event === 'hello');
    } finally {
      stream.close();
    }
    const viaHeader = await SseReader.open(gw.url, '/admin/events', bearer(ADMIN_KEY));
    try {
      assert.equal(viaHeader.status, 200);
      await viaHeader.waitFor((e) => e.event === 'hello');
    } finally {
      viaHeader.close();
    }
  });

  it('the dashboard page and its assets hold no data and load without the key; their data needs it', async () => {
    const page = await raw(gw.url, '/dashboard');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const asset = await raw(gw.url, '/dashboard/assets/app.js');
    assert.equal(asset.status, 200);
  });
});

describe('without an admin key', () => {
  it('a loopback peer is served (not a request a proxy forwarded)', async () => {
    const gw = await startTestGateway({ env: {} });
    try {
      const res = await raw(gw.url, '/admin/status');
      assert.equal(res.status, 200);
      assert.equal(res.json<{ adminKeyConfigured: boolean }>().adminKeyConfigured, false);
      assert.equal((await raw(gw.url, '/dashboard')).status, 200);
      assertOpenAIError(await raw(gw.url, '/admin/status', { headers: { 'x-forwarded-for': '203.0.113.9' } }), 403, /proxy/);
    } finally {
      await gw.close();
    }
  });

  const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it('a peer on another address gets 403 (admin API and dashboard)', { skip: external ? false : 'this machine has no non-loopback IPv4 address to connect from' }, async () => {
    const gw = await startGateway({
      // Bound beyond loopback with no client key: keyless on purpose (otherwise the gateway refuses to start).
      env: { WAI_AUTH: 'off' },
      logger: pino({ level: 'silent' }),
      overrides: { host: '0.0.0.0', port: 0, requestLog: { enabled: false }, probes: { enabled: false } },
    });
    try {
      const port = new URL(gw.url).port;
      const base = `http://${external}:${port}`;
      for (const path of ['/admin/status', '/admin/events', '/dashboard', '/dashboard/assets/app.js']) {
        const refused = assertOpenAIError(await raw(base, path), 403, /loopback/);
        assert.equal(refused.type, 'permission_error');
        assert.equal(refused.code, 'admin_loopback_only');
      }
      // The same gateway still serves loopback, and its other endpoints stay open to everyone.
      assert.equal((await raw(`http://127.0.0.1:${port}`, '/admin/status')).status, 200);
      assert.equal((await raw(base, '/health')).status, 200);
    } finally {
      await gw.close();
    }
  });

  it('the rule itself: loopback addresses in, everything else 403', () => {
    const req = (remoteAddress: string | undefined, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.doesNotThrow(() => checkAdminAccess(req(address), undefined), address);
    for (const address of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.1', 'fe80::1', '128.0.0.1', '1270.0.0.1', undefined]) {
      assert.throws(() => checkAdminAccess(req(address), undefined), (e: unknown) => GatewayError.is(e) && e.status === 403, String(address));
    }
    // Through a local reverse proxy the peer is loopback, but the request is someone else's.
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      assert.throws(() => checkAdminAccess(req('127.0.0.1', { [header]: '203.0.113.9' }), undefined), (e: unknown) => GatewayError.is(e) && e.status === 403, header);
    }
    // With a key, the peer address does not matter; the key does.
    const key = new Secret(ADMIN_KEY, 'WAI_ADMIN_KEY');
    assert.doesNotThrow(() => checkAdminAccess(req('10.0.0.5', bearer(ADMIN_KEY)), key));
    assert.throws(() => checkAdminAccess(req('127.0.0.1'), key), (e: unknown) => GatewayError.is(e) && e.status === 401);
  });
});

describe('helpers', () => {
  it('isLoopback', () => {
    assert.equal(isLoopback('127.0.0.1'), true);
    assert.equal(isLoopback('::1'), true);
    assert.equal(isLoopback('::ffff:127.0.0.53'), true);
    assert.equal(isLoopback('::ffff:8.8.8.8'), false);
    assert.equal(isLoopback(''), false);
  });

  it('keyMatches compares whole keys of any length', () => {
    const key = new Secret('abc', 'X');
    assert.equal(keyMatches('abc', key), true);
    assert.equal(keyMatches('ab', key), false);
    assert.equal(keyMatches('abcd', key), false);
    assert.equal(keyMatches('', key), false);
    assert.equal(keyMatches('ABC', key), false);
  });
});
