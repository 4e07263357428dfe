/**
 * Bad input on /v1/responses gets OpenAI's error format with the field named; what a translated provider
 * cannot be asked is a 400 naming the field there, and passes through to a provider with its own Responses API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../../simulators/index.js';
import { startAnthropicSimulator, type AnthropicSimulator } from '../../../simulators/anthropic/index.js';
import { startTestGateway } from '../../helpers/gateway.js';
import type { RunningGateway } from '../../../src/gateway.js';
import { assertOpenAIError, postRaw, simEnv } from '../../gateway/gw-helpers.js';

let sim: Simulator;
let anthropic: AnthropicSimulator;
/** OpenAI (with its own Responses API) and Anthropic keyed. */
let gw: RunningGateway;
/** Only Anthropic keyed: every request is translated. */
let translatedOnly: RunningGateway;
before(async () => {
  sim = await startSimulator();
  anthropic = await startAnthropicSimulator();
  const anthropicEnv = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: anthropic.baseUrl };
  gw = await startTestGateway({ env: { ...simEnv(sim, ['openai']), ...anthropicEnv } });
  translatedOnly = await startTestGateway({ env: anthropicEnv });
});
after(async () => {
  await gw.close();
  await translatedOnly.close();
  await sim.close();
  await anthropic.close();
});

const post = (body: unknown) => postRaw(`${gw.url}/v1/responses`, body);
const postTranslated = (body: unknown) => postRaw(`${translatedOnly.url}/v1/responses`, body);
const CLAUDE = 'anthropic/claude-sonnet-4-5-20250929';

describe('POST /v1/responses: bad input', () => {
  const cases: Array<[string, unknown, string]> = [
    ['no model', { input: 'hi' }, 'model'],
    ['no input', { model: 'openai/gpt-4o' }, 'input'],
    ['input of the wrong type', { model: 'openai/gpt-4o', input: 42 }, 'input'],
    ['a message with a bad role', { model: 'openai/gpt-4o', input: [{ role: 'robot', content: 'hi' }] }, 'input[0].role'],
    ['a function_call_output without call_id', { model: 'openai/gpt-4o', input: [{ type: 'function_call_output', output: 'x' }] }, 'input[0].call_id'],
    ['a content part without text', { model: 'openai/gpt-4o', input: [{ role: 'user', content: [{ type: 'input_text' }] }] }, 'input[0].content[0].text'],
    ['a function tool without a name', { model: 'openai/gpt-4o', input: 'hi', tools: [{ type: 'function', parameters: {} }] }, 'tools[0].name'],
    ['a json_schema format without a schema', { model: 'openai/gpt-4o', input: 'hi', text: { format: { type: 'json_schema', name: 'x' } } }, 'text.format.schema'],
    ['a temperature out of range', { model: 'openai/gpt-4o', input: 'hi', temperature: 3 }, 'temperature'],
    ['max_output_tokens below 16', { model: 'openai/gpt-4o', input: 'hi', max_output_tokens: 3 }, 'max_output_tokens'],
    ['an unknown reasoning effort', { model: 'openai/gpt-4o', input: 'hi', reasoning: { effort: 'extreme' } }, 'reasoning.effort'],
  ];
  for (const [what, body, param] of cases) {
    it(`${what}: 400 naming '${param}'`, async () => {
      const raw = await post(body);
      assert.equal(raw.status, 400);
      const error = assertOpenAIError(raw.json, { param, type: 'invalid_request_error' });
      assert.ok(error.message.includes(param), error.message);
      assert.ok(raw.headers.get('x-wai-request-id'));
    });
  }

  it('a body that is not JSON: 400 invalid_json', async () => {
    const raw = await post('{"model":');
    assert.equal(raw.status, 400);
    assertOpenAIError(raw.json, { code: 'invalid_json' });
  });

  it('an unknown model: 404 naming model', async () => {
    const raw = await post({ model: 'nobody/nothing', input: 'hi' });
    assert.equal(raw.status, 404);
    assertOpenAIError(raw.json, { param: 'model' });
  });
});

describe('POST /v1/responses: what only the Responses API can say', () => {
  it('a built-in tool for a translated provider: 400 naming the tool', async () => {
    const raw = await postTranslated({ model: CLAUDE, input: 'hi', tools: [{ type: 'web_search' }] });
    assert.equal(raw.status, 400);
    assertOpenAIError(raw.json, { param: 'tools[0].type', code: 'unsupported_value' });
    assert.equal(anthropic.requests().length, 0, 'nothing went upstream');
  });

  it('an image by file_id for a translated provider: 400 naming it', async () => {
    const raw = await postTranslated({ model: CLAUDE, input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] });
    assert.equal(raw.status, 400);
    assertOpenAIError(raw.json, { param: 'input[0].content[0].file_id' });
  });

  it('an unknown previous_response_id for a translated provider: 400 naming it', async () => {
    const raw = await postTranslated({ model: CLAUDE, input: 'hi', previous_response_id: 'resp_unknown' });
    assert.equal(raw.status, 400);
    assertOpenAIError(raw.json, { param: 'previous_response_id', code: 'previous_response_not_found' });
  });

  it('an id the gateway does not hold goes to OpenAI as it is, and its 400 comes back naming it', async () => {
    const raw = await post({ model: 'openai/gpt-4o', input: 'hi', previous_response_id: 'resp_held_elsewhere' });
    assert.equal(raw.status, 400);
    assertOpenAIError(raw.json, { param: 'previous_response_id', code: 'previous_response_not_found' });
    assert.equal((sim.requests('openai').at(-1)!.body as { previous_response_id?: string }).previous_response_id, 'resp_held_elsewhere');
  });

  it('when the asked provider cannot take the request, a same-class substitute with the Responses API serves it', async () => {
    const raw = await post({ model: CLAUDE, input: 'hi', tools: [{ type: 'web_search' }] });
    assert.equal(raw.status, 200, raw.text);
    assert.equal(raw.headers.get('x-wai-provider'), 'openai');
  });

  it('the same built-in tool passes through to OpenAI as it was sent', async () => {
    const raw = await post({ model: 'openai/gpt-4o', input: 'hi', tools: [{ type: 'web_search' }] });
    assert.equal(raw.status, 200, raw.text);
    const sent = sim.requests('openai').at(-1)!.body as { tools: unknown };
    assert.deepEqual(sent.tools, [{ type: 'web_search' }]);
  });

  it('an unknown response id on GET and DELETE: 404 in OpenAI format', async () => {
    for (const method of ['GET', 'DELETE']) {
      const raw = await postRaw(`${gw.url}/v1/responses/resp_nothing`, undefined, { method });
      assert.equal(raw.status, 404);
      assertOpenAIError(raw.json, { type: 'invalid_request_error' });
    }
  });

  it('PUT on a response: 405 with the methods allowed', async () => {
    const raw = await postRaw(`${gw.url}/v1/responses/resp_x`, undefined, { method: 'PUT' });
    assert.equal(raw.status, 405);
    assert.match(raw.headers.get('allow') ?? '', /GET/);
  });
});
