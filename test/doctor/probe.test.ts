import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';
import { PROVIDERS, baseUrlEnvName } from '../../src/providers/registry.js';
import { probeAll, probeLabel, probeProvider } from '../../src/doctor/probe.js';
import { describePlan, probePlanFor } from '../../src/doctor/probe-plan.js';
import { buildReport, renderReport, ProgressLine } from '../../src/doctor/report.js';
import { FakeTransport } from './fake-transport.js';

const KEYED = PROVIDERS.filter((p) => p.keyEnv.length > 0);
const keyOf = (id: string) => `secret-${id}-0123456789abcdef`;

/** Every provider keyed, each on a host of its own. */
function everyProviderEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of KEYED) {
    env[entry.keyEnv[0]!] = keyOf(entry.id);
    env[baseUrlEnvName(entry.id)] = `http://${entry.id}.probe.test${entry.id === 'azure-openai' ? '/openai' : '/base'}`;
  }
  return env;
}

function provider(env: Record<string, string>, id: string) {
  const p = loadConfig({ env }).providers.get(id);
  assert.ok(p);
  return p;
}

describe('probe plans', () => {
  const env = everyProviderEnv();
  const plan = (id: string) => describePlan(probePlanFor(provider(env, id)), provider(env, id));

  it('a model list where it proves the key; an account endpoint for Replicate', () => {
    assert.equal(plan('openai'), 'GET /base/models');
    assert.equal(plan('anthropic'), 'GET /base/v1/models');
    assert.equal(plan('google'), 'GET /base/v1beta/models');
    assert.equal(plan('cohere'), 'GET /base/v1/models');
    assert.equal(plan('elevenlabs'), 'GET /base/v1/models');
    assert.equal(plan('replicate'), 'GET /base/account');
    assert.equal(plan('meta'), 'GET /base/models');
  });

  it('OpenRouter: the key endpoint (its model list is public), the list where /key is not served', () => {
    const p = probePlanFor(provider(env, 'openrouter'));
    assert.equal(p.kind, 'get');
    assert.equal(p.kind === 'get' && p.path, '/key');
    assert.equal(p.kind === 'get' && p.orElse?.kind, 'get');
  });

  it('a one-token completion where the list is elsewhere or absent: Bedrock (SigV4 host), Azure (deployments), Sarvam', () => {
    const first = (id: string) => PROVIDERS.find((e) => e.id === id)!.models[0];
    assert.equal(plan('bedrock'), `chat ${first('bedrock')} (1 token)`);
    assert.equal(plan('azure-openai'), `chat ${first('azure-openai')} (1 token)`);
    assert.equal(plan('sarvam'), `chat ${first('sarvam')} (1 token)`);
    // Perplexity: its free keyed endpoint first, a one-token `sonar` call where that is not served.
    const p = probePlanFor(provider(env, 'perplexity'));
    assert.equal(p.kind === 'get' && p.path, '/async/chat/completions');
    assert.equal(p.kind === 'get' && p.orElse?.kind, 'chat');
  });

  it('settings.probeModel picks the deployment a chat probe uses', () => {
    const config = loadConfig({ env, file: { providers: { 'azure-openai': { settings: { probeModel: 'my-gpt4o-deployment' } } } } });
    const azure = config.providers.get('azure-openai')!;
    assert.equal(describePlan(probePlanFor(azure), azure), 'chat my-gpt4o-deployment (1 token)');
  });
});

