/**
 * Real Azure traffic replayed through the gateway: the recorded Azure OpenAI stream
 * (fixtures/recorded/openai/azure-model-router.1.chunks.txt) re-framed as SSE, and, for whole answers, the recorded
 * OpenAI chat completion (Azure's non-stream body is OpenAI's, with filter annotations the decoder forwards).
 * Expected values are read from the fixtures themselves.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { RECORDED } from '../../helpers/paths.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { collect } from '../../simulators/sim-helpers.js';

const streamLines = readFileSync(join(RECORDED, 'openai', 'azure-model-router.1.chunks.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');
const streamChunks = streamLines.map((l) => JSON.parse(l));
const wholeText = readFileSync(join(RECORDED, 'openai', 'openai-text.json'), 'utf8');
const whole = JSON.parse(wholeText);

/** What the fixture says the answer is. */
const expectedStreamText = streamChunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
const expectedStreamUsage = streamChunks.at(-1).usage;

let server: http.Server;
let gw: RunningGateway;
let client: OpenAI;
const seenPaths: string[] = [];

before(async () => {
  // Serves the recorded bytes the way Azure frames them: `data: <json>\n\n` events, then `data: [DONE]`.
  server = http.createServer((req, res) => {
    seenPaths.push(req.url ?? '');
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (JSON.parse(raw).stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // Written in odd-sized pieces so event boundaries fall mid-write.
        const wire = streamLines.map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n';
        for (let i = 0; i < wire.length; i += 97) res.write(wire.slice(i, i + 97));
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(wholeText);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openai`;
  gw = await startTestGateway({ env: { AZURE_OPENAI_API_KEY: 'test-key', AZURE_OPENAI_BASE_URL: base } });
  client = new OpenAI({ apiKey: 'x', baseURL: gw.url + '/v1', maxRetries: 0 });
});
after(async () => {
  await gw.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const ask = { model: 'azure-openai/model-router', messages: [{ role: 'user' as const, content: 'Capital of Denmark?' }] };

describe('recorded Azure traffic through the azure dialect', () => {
  it('the recorded stream comes out as valid OpenAI chunks with the same text and usage', async () => {
    const got = await collect(await client.chat.completions.create({ ...ask, stream: true, stream_options: { include_usage: true } }));
    assert.equal(got.content, expectedStreamText);
    assert.ok(expectedStreamText.length > 0);
    assert.equal(got.finish, 'stop');
    for (const chunk of got.chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.notEqual(chunk.id, '', 'the empty-id prompt-filter frame is not forwarded');
    }
    assert.deepEqual(got.chunks.at(-1).usage, expectedStreamUsage);
    assert.equal(got.chunks.at(-1).usage.completion_tokens_details.reasoning_tokens, expectedStreamUsage.completion_tokens_details.reasoning_tokens);
    assert.ok(seenPaths.at(-1)!.startsWith('/openai/deployments/model-router/chat/completions?api-version='));
  });

  it('the recorded stream without include_usage has no usage chunk', async () => {
    const got = await collect(await client.chat.completions.create({ ...ask, stream: true }));
    assert.equal(got.content, expectedStreamText);
    assert.ok(got.chunks.every((c) => !c.usage));
  });

  it('a recorded whole answer comes out with the same text and usage', async () => {
    const r = await client.chat.completions.create(ask);
    assert.equal(r.object, 'chat.completion');
    assert.equal(r.choices[0]!.message.content, whole.choices[0].message.content);
    assert.deepEqual(r.usage, whole.usage);
  });
});
