import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import type { ChunkDelta, FinishReason } from '../../types/chat.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { createEventStreamReader, type EventStreamMessage } from './event-stream.js';
import { finishReasonFor } from './finish-reason.js';
import { usageFromConverse } from './usage.js';
import { jsonModeFor, JSON_TOOL_NAME } from './json-mode.js';
import { streamException } from './errors.js';
import { translateEvents, type EventMapper, type StreamControl } from '../stream-shell.js';
import { ChunkFrames } from '../chunk-frames.js';

/** What one open content block is, by its `contentBlockIndex`. */
type Block = { kind: 'tool'; toolIndex: number; sawArguments: boolean } | { kind: 'json' } | { kind: 'text' };

/**
 * ConverseStream (binary AWS event stream) to OpenAI chunks, event by event:
 * messageStart gives the role chunk; contentBlockStart with `toolUse` opens a tool call (id and name);
 * contentBlockDelta carries text, tool-input JSON pieces or reasoning text; messageStop carries the stop reason;
 * metadata carries usage. Real streams send metadata after messageStop, some send it before: the stream is
 * complete once both have arrived, or when the body ends after messageStop. Exception frames end it with an error.
 */
export function createBedrockStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  return translateEvents(ctx, sink, createEventStreamReader, (control) => readConverseStream(ctx, sink, control));
}

function readConverseStream(ctx: AttemptContext, sink: StreamSink, control: StreamControl): EventMapper<EventStreamMessage> {
  const frames = new ChunkFrames(ctx, sink);
  const jsonTool = jsonModeFor(ctx.request, ctx.upstreamModel).kind === 'tool';
  const blocks = new Map<number, Block>();
  let toolCount = 0;
  let finish: FinishReason | undefined;
  let sawMetadata = false;

  const emit = (delta: ChunkDelta, finishReason: FinishReason | null, content: boolean) => frames.delta(delta, finishReason, content);
  const ensureRole = () => frames.roleOnce();
  const complete = () => {
    if (control.over) return;
    frames.usageIfAsked(ctx.includeUsage);
    control.finish();
  };

  const onEvent = (type: string, event: Record<string, unknown>) => {
    switch (type) {
      case 'messageStart':
        ensureRole();
        return;
      case 'contentBlockStart': {
        const index = typeof event.contentBlockIndex === 'number' ? event.contentBlockIndex : blocks.size;
        const start = isRecord(event.start) ? event.start : {};
        if (!isRecord(start.toolUse)) {
          blocks.set(index, { kind: 'text' });
          return;
        }
        const name = typeof start.toolUse.name === 'string' ? start.toolUse.name : '';
        ensureRole();
        if (jsonTool && name === JSON_TOOL_NAME) {
          blocks.set(index, { kind: 'json' });
          return;
        }
        const toolIndex = toolCount++;
        blocks.set(index, { kind: 'tool', toolIndex, sawArguments: false });
        const callId = typeof start.toolUse.toolUseId === 'string' ? start.toolUse.toolUseId : `call_${toolIndex}`;
        emit({ tool_calls: [{ index: toolIndex, id: callId, type: 'function', function: { name, arguments: '' } }] }, null, true);
        return;
      }
      case 'contentBlockDelta': {
        const delta = isRecord(event.delta) ? event.delta : {};
        const block = typeof event.contentBlockIndex === 'number' ? blocks.get(event.contentBlockIndex) : undefined;
        if (typeof delta.text === 'string') {
          if (delta.text === '') return;
          ensureRole();
          emit({ content: delta.text }, null, true);
        } else if (isRecord(delta.toolUse)) {
          const input = typeof delta.toolUse.input === 'string' ? delta.toolUse.input : '';
          if (input === '' || !block) return;
          if (block.kind === 'json') emit({ content: input }, null, true);
          else if (block.kind === 'tool') {
            block.sawArguments = true;
            emit({ tool_calls: [{ index: block.toolIndex, function: { arguments: input } }] }, null, true);
          }
        } else if (isRecord(delta.reasoningContent)) {
          // Signature and redacted pieces are Bedrock's own bookkeeping; only the readable text goes out.
          const text = delta.reasoningContent.text;
          if (typeof text !== 'string' || text === '') return;
          ensureRole();
          emit({ reasoning_content: text }, null, true);
        }
        return;
      }
      case 'contentBlockStop': {
        const block = typeof event.contentBlockIndex === 'number' ? blocks.get(event.contentBlockIndex) : undefined;
        // A tool called without arguments streams no input at all; the whole answer says `{}`, and so does the stream.
        if (block?.kind === 'tool' && !block.sawArguments) {
          block.sawArguments = true;
          emit({ tool_calls: [{ index: block.toolIndex, function: { arguments: '{}' } }] }, null, true);
        }
        return;
      }
      case 'messageStop':
        if (finish) return;
        ensureRole();
        finish = finishReasonFor(event.stopReason, jsonTool);
        emit({}, finish, true);
        if (sawMetadata) complete();
        return;
      case 'metadata': {
        sawMetadata = true;
        const mapped = usageFromConverse(event.usage);
        if (mapped) frames.reportUsage(mapped);
        if (finish) complete();
        return;
      }
      default:
        // Newer event types are ignored rather than failing the stream.
        return;
    }
  };

  return {
    event(message) {
      const kind = message.headers[':message-type'];
      if (kind === 'exception') return control.fail(streamException(message.headers[':exception-type'] ?? 'unknownException', message.payload, ctx));
      if (kind === 'error') {
        return control.fail(new ProviderError({
          errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel,
          code: message.headers[':error-code'] ?? 'stream_error',
          message: `${ctx.provider.entry.name} stream failed: ${message.headers[':error-message'] ?? 'unknown error'}`,
        }));
      }
      const type = message.headers[':event-type'];
      if (kind !== 'event' || !type) return control.malformed(`a message with type ${kind ?? 'none'} and event ${type ?? 'none'}`);
      const parsed = parseJson(message.payload);
      if (!parsed.ok || !isRecord(parsed.value)) return control.malformed(`the ${type} payload is not a JSON object`);
      onEvent(type, parsed.value);
    },
    // messageStop is the terminator: the answer is whole even when the body ends before metadata (usage).
    end() {
      if (!finish) return 'it finished';
      complete();
      return undefined;
    },
  };
}
