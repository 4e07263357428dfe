/**
 * ConverseStream frames: AWS event-stream messages encoded with smithy's codec (prelude, typed headers,
 * JSON payload, both CRCs). Real Bedrock pads every event payload with a `p` field of filler letters so the
 * frame sizes do not reveal the token lengths; the simulator does the same.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { ConverseAnswer } from './answer.js';
import { splitArgs, splitDeltas } from '../openai-compatible/answer.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const FILLER = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const str = (value: string) => ({ type: 'string' as const, value });

/** One `:message-type: event` frame. `pad` adds the `p` filler field. */
export function eventFrame(eventType: string, payload: Record<string, unknown>, pad = true): Uint8Array {
  const body = pad ? { ...payload, p: FILLER.slice(0, 8 + (eventType.length * 7) % 40) } : payload;
  return codec.encode({
    headers: { ':event-type': str(eventType), ':content-type': str('application/json'), ':message-type': str('event') },
    body: fromUtf8(JSON.stringify(body)),
  });
}

/** One `:message-type: exception` frame, e.g. `throttlingException` with `{message}`. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: { ':exception-type': str(exceptionType), ':content-type': str('application/json'), ':message-type': str('exception') },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

/** An event frame whose payload is not JSON (the `malformed` fault): valid framing, broken content. */
export function malformedFrame(): Uint8Array {
  return codec.encode({
    headers: { ':event-type': str('contentBlockDelta'), ':content-type': str('application/json'), ':message-type': str('event') },
    body: fromUtf8('{"contentBlockIndex":0,"delta":{"text":'),
  });
}

/** The event sequence of an answer, in the order real streams use (metadata last). */
export function answerEvents(answer: ConverseAnswer, toolUseId: string, latencyMs: number): Array<[string, Record<string, unknown>]> {
  const events: Array<[string, Record<string, unknown>]> = [['messageStart', { role: 'assistant' }]];
  let index = 0;
  if (answer.reasoning) {
    for (const piece of splitDeltas(answer.reasoning)) {
      events.push(['contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { text: piece } } }]);
    }
    events.push(['contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { signature: 'c2ltdWxhdGVkLXNpZ25hdHVyZQ==' } } }]);
    events.push(['contentBlockStop', { contentBlockIndex: index }]);
    index++;
  }
  if (answer.toolCall) {
    events.push(['contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId, name: answer.toolCall.name } } }]);
    for (const piece of splitArgs(JSON.stringify(answer.toolCall.input))) {
      events.push(['contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: piece } } }]);
    }
    events.push(['contentBlockStop', { contentBlockIndex: index }]);
  } else {
    for (const piece of splitDeltas(answer.text)) events.push(['contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }]);
    events.push(['contentBlockStop', { contentBlockIndex: index }]);
  }
  events.push(['messageStop', { stopReason: answer.toolCall ? 'tool_use' : 'end_turn' }]);
  events.push(['metadata', {
    usage: { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens, totalTokens: answer.inputTokens + answer.outputTokens },
    metrics: { latencyMs },
  }]);
  return events;
}

/** The whole (non-stream) Converse response body of an answer. */
export function answerBody(answer: ConverseAnswer, toolUseId: string, latencyMs: number): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (answer.reasoning) content.push({ reasoningContent: { reasoningText: { text: answer.reasoning, signature: 'c2ltdWxhdGVkLXNpZ25hdHVyZQ==' } } });
  if (answer.toolCall) content.push({ toolUse: { toolUseId, name: answer.toolCall.name, input: answer.toolCall.input } });
  else content.push({ text: answer.text });
  return {
    metrics: { latencyMs },
    output: { message: { content, role: 'assistant' } },
    stopReason: answer.toolCall ? 'tool_use' : 'end_turn',
    usage: { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens, totalTokens: answer.inputTokens + answer.outputTokens },
  };
}

/**
 * Frames for a recorded `.chunks.txt` line (`{"<event-type>": payload}`, `p` removed by the recorder):
 * a key ending in `Exception` becomes an exception frame, anything else an event frame, unpadded.
 */
export function replayFrame(line: Record<string, unknown>): Uint8Array {
  const [type, payload] = Object.entries(line)[0] ?? ['metadata', {}];
  if (/Exception$/.test(type)) {
    const message = typeof (payload as { message?: unknown })?.message === 'string' ? (payload as { message: string }).message : type;
    return exceptionFrame(type, message);
  }
  return eventFrame(type, (payload ?? {}) as Record<string, unknown>, false);
}
