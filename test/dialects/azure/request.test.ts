/** How the azure dialect picks its URL: dated deployment form by default, v1 on request, a clear error without an endpoint. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptContext } from '../../../src/dialects/types.js';
import { ProviderError } from '../../../src/errors/provider-error.js';
import { loadConfig } from '../../../src/config/config.js';
import { systemClock } from '../../../src/internal/clock.js';
import { azureDialect } from '../../../src/dialects/azure/index.js';

const ctxFor = (env: Record<string, string>, stream = false): AttemptContext => ({
  provider: loadConfig({ env: { AZURE_OPENAI_API_KEY: 'k', ...env } }).providers.get('azure-openai')!,
  upstreamModel: 'gpt 4o/prod', request: { model: 'azure-openai/gpt 4o/prod', messages: [{ role: 'user', content: 'hi' }], stream },
  stream, includeUsage: false, requestId: 'r', clock: systemClock,
});

describe('azure request URL', () => {
  it('uses <endpoint>/openai/deployments/<deployment>/chat/completions with the default api version', async () => {
    const wire = await azureDialect.chat!.buildChatRequest(ctxFor({ AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/' }));
    assert.equal(wire.origin, 'https://res.openai.azure.com');
    assert.equal(wire.path, '/openai/deployments/gpt%204o%2Fprod/chat/completions?api-version=2024-10-21');
    assert.equal(wire.headers['api-key'], 'k');
    assert.equal(wire.headers.authorization, undefined);
  });

  it('uses the v1 form, model in the body, when OPENAI_API_VERSION=v1', async () => {
    const wire = await azureDialect.chat!.buildChatRequest(ctxFor({ AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com', OPENAI_API_VERSION: 'v1' }, true));
    assert.equal(wire.path, '/openai/v1/chat/completions');
    const body = JSON.parse(String(wire.body));
    assert.equal(body.model, 'gpt 4o/prod');
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('leaves stream_options out for API versions that refuse it', async () => {
    const wire = await azureDialect.chat!.buildChatRequest(ctxFor({ AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com', OPENAI_API_VERSION: '2024-02-01' }, true));
    assert.equal(JSON.parse(String(wire.body)).stream_options, undefined);
    const newer = await azureDialect.chat!.buildChatRequest(ctxFor({ AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com', OPENAI_API_VERSION: '2024-09-01-preview' }, true));
    assert.deepEqual(JSON.parse(String(newer.body)).stream_options, { include_usage: true });
  });

  it('refuses clearly when no endpoint is configured', () => {
    assert.throws(() => azureDialect.chat!.buildChatRequest(ctxFor({})), (e: unknown) => ProviderError.is(e) && e.code === 'missing_endpoint' && /AZURE_OPENAI_ENDPOINT/.test(e.message));
  });
});
