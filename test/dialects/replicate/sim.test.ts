/**
 * Replicate simulator fidelity: the official `replicate` npm client (predictions.create with wait, wait()
 * polling, run, stream, cancel) against the simulator, and the errors it raises for the simulator's faults.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Replicate from 'replicate';
import { startReplicateSimulator, type ReplicateSimulator } from '../../../simulators/replicate/index.js';
import { words } from '../../simulators/sim-helpers.js';

let sim: ReplicateSimulator;
let replicate: Replicate;
before(async () => {
  sim = await startReplicateSimulator();
  replicate = new Replicate({ auth: 'r8_good', baseUrl: sim.baseUrl, useFileOutput: false });
});
after(async () => {
  await sim.close();
});

const MODEL = 'meta/meta-llama-3-70b-instruct';
const USER = 'What is the weather in Paris today';
const TEXT = `Hello from replicate (${MODEL}): ${USER}`;
const INPUT = { prompt: USER, system_prompt: 'Be brief', max_tokens: 64 };

const statusOf = (e: unknown) => (e as { response?: Response }).response?.status;

describe('replicate simulator through the replicate client', () => {
  it('predictions.create with wait answers a finished prediction with tokens and metrics', async () => {
    sim.reset();
    const p = await replicate.predictions.create({ model: MODEL, input: INPUT, wait: true });
    assert.equal(p.status, 'succeeded');
    assert.ok(Array.isArray(p.output));
    assert.equal((p.output as string[]).join(''), TEXT);
    const metrics = p.metrics as Record<string, number>;
    assert.equal(metrics.input_token_count, words(USER) + 2);
    assert.equal(metrics.output_token_count, words(TEXT));
    const req = sim.requests().at(-1)!;
    assert.equal(req.path, `/v1/models/${MODEL}/predictions`);
    assert.equal(req.headers.prefer, 'wait');
    assert.equal(req.headers.authorization, '***');
  });

  it('predictions.create without wait starts a prediction that wait() polls to the end', async () => {
    sim.enqueue('replicate', { pendingReads: 2 });
    const started = await replicate.predictions.create({ model: MODEL, input: INPUT });
    assert.equal(started.status, 'starting');
    assert.equal(started.output, null);
    const done = await replicate.wait(started, { interval: 5 });
    assert.equal(done.status, 'succeeded');
    assert.equal((done.output as string[]).join(''), TEXT);
  });

  it('run returns the output tokens', async () => {
    const output = await replicate.run(MODEL, { input: INPUT });
    assert.equal((output as string[]).join(''), TEXT);
  });

  it('runs a pinned version through POST /predictions', async () => {
    sim.reset();
    const version = 'a'.repeat(64);
    const output = await replicate.run(`${MODEL}:${version}`, { input: INPUT });
    assert.equal((output as string[]).join(''), `Hello from replicate (sim/versioned-model): ${USER}`);
    assert.equal(sim.requests().at(-1)!.path, '/v1/predictions');
    assert.equal((sim.requests().at(-1)!.body as { version: string }).version, version);
  });

  it('stream yields output events that join to the text, then done', async () => {
    const events: { event: string; data: string }[] = [];
    for await (const e of replicate.stream(MODEL, { input: INPUT })) events.push({ event: e.event, data: e.data });
    assert.equal(events.filter((e) => e.event === 'output').map((e) => e.data).join(''), TEXT);
    assert.equal(events.at(-1)!.event, 'done');
    assert.ok(events.filter((e) => e.event === 'output').length > 3, 'one event per token');
  });

  it('cancel ends a running prediction as canceled', async () => {
    sim.enqueue('replicate', { pendingReads: 5 });
    const started = await replicate.predictions.create({ model: MODEL, input: INPUT });
    const canceled = await replicate.predictions.cancel(started.id);
    assert.equal(canceled.status, 'canceled');
  });

  it('raises ApiError with the status for auth, credit, model and input failures', async () => {
    const bad = new Replicate({ auth: 'r8_bad', baseUrl: sim.baseUrl });
    await assert.rejects(bad.predictions.create({ model: MODEL, input: INPUT }), (e: unknown) => statusOf(e) === 401 && /valid authentication token/.test(String(e)));
    sim.enqueue('replicate', { status: 402 });
    await assert.rejects(replicate.predictions.create({ model: MODEL, input: INPUT }), (e: unknown) => statusOf(e) === 402 && /insufficient credit/.test(String(e)));
    await assert.rejects(replicate.predictions.create({ model: 'meta/does-not-exist', input: INPUT }), (e: unknown) => statusOf(e) === 404);
    await assert.rejects(replicate.predictions.create({ model: MODEL, input: { system_prompt: 'no prompt' } }), (e: unknown) => statusOf(e) === 422 && /prompt is required/.test(String(e)));
    await assert.rejects(replicate.predictions.create({ model: MODEL, input: { ...INPUT, tools: [] } }), (e: unknown) => statusOf(e) === 422 && /Additional property tools/.test(String(e)));
  });

  it('a failed prediction makes run throw with its error text', async () => {
    sim.enqueue('replicate', { fail: 'CUDA out of memory' });
    await assert.rejects(replicate.run(MODEL, { input: INPUT }), /Prediction failed: CUDA out of memory/);
  });

  it('an error event in the stream makes the stream throw', async () => {
    sim.enqueue('replicate', { streamError: { afterChunks: 2, message: 'worker crashed' } });
    const seen: string[] = [];
    await assert.rejects((async () => {
      for await (const e of replicate.stream(MODEL, { input: INPUT })) seen.push(e.data);
    })(), /worker crashed/);
    assert.equal(seen.length, 2);
  });
});
