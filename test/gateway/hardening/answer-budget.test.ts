/**
 * Issue 13, item 1 (the sum across requests): whole answers being read share the answer budget. A large answer
 * that finds it full fails at once with a 503 the caller may retry: the gateway's own limit, so it is not retried,
 * not sent to another level (which would bill another large answer), and not counted against the provider.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { DEFAULT_ANSWER_BUDGET, DEFAULT_ANSWER_LIMIT, loadConfig } from '../../../src/config/config.js';
import { postRaw, startTinyUpstream, within, type TinyUpstream } from '../gw-helpers.js';

const MiB = 1024 * 1024;
let upstream: TinyUpstream;
let gw: RunningGateway;
const held: Array<{ res: ServerResponse; answer: Buffer }> = [];

/** An OpenAI answer of about `bytes` bytes. */
function answerOf(bytes: number): Buffer {
  const body = { id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'a'.repeat(bytes) }, finish_reason: 'stop' }] };
  return Buffer.from(JSON.stringify(body));
}

before(async () => {
  upstream = await startTinyUpstream((_req, res, body) => {
    const size = Number(/size=(\d+)/.exec(body)?.[1] ?? 10);
    const answer = answerOf(size);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(answer.length) });
    if (body.includes('hold')) {
      // Declared now, sent when the test says: the gateway holds room for it meanwhile.
      res.flushHeaders();
      held.push({ res, answer });
      return;
    }
    res.end(answer);
  });
  gw = await startTestGateway({
    env: { OPENAI_API_KEY: 'sk-budget-test-key-0123', OPENAI_BASE_URL: `${upstream.url}/v1`, WAI_ANSWER_LIMIT: String(4 * MiB), WAI_ANSWER_BUDGET: String(8 * MiB) },
    timeouts: { firstByteMs: 5000, attemptMs: 20_000, idleMs: 10_000 },
    retries: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
});

after(async () => {
  await gw?.close();
  await upstream?.close();
});

const ask = (text: string) => postRaw(`${gw.url}/v1/chat/completions`, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: text }] });

describe('the answer budget', () => {
  it('a large answer that finds the budget full: a 503 to retry, one upstream call, the provider not blamed', async () => {
    const first = ask(`hold size=${3.5 * MiB}`);
    await within((async () => { while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10)); })(), 10_000, 'the held answer');
    // 3.5 MiB held; 1.5 MiB more is past half of the 8 MiB budget, where large answers stop.
    const refused = await ask(`size=${1.5 * MiB}`);
    assert.equal(refused.status, 503, refused.text.slice(0, 400));
    assert.equal(refused.json?.error?.code, 'answer_budget_full');
    assert.match(refused.json.error.message, /WAI_ANSWER_BUDGET/);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(upstream.requests.length, 2, 'the refused request was neither retried nor sent elsewhere');
    assert.equal(gw.runtime.health.stats('openai')?.failures ?? 0, 0, 'no failure counted against the provider');
    assert.equal(gw.runtime.health.blocking('openai', 'gpt-4o-mini'), undefined);

    // An ordinary answer still finds room beside the large one.
    assert.equal((await ask('size=2000')).status, 200);
    held[0]!.res.end(held[0]!.answer);
    const served = await first;
    assert.equal(served.status, 200);
    assert.equal(served.json.choices[0].message.content.length, 3.5 * MiB);
    // The room is back: the same answer is served now.
    assert.equal((await ask(`size=${1.5 * MiB}`)).status, 200);
  });

  it('defaults to four times the answer limit; less than twice the limit is refused at start, the field named', () => {
    assert.equal(DEFAULT_ANSWER_BUDGET, 4 * DEFAULT_ANSWER_LIMIT);
    assert.equal(loadConfig({ env: {} }).answerBudgetBytes, DEFAULT_ANSWER_BUDGET);
    assert.equal(loadConfig({ env: { WAI_ANSWER_LIMIT: '1000' } }).answerBudgetBytes, 4000);
    assert.equal(loadConfig({ env: { WAI_ANSWER_LIMIT: '1000', WAI_ANSWER_BUDGET: '2000' } }).answerBudgetBytes, 2000);
    assert.throws(() => loadConfig({ env: { WAI_ANSWER_LIMIT: '1000', WAI_ANSWER_BUDGET: '1999' } }), (error: Error) => error instanceof ConfigError && /WAI_ANSWER_BUDGET/.test(error.message));
  });
});