describe('probeProvider', () => {
  it('never sends a key anywhere but its own provider (every keyed provider, each on its own host)', async () => {
    const env = everyProviderEnv();
    const config = loadConfig({ env });
    const transport = new FakeTransport();
    const results = await probeAll(config, { transport, timeoutMs: 2_000 });
    assert.equal(results.length, KEYED.length);
    for (const r of results) assert.equal(r.ok, true, `${r.provider}: ${r.message}`);
    for (const entry of KEYED) {
      const own = transport.to(entry.id);
      assert.ok(own.length >= 1, `${entry.id} was probed`);
      assert.ok(own.every((s) => JSON.stringify(s).includes(keyOf(entry.id))), `${entry.id}'s probe carries its own key`);
    }
    assert.equal(transport.sent.length, transport.sent.filter((s) => s.origin.endsWith('.probe.test')).length);
    for (const sent of transport.sent) {
      const to = new URL(sent.origin).hostname.replace(/\.probe\.test$/, '');
      const text = JSON.stringify(sent);
      for (const entry of KEYED) {
        if (entry.id !== to) assert.ok(!text.includes(keyOf(entry.id)), `${entry.id}'s key went to ${to}`);
      }
    }
  });

  it('Bedrock with IAM keys: SigV4-signed, and neither key goes anywhere else', async () => {
    const env = {
      ...everyProviderEnv(),
      AWS_BEARER_TOKEN_BEDROCK: '',
      AWS_ACCESS_KEY_ID: 'AKIDPROBETEST12345678',
      AWS_SECRET_ACCESS_KEY: 'very-secret-access-key-abcdef',
      AWS_REGION: 'us-west-2',
    };
    const config = loadConfig({ env });
    const transport = new FakeTransport();
    await probeAll(config, { transport, timeoutMs: 2_000 });
    const bedrock = transport.to('bedrock');
    assert.equal(bedrock.length, 1);
    assert.match(bedrock[0]!.headers.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKIDPROBETEST12345678\//);
    for (const sent of transport.sent) {
      assert.ok(!JSON.stringify(sent).includes('very-secret-access-key'), 'the secret access key is never sent');
      if (sent.origin !== 'http://bedrock.probe.test') assert.ok(!JSON.stringify(sent).includes('AKIDPROBETEST'));
    }
  });

  it('classifies failures with the dialect, and masks keys an upstream echoes', async () => {
    const env = everyProviderEnv();
    const echo = (s: { headers: Record<string, string> }) => JSON.stringify({ error: { message: `Incorrect API key provided: ${Object.values(s.headers).join(' ')}`, code: 'invalid_api_key' } });
    const transport = new FakeTransport((s) => ({ status: 401, body: echo(s) }));
    const config = loadConfig({ env });
    const results = await probeAll(config, { transport, timeoutMs: 2_000 });
    for (const r of results) {
      assert.equal(r.ok, false);
      assert.equal(r.status, 401, r.provider);
      assert.equal(r.errorClass, 'auth', r.provider);
      assert.equal(probeLabel(r), `${r.name} (401)`);
      assert.equal(r.error?.errorClass, 'auth', 'the classified error is kept for health');
      assert.ok(!('error' in JSON.parse(JSON.stringify(r))), 'but never serialised (its upstream body is not redacted)');
      for (const entry of KEYED) assert.ok(!(r.message ?? '').includes(keyOf(entry.id)), `${r.provider}'s message shows a key`);
    }
    // Anthropic's and Gemini's own error shapes go through their own dialects.
    const gemini = new FakeTransport(() => ({ status: 400, body: JSON.stringify({ error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] } }) }));
    const g = await probeProvider(config.providers.get('google')!, { transport: gemini, timeoutMs: 1_000 });
    assert.equal(g.errorClass, 'auth');
    assert.equal(g.status, 400);
  });

  it('OpenRouter: a 401 on /key is the answer; a 404 there falls back to the model list', async () => {
    const env = everyProviderEnv();
    const openrouter = provider(env, 'openrouter');
    const denied = new FakeTransport(() => ({ status: 401, body: '{"error":{"code":401,"message":"User not found."}}' }));
    const r1 = await probeProvider(openrouter, { transport: denied, timeoutMs: 1_000 });
    assert.equal(r1.errorClass, 'auth');
    assert.deepEqual(denied.sent.map((s) => s.path), ['/base/key']);

    const noKeyEndpoint = new FakeTransport((s) => (s.path.endsWith('/key') ? { status: 404, body: 'not found' } : { status: 200, body: '{"data":[]}' }));
    const r2 = await probeProvider(openrouter, { transport: noKeyEndpoint, timeoutMs: 1_000 });
    assert.equal(r2.ok, true);
    assert.deepEqual(noKeyEndpoint.sent.map((s) => s.path), ['/base/key', '/base/models']);
    assert.match(r2.check, /GET \/base\/models \(public list/);
  });

  it('a hang ends at the probe timeout as a transient failure; a transport that ignores the abort changes nothing', async () => {
    const env = everyProviderEnv();
    const groq = provider(env, 'groq');
    const started = performance.now();
    const hang = await probeProvider(groq, { transport: new FakeTransport(() => 'hang'), timeoutMs: 150 });
    assert.equal(hang.ok, false);
    assert.equal(hang.errorClass, 'transient');
    assert.equal(hang.code, 'attempt_timeout');
    assert.equal(probeLabel(hang), 'Groq (timeout)');
    const deaf = { send: () => new Promise<never>(() => undefined) };
    const ignored = await probeProvider(groq, { transport: deaf, timeoutMs: 150 });
    assert.equal(ignored.code, 'attempt_timeout');
    assert.ok(performance.now() - started < 1_500);
  });

  it('refused and reset connections are transient, labelled the way an operator says it', async () => {
    const env = everyProviderEnv();
    const groq = provider(env, 'groq');
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const r = await probeProvider(groq, { transport: new FakeTransport(() => ({ throws: refused })), timeoutMs: 1_000 });
    assert.equal(r.errorClass, 'transient');
    assert.equal(probeLabel(r), 'Groq (unreachable)');
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const r2 = await probeProvider(groq, { transport: new FakeTransport(() => ({ throws: reset })), timeoutMs: 1_000 });
    assert.equal(probeLabel(r2), 'Groq (reset)');
  });

  it('an abort (the server closing) ends a probe at once', async () => {
    const env = everyProviderEnv();
    const abort = new AbortController();
    const pending = probeProvider(provider(env, 'groq'), { transport: new FakeTransport(() => 'hang'), timeoutMs: 60_000, signal: abort.signal });
    abort.abort();
    const r = await pending;
    assert.equal(r.code, 'aborted');
  });

  it('Azure with a key but no endpoint: reported, not thrown', async () => {
    const config = loadConfig({ env: { AZURE_OPENAI_API_KEY: 'az-key-123456' } });
    const transport = new FakeTransport();
    const r = await probeProvider(config.providers.get('azure-openai')!, { transport, timeoutMs: 1_000 });
    assert.equal(r.ok, false);
    assert.equal(r.code, 'missing_endpoint');
    assert.equal(probeLabel(r), 'Azure OpenAI (no endpoint)');
    assert.equal(transport.sent.length, 0);
  });

  it('a keyless provider is not probed', async () => {
    const config = loadConfig({ env: {} });
    const transport = new FakeTransport();
    const r = await probeProvider(config.providers.get('openai')!, { transport, timeoutMs: 1_000 });
    assert.equal(r.errorClass, 'no_key');
    assert.equal(transport.sent.length, 0);
    assert.deepEqual(await probeAll(config, { transport, timeoutMs: 1_000 }), []);
  });
});

