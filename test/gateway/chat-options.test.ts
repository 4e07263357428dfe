/**
 * Chat completions keep what the caller asked for: `n` > 1, `logprobs`/`top_logprobs`, `custom` tools and an
 * `allowed_tools` tool choice reach only providers that honour them (the others are skipped, or the request is
 * refused with a 400 naming the field, never served with the option dropped); `reasoning_effort` becomes
 * Anthropic's thinking budget; `cache_control` on content parts reaches Anthropic.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../simulators/anthropic/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';

let sim: Simulator;
let anthropic: AnthropicSimulator;
let gw: RunningGateway;
let client: OpenAI;

before(async () => {
  [sim, anthropic] = await Promise.all([startSimulator(), startAnthropicSimulator()]);
  gw = await startTestGateway({
    env: {
      OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: sim.baseUrl('openai'),
      OPENROUTER_API_KEY: 'sk-or-test', OPENROUTER_BASE_URL: sim.baseUrl('openrouter'),
      ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: anthropic.baseUrl,
    },
    retries: { maxRetries: 0 },
  });
  client = new OpenAI({ apiKey: 'x', baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
after(async () => {
  await gw.close();
  await Promise.all([sim.close(), anthropic.close()]);
});
beforeEach(() => {
  sim.reset();
  anthropic.reset();
});

const USER = [{ role: 'user' as const, content: 'Hello there' }];
type Params = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming & Record<string, unknown>;
const create = (params: Params) => client.chat.completions.create(params as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming);
const refusal = (params: Params) => create(params).then(() => undefined, (e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
const anthropicBody = () => anthropic.requests()[0]?.body as Record<string, unknown>;

describe('options only some providers honour', () => {
  for (const [field, extra] of [['n', { n: 2 }], ['logprobs', { logprobs: true }], ['top_logprobs', { top_logprobs: 3 }]] as const) {
    it(`\`${field}\` on a Claude model, kept to Anthropic and OpenRouter (neither honours it), is a 400 naming it; nothing is sent`, async () => {
      // Without provider.only a same-class substitute on OpenAI (which honours it) would serve.
      const error = await refusal({ model: 'claude-sonnet-4-5', messages: USER, provider: { only: ['anthropic', 'openrouter'] }, ...extra });
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.equal(error.param, field);
      assert.equal(error.code, 'unsupported_parameter');
      assert.match(error.message, /OpenAI/, 'names who would honour it');
      assert.equal(anthropic.requests().length + sim.requests('openrouter').length, 0);
    });
  }

  it('without provider.only, a Claude request with n > 1 goes to a same-class substitute that honours it', async () => {
    const { response } = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: USER, n: 2 }).withResponse();
    assert.equal(response.headers.get('x-wai-provider'), 'openai');
    assert.doesNotMatch(response.headers.get('x-wai-model') ?? '', /claude/);
    assert.equal(anthropic.requests().length, 0);
  });

  it('OpenAI honours them: n and logprobs reach it as asked', async () => {
    await create({ model: 'openai/gpt-4o', messages: USER, n: 2, logprobs: true, top_logprobs: 2 });
    const body = sim.requests('openai')[0]!.body as Record<string, unknown>;
    assert.equal(body.n, 2);
    assert.equal(body.logprobs, true);
    assert.equal(body.top_logprobs, 2);
  });

  it('a fallback that cannot honour logprobs is skipped: OpenAI\'s failure is the answer, not a reply without logprobs', async () => {
    sim.enqueue('openai', { status: 429, errorCode: 'rate_limit_exceeded' });
    const error = await refusal({ model: 'gpt-4o', messages: USER, logprobs: true });
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 429);
    assert.equal(sim.requests('openrouter').length, 0);
    // Without logprobs the same failure falls back to OpenRouter.
    sim.enqueue('openai', { status: 429, errorCode: 'rate_limit_exceeded' });
    const { response } = await client.chat.completions.create({ model: 'gpt-4o', messages: USER }).withResponse();
    assert.equal(response.headers.get('x-wai-provider'), 'openrouter');
  });

  it('custom tools and an allowed_tools choice pass through to OpenAI; elsewhere a 400 names `tools` / `tool_choice`', async () => {
    const custom = { type: 'custom', custom: { name: 'run_sql', description: 'Run a SQL query' } };
    const fn = { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } };
    const allowed = { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'lookup' } }] } };
    await create({ model: 'openai/gpt-5', messages: USER, tools: [custom, fn] as never, tool_choice: allowed as never });
    const body = sim.requests('openai')[0]!.body as Record<string, unknown>;
    assert.deepEqual(body.tools, [custom, fn]);
    assert.deepEqual(body.tool_choice, allowed);
    const only = { only: ['anthropic', 'openrouter'] };
    const noCustom = await refusal({ model: 'claude-sonnet-4-5', messages: USER, tools: [custom] as never, provider: only });
    assert.equal(noCustom?.status, 400);
    assert.equal(noCustom?.param, 'tools');
    const noAllowed = await refusal({ model: 'claude-sonnet-4-5', messages: USER, tools: [fn] as never, tool_choice: allowed as never, provider: only });
    assert.equal(noAllowed?.param, 'tool_choice');
    assert.equal(anthropic.requests().length, 0);
  });
});

describe('reasoning_effort on Anthropic', () => {
  it('becomes a thinking budget; max_tokens grows by it when the caller set none; temperature is left out', async () => {
    await create({ model: 'claude-sonnet-4-5', messages: USER, reasoning_effort: 'medium', temperature: 0.3 });
    const body = anthropicBody();
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 8192 });
    assert.equal(body.max_tokens, 4096 + 8192);
    assert.equal(body.temperature, undefined);
  });

  it('under the caller\'s own cap the budget shrinks to fit; a cap below 1024 leaves thinking off', async () => {
    await create({ model: 'claude-sonnet-4-5', messages: USER, reasoning_effort: 'high', max_completion_tokens: 3000 });
    assert.deepEqual(anthropicBody().thinking, { type: 'enabled', budget_tokens: 2999 });
    assert.equal(anthropicBody().max_tokens, 3000);
    anthropic.reset();
    await create({ model: 'claude-sonnet-4-5', messages: USER, reasoning_effort: 'low', max_tokens: 500 });
    assert.equal(anthropicBody().thinking, undefined);
  });
});

describe('cache_control on content parts reaches Anthropic', () => {
  it('on a system part (system becomes blocks) and on a user part', async () => {
    const mark = { type: 'ephemeral' };
    await create({
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You answer from the manual below.' }, { type: 'text', text: 'MANUAL: …long text…', cache_control: mark }] },
        { role: 'user', content: [{ type: 'text', text: 'Question one?', cache_control: mark }] },
      ] as never,
    });
    const body = anthropicBody();
    assert.deepEqual(body.system, [
      { type: 'text', text: 'You answer from the manual below.' },
      { type: 'text', text: 'MANUAL: …long text…', cache_control: mark },
    ]);
    assert.deepEqual((body.messages as Array<{ content: unknown }>)[0]!.content, [{ type: 'text', text: 'Question one?', cache_control: mark }]);
  });
});
