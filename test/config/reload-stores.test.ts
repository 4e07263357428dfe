import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { nextReload, startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';

const url = process.env.REDIS_URL;
const skip = url ? false : 'REDIS_URL not set';
// A database of its own (1–15), so the gateway's default namespace meets no other test's keys.
const db = 1 + Math.floor(Math.random() * 15);
const redisUrl = url ? `${url.replace(/\/\d*$/, '')}/${db}` : '';

let sim: Simulator;
let gw: RunningGateway;
let redis: Redis;
let file: string;

const yaml = (stores: string) => `providers:
  groq:
    apiKey: gsk-stores-test-key
    baseUrl: ${sim.baseUrl('groq')}
${stores}`;

before(async () => {
  if (!url) return;
  sim = await startSimulator();
  redis = new Redis(redisUrl);
  file = join(mkdtempSync(join(tmpdir(), 'wai-reload-stores-')), 'wai.yaml');
  writeFileSync(file, yaml(''));
  gw = await startTestGateway({ env: {}, configFile: file });
});

after(async () => {
  if (!url) return;
  await gw.close();
  await sim.close();
  const keys = await redis.keys('wai:health:*');
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

async function chat(): Promise<number> {
  const response = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

test('an edit that names a Redis moves breaker state there, and one that removes it moves it back to memory', { skip }, async () => {
  // Memory at first: a 401 opens groq's breaker in this process only.
  sim.setDefault('groq', { status: 401 });
  assert.notEqual(await chat(), 200);
  assert.equal(gw.runtime.health.blocking('groq', 'llama-3.3-70b-versatile')?.verdict, 'open');
  assert.equal((await redis.keys('wai:health:*')).length, 0, 'nothing in Redis yet');

  // The edit names Redis: the new store starts from what Redis holds (nothing), so groq is tried again.
  let reloaded = nextReload(gw);
  writeFileSync(file, yaml(`stores:\n  redisUrl: ${redisUrl}\n`));
  assert.deepEqual(await reloaded, { applied: true });
  await gw.runtime.settled();
  assert.equal(gw.runtime.health.blocking('groq', 'llama-3.3-70b-versatile'), undefined);
  const before = sim.requests('groq').length;
  assert.notEqual(await chat(), 200);
  assert.equal(sim.requests('groq').length, before + 1);
  // …and the breaker it opens is written to Redis, for every instance to see.
  const stored = await redis.get('wai:health:p:groq');
  assert.ok(stored, 'the provider breaker is in Redis');
  assert.equal((JSON.parse(stored) as { state: string }).state, 'open');

  // The edit removes Redis: memory again, empty.
  reloaded = nextReload(gw);
  writeFileSync(file, yaml(''));
  assert.deepEqual(await reloaded, { applied: true });
  await gw.runtime.settled();
  assert.equal(gw.runtime.health.blocking('groq', 'llama-3.3-70b-versatile'), undefined);
  sim.setDefault('groq', null);
  assert.equal(await chat(), 200);
});