describe('report', () => {
  it('sections, traffic and exit verdict from the probes and the fallback map', async () => {
    const env = { OPENROUTER_API_KEY: 'k-openrouter-1', TOGETHER_API_KEY: 'k-together-1', XAI_API_KEY: 'k-xai-1', MISTRAL_API_KEY: 'k-mistral-1' };
    const config = loadConfig({ env });
    const transport = new FakeTransport((s) => {
      if (s.origin.includes('together')) return { status: 429, body: '{"error":{"message":"rate limited"}}' };
      if (s.origin.includes('x.ai')) return { status: 400, body: '{"code":"Client specified an invalid argument","error":"Incorrect API key provided: k-***"}' };
      return { status: 200, body: '{}' };
    });
    const results = await probeAll(config, { transport, timeoutMs: 1_000 });
    const report = buildReport(config, results, { durationMs: 12, timeoutMs: 1_000 });
    assert.equal(report.ok, true);
    assert.deepEqual(report.aggregators.map((s) => s.label), ['OpenRouter']);
    assert.deepEqual(report.direct.map((s) => s.label), ['Mistral']);
    assert.deepEqual(report.broken.map((s) => [s.label, s.errorClass]), [['Together AI (429)', 'rate_limited'], ['xAI (400)', 'auth']]);
    const xai = report.traffic.find((t) => t.provider === 'xai')!;
    assert.equal(xai.goesTo, 'openrouter');
    assert.equal(report.traffic.find((t) => t.provider === 'meta')!.goesTo, 'openrouter');
    const text = renderReport(report);
    assert.match(text, /xAI \(400\)\s+→ OpenRouter \(primary\)/);
    assert.match(text, /Together AI \(429\)\s+→ OpenRouter \(primary\)/);

    // OpenRouter down too: xAI's fallback (Anthropic) has no key, so xAI is stranded.
    const down = new FakeTransport((s) => (s.origin.includes('mistral') ? { status: 200, body: '{}' } : { status: 503, body: 'overloaded' }));
    const second = buildReport(config, await probeAll(config, { transport: down, timeoutMs: 1_000 }), { durationMs: 1, timeoutMs: 1_000 });
    assert.equal(second.ok, false);
    assert.ok(second.stranded.includes('xAI (503)'), second.stranded.join());
    // Mistral works; Together's primary (OpenRouter) is down but the map has nothing working for it either.
    assert.equal(second.traffic.find((t) => t.provider === 'together')!.goesTo, null);
  });

  it('the progress line: rewritten on a terminal, plain lines otherwise', () => {
    const tty: string[] = [];
    const plain: string[] = [];
    const result = { provider: 'groq', name: 'Groq', role: 'aggregator' as const, ok: false, check: 'GET /models', kind: 'get' as const, latencyMs: 5, status: 429, errorClass: 'rate_limited' as const };
    const a = new ProgressLine({ write: (t: string) => tty.push(t), isTTY: true });
    a.start(2);
    a.update(result, 1, 2);
    a.finish();
    assert.deepEqual(tty, ['\r\x1b[2Kprobing 0/2…', '\r\x1b[2Kprobing 1/2… Groq (429)', '\r\x1b[2K']);
    const b = new ProgressLine({ write: (t: string) => plain.push(t) });
    b.start(2);
    b.update(result, 1, 2);
    b.finish();
    assert.deepEqual(plain, ['probing 2 providers…\n', 'probing 1/2: Groq (429)\n']);
  });
});
