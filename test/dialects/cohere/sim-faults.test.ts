/** The Cohere simulator's own controls, over raw HTTP: fault queue and default, timing faults, recording, models. */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCohereSimulator, type CohereSimulator } from '../../../simulators/cohere/index.js';

let sim: CohereSimulator;
before(async () => {
  sim = await startCohereSimulator();
});
after(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const BODY = { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'one two three' }] };
function chat(body: object = BODY, init: RequestInit = {}, key = 'co-good') {
  return fetch(sim.baseUrl + '/v2/chat', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
    body: JSON.stringify(body),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}
const events = (text: string) => text.split('\n\n').filter(Boolean).map((block) => {
  const [eventLine, dataLine] = block.split('\n');
  return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) };
});

describe('cohere simulator controls', () => {
  it('SSE framing: event name = data.type, no [DONE], message-end last', async () => {
    const res = await chat({ ...BODY, stream: true });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const text = await res.text();
    assert.ok(!text.includes('[DONE]'));
    const list = events(text);
    for (const e of list) assert.equal(e.event, e.data.type);
    assert.equal(list.at(-1)!.event, 'message-end');
  });

  it('enqueue with or without the provider id, in order; then the default; reset clears both', async () => {
    sim.enqueue('cohere', { status: 500 });
    sim.enqueue({ status: 503 }, { status: 504 });
    sim.setDefault('cohere', { status: 429 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await chat()).status);
    assert.deepEqual(statuses, [500, 503, 504, 429]);
    sim.reset();
    assert.equal((await chat()).status, 200);
    assert.throws(() => sim.enqueue('openai', { status: 500 }));
  });

  it('records requests with the key redacted', async () => {
    await chat();
    const [r] = sim.requests('cohere');
    assert.equal(r!.path, '/v2/chat');
    assert.equal(r!.headers.authorization, '***');
    assert.deepEqual(r!.body, BODY);
    assert.deepEqual(sim.requests('openai'), []);
  });

  it('latencyMs delays the answer; chunkDelayMs spaces the events', async () => {
    sim.enqueue({ latencyMs: 60 });
    let t = Date.now();
    await (await chat()).text();
    assert.ok(Date.now() - t >= 55);
    sim.enqueue({ chunkDelayMs: 10 });
    t = Date.now();
    const n = events(await (await chat({ ...BODY, stream: true })).text()).length;
    assert.ok(Date.now() - t >= 10 * (n - 1) - 5, `${n} events`);
  });

  it('hang never answers; reset and cutAfterChunks break the connection', async () => {
    sim.enqueue({ hang: true });
    await assert.rejects(chat(BODY, { signal: AbortSignal.timeout(100) }));
    sim.enqueue({ reset: true });
    await assert.rejects(chat());
    sim.enqueue({ cutAfterChunks: 2 });
    await assert.rejects(async () => (await chat({ ...BODY, stream: true })).text());
  });

  it('replays given events on a stream and a given body on a whole request', async () => {
    sim.enqueue({ events: [{ type: 'message-start', id: 'r1' }, { type: 'message-end', delta: { finish_reason: 'COMPLETE' } }] });
    const list = events(await (await chat({ ...BODY, stream: true })).text());
    assert.deepEqual(list.map((e) => e.event), ['message-start', 'message-end']);
    sim.enqueue({ body: '{"id":"r2"}' });
    assert.deepEqual(await (await chat()).json(), { id: 'r2' });
  });

  it('request checks: bad JSON, missing model, empty messages, bad role, temperature > 1', async () => {
    const raw = await fetch(sim.baseUrl + '/v2/chat', { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{nope' });
    assert.equal(raw.status, 400);
    assert.equal((await chat({ messages: BODY.messages })).status, 400);
    assert.equal((await chat({ model: 'm', messages: [] })).status, 400);
    assert.equal((await chat({ model: 'm', messages: [{ role: 'developer', content: 'x' }] })).status, 400);
    const hot = await chat({ ...BODY, temperature: 1.5 });
    assert.equal(hot.status, 400);
    assert.match(((await hot.json()) as { message: string }).message, /temperature must be between 0 and 1.0/);
    const extra = await chat({ ...BODY, messages: [{ role: 'user', content: 'x', name: 'ann' }] });
    assert.equal(extra.status, 422);
  });

  it('GET /v1/models lists chat models (key required)', async () => {
    const res = await fetch(sim.baseUrl + '/v1/models', { headers: { authorization: 'Bearer k' } });
    const body = (await res.json()) as { models: Array<{ name: string; endpoints: string[] }> };
    assert.ok(body.models.some((m) => m.name === 'command-a-03-2025' && m.endpoints.includes('chat')));
    assert.equal((await fetch(sim.baseUrl + '/v1/models')).status, 401);
  });
});
