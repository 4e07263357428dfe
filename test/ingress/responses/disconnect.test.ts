/**
 * A caller that goes away from a /v1/responses stream aborts the upstream call (pass-through and translated), and
 * its going away never counts against the provider's health.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { readUntil, sseBody, startTinyUpstream, within, type TinyUpstream } from '../../gateway/gw-helpers.js';

let upstream: TinyUpstream;
let gw: RunningGateway;
before(async () => {
  upstream = await startTinyUpstream();
  // The same loopback server stands in for OpenAI (its Responses endpoint) and Groq (chat completions).
  gw = await startTestGateway({ env: { OPENAI_API_KEY: 'sk-openai-test', OPENAI_BASE_URL: `${upstream.url}/v1`, GROQ_API_KEY: 'gsk-test', GROQ_BASE_URL: `${upstream.url}/groq/v1` } });
});
after(async () => {
  await gw.close();
  await upstream.close();
});

const created = { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', object: 'response', created_at: 1, status: 'in_progress', model: 'gpt-4o', output: [] } };
const delta = { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Once upon a time' };
const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'llama', choices: [{ index: 0, delta: { role: 'assistant', content: 'Once upon a time' }, finish_reason: null }] };

describe('a caller leaving a /v1/responses stream', () => {
  for (const [what, model, provider] of [['pass-through', 'openai/gpt-4o', 'openai'], ['translated', 'groq/llama-3.3-70b-versatile', 'groq']] as const) {
    it(`${what}: the upstream connection closes and the provider's health is untouched`, async () => {
      upstream.requests.length = 0;
      upstream.handler = (req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // Half a story, then nothing: only the connection closing ends this response.
        if (req.url?.endsWith('/responses')) res.write([created, delta].map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join(''));
        else res.write(sseBody([chunk], false));
      };
      const closed = upstream.nextClose();
      const controller = new AbortController();
      const res = await fetch(`${gw.url}/v1/responses`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, signal: controller.signal,
        body: JSON.stringify({ model, input: 'Tell me a long story', stream: true }),
      });
      assert.equal(res.status, 200);
      assert.ok((await readUntil(res.body!, 'Once upon a time')).includes('Once upon a time'));
      controller.abort();
      await within(closed, 3000, 'the upstream connection to close');
      await sleep(50);
      assert.equal(upstream.requests.length, 1, 'not called again');
      assert.equal(gw.runtime.engine.health.stats(provider)?.failures ?? 0, 0);
      assert.deepEqual(gw.runtime.engine.health.breakers(), []);
    });
  }
});
