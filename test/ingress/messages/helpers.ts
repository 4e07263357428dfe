/** Shared pieces of the /v1/messages tests: the Anthropic SDK aimed at a gateway, and an event-order check. */
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

export const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

export function anthropicClient(gatewayUrl: string): Anthropic {
  return new Anthropic({ apiKey: 'caller-key', baseURL: gatewayUrl, maxRetries: 0, timeout: 20_000 });
}

/**
 * The stream's events obey Anthropic's protocol as strict clients (Claude Code) read it: message_start first and
 * message_stop last, every delta inside a started and not yet stopped block of the matching kind, every block
 * stopped, message_delta with a stop reason and a usage that is not all zeros.
 */
export function assertEventProtocol(events: Anthropic.MessageStreamEvent[]): void {
  assert.equal(events[0]?.type, 'message_start');
  assert.equal(events.at(-1)?.type, 'message_stop');
  const start = events[0] as Anthropic.RawMessageStartEvent;
  assert.ok(start.message.usage.input_tokens > 0, 'message_start carries an input count');
  const open = new Map<number, string>();
  const stopped = new Set<number>();
  for (const event of events) {
    if (event.type === 'content_block_start') {
      assert.ok(!open.has(event.index) && !stopped.has(event.index), `block ${event.index} started once`);
      open.set(event.index, event.content_block.type);
    } else if (event.type === 'content_block_delta') {
      const kind = open.get(event.index);
      assert.ok(kind, `delta for block ${event.index}, which is open`);
      const expected = { text_delta: 'text', thinking_delta: 'thinking', input_json_delta: 'tool_use', signature_delta: 'thinking' }[event.delta.type as string];
      if (expected) assert.equal(kind, expected, `${event.delta.type} inside a ${kind} block`);
    } else if (event.type === 'content_block_stop') {
      assert.ok(open.delete(event.index), `stop of block ${event.index}, which is open`);
      stopped.add(event.index);
    }
  }
  assert.equal(open.size, 0, 'every block was stopped');
  const delta = events.find((e) => e.type === 'message_delta') as Anthropic.RawMessageDeltaEvent | undefined;
  assert.ok(delta?.delta.stop_reason, 'message_delta carries the stop reason');
  assert.ok(delta.usage.output_tokens > 0, 'message_delta carries the output count');
}

/** Streams a request and returns its events and the SDK's final message. */
export async function streamed(client: Anthropic, params: Anthropic.MessageStreamParams): Promise<{ events: Anthropic.MessageStreamEvent[]; message: Anthropic.Message; headers: Headers }> {
  const stream = client.messages.stream(params);
  const events: Anthropic.MessageStreamEvent[] = [];
  stream.on('streamEvent', (event) => events.push(event));
  const message = await stream.finalMessage();
  const { response } = await stream.withResponse();
  return { events, message, headers: response.headers };
}

export function textOf(message: Anthropic.Message): string {
  return message.content.filter((b): b is Anthropic.TextBlock => b.type === 'text').map((b) => b.text).join('');
}

export function toolUseOf(message: Anthropic.Message): Anthropic.ToolUseBlock {
  const use = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
  assert.ok(use, 'the answer holds a tool_use block');
  return use;
}
