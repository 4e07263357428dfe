/**
 * Issue 13, item 8: settings Node cannot honour are refused with a clear message naming the field, at start
 * (config) or with a 400 (per request); wrong-type fields say what type was expected.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/config.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { validateChatRequest } from '../../../src/ingress/validate-chat.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';

const TOO_LONG = 2 ** 31; // one past the largest delay Node's timers take (2^31 - 1 ms)

function refused(load: () => unknown, pattern: RegExp): void {
  assert.throws(load, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wai-h8-'));
  const path = join(dir, 'wai.yaml');
  writeFileSync(path, text);
  return path;
}

describe('settings refused at start', () => {
  it('a timeout over 2^31-1 ms in the config file, the field named', () => {
    refused(() => loadConfig({ env: {}, configFile: configFile(`timeouts:\n  attemptMs: ${TOO_LONG}\n`) }), /timeouts\.attemptMs.*2147483647/);
    refused(() => loadConfig({ env: {}, configFile: configFile(`health:\n  transientCooldownMs: ${TOO_LONG}\n`) }), /health\.transientCooldownMs/);
    refused(() => loadConfig({ env: {}, configFile: configFile(`probes:\n  intervalMs: ${TOO_LONG}\n`) }), /probes\.intervalMs/);
    refused(() => loadConfig({ env: {}, configFile: configFile(`requestLog:\n  flushMs: ${TOO_LONG}\n`) }), /requestLog\.flushMs/);
  });

  it('the same given as overrides (SDK options)', () => {
    refused(() => loadConfig({ env: {}, overrides: { timeouts: { deadlineMs: TOO_LONG } } }), /timeouts\.deadlineMs/);
  });

  it('WAI_BODY_LIMIT=0, WAI_PORT=99999, a bad WAI_LOG_LEVEL', () => {
    refused(() => loadConfig({ env: { WAI_BODY_LIMIT: '0' } }), /WAI_BODY_LIMIT.*at least 1/);
    refused(() => loadConfig({ env: { WAI_PORT: '99999' } }), /WAI_PORT.*65535/);
    refused(() => loadConfig({ env: { WAI_LOG_LEVEL: 'loud' } }), /WAI_LOG_LEVEL.*"loud".*info/);
    assert.equal(loadConfig({ env: { WAI_PORT: '8080', WAI_LOG_LEVEL: 'debug', WAI_BODY_LIMIT: '1000' } }).port, 8080);
  });

  it('the same rules for values given as overrides (SDK, embedding code)', () => {
    refused(() => loadConfig({ env: {}, overrides: { port: 70_000 } }), /server\.port/);
    refused(() => loadConfig({ env: {}, overrides: { logLevel: 'loud' } }), /server\.logLevel/);
  });

  it('base URLs that are not http(s)', () => {
    refused(() => loadConfig({ env: { OPENAI_BASE_URL: 'file:///etc/passwd' } }), /OPENAI_BASE_URL.*http/);
    refused(() => loadConfig({ env: {}, configFile: configFile(`providers:\n  openai:\n    baseUrl: "file:///etc/passwd"\n`) }), /providers\.openai\.baseUrl|OPENAI_BASE_URL/);
    assert.ok(loadConfig({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } }));
  });
});

describe('per-request settings and field types', () => {
  function rejects(body: unknown, param: string, pattern: RegExp): void {
    assert.throws(() => validateChatRequest(body), (error: unknown) => {
      assert.ok(GatewayError.is(error));
      assert.equal(error.status, 400);
      const inner = error.toBody().error;
      assert.equal(inner.param, param);
      assert.match(inner.message, pattern);
      return true;
    });
  }
  const messages = [{ role: 'user', content: 'hi' }];

  it('wai.timeout_ms and wai.deadline_ms over 2^31-1 are a 400', () => {
    rejects({ model: 'm', messages, wai: { timeout_ms: TOO_LONG } }, 'wai.timeout_ms', /2147483647/);
    rejects({ model: 'm', messages, wai: { deadline_ms: TOO_LONG } }, 'wai.deadline_ms', /2147483647/);
  });

  it('a wrong type says what type was expected, not "is required"', () => {
    rejects({ model: 'm', messages: 'hi' }, 'messages', /expected array.*string/);
    rejects({ model: 'm', messages, stream: 'true' }, 'stream', /expected boolean.*string/);
    rejects({ model: 42, messages }, 'model', /expected string.*number/);
    rejects({ model: 'm', messages: [{ role: 'user', content: 5 }] }, 'messages[0].content', /expected/);
  });

  it('a missing field still says it is required', () => {
    rejects({ messages }, 'model', /is required/);
    rejects({ model: 'm' }, 'messages', /is required/);
  });
});
