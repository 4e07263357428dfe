/**
 * `wai demo` in-process: the simulated world in the seed's "Current Status", the doctor's report of it, a request
 * that falls back, the notice in /admin/status, and the dashboard of that state in Chromium (skipped without it).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { demoCommand } from '../../src/cli/demo-command.js';
import { CHROMIUM_SKIP, openChromium } from '../helpers/chromium.js';
import { checkDemoDashboard } from '../helpers/demo-dashboard.js';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const out = new Collect();
let demo: Awaited<ReturnType<typeof demoCommand>>;

before(async () => {
  demo = await demoCommand(['--port', '0'], { stdout: out, stderr: new Collect() });
});

after(async () => {
  await demo?.close();
});

it('prints the simulated world, the doctor report of it and a route, and says the providers are simulated', () => {
  assert.match(out.text, /every provider here is a simulator on 127\.0\.0\.1/);
  for (const line of [/Replicate \(401\)/, /Perplexity \(400\)/, /Cohere \(429\)/, /xAI \(400\)/, /AI21 Labs \(400\)/, /AWS Bedrock \(404\)/, /Sarvam AI \(405\)/]) {
    assert.match(out.text, line);
  }
  assert.match(out.text, /Working aggregators \(3\)/);
  assert.match(out.text, /Route for meta\/llama-3\.1-405b/);
  assert.doesNotMatch(out.text, /demo-[a-z0-9-]+-key-simulated/, 'no key is printed');
});

it('answers an OpenAI-format request by falling back from a broken provider, and /admin/status carries the notice', async () => {
  const res = await fetch(`${demo.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'cohere/command-a', messages: [{ role: 'user', content: 'Hello' }] }),
  });
  const body = await res.json() as { choices: Array<{ message: { content: string } }> };
  assert.equal(res.status, 200);
  assert.notEqual(res.headers.get('x-wai-provider'), 'cohere');
  assert.ok(Number(res.headers.get('x-wai-level')) >= 2);
  assert.ok(body.choices[0]?.message.content);
  const status = await (await fetch(`${demo.gateway.url}/admin/status`)).json() as { notice: string; providers: Array<{ id: string; key: { present: boolean } }> };
  assert.match(status.notice, /simulator/);
  assert.equal(status.providers.filter((p) => p.key.present).length, 10);
});

it('shows the demo state on the dashboard in Chromium: notice, broken providers, a fallback', { skip: CHROMIUM_SKIP, timeout: 90_000 }, async () => {
  const browser = await openChromium();
  try {
    await checkDemoDashboard(browser.page, demo.gateway.url, 'demo-dashboard.png');
  } finally {
    await browser.close();
  }
});
