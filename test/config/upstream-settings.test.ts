import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/config-error.js';

describe('upstream.connectionsPerOrigin', () => {
  it('defaults to 0 (no limit), is read from WAI_UPSTREAM_CONNECTIONS, and the config file wins over it', () => {
    assert.equal(loadConfig({ env: {} }).upstream.connectionsPerOrigin, 0);
    assert.equal(loadConfig({ env: { WAI_UPSTREAM_CONNECTIONS: '64' } }).upstream.connectionsPerOrigin, 64);
    assert.equal(loadConfig({ env: { WAI_UPSTREAM_CONNECTIONS: '64' }, file: { upstream: { connectionsPerOrigin: 8 } } }).upstream.connectionsPerOrigin, 8);
  });

  it('refuses a value that is not a whole number, naming the variable', () => {
    assert.throws(() => loadConfig({ env: { WAI_UPSTREAM_CONNECTIONS: 'many' } }), (error: Error) => error instanceof ConfigError && /WAI_UPSTREAM_CONNECTIONS/.test(error.message));
  });
});
