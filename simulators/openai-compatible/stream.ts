/**
 * The SSE frames of a streamed answer, per provider, exactly as they go on the wire:
 * `data: <json>\n\n` events, provider comment lines, and the `data: [DONE]\n\n` terminator.
 */
import { countWords, splitArgs, splitDeltas } from './answer.js';
import { CITATIONS, SEARCH_RESULTS, groqReqId, usageFor, type ReplyCtx } from './completion.js';

export const DONE = 'data: [DONE]\n\n';
export const sse = (o: unknown): string => 'data: ' + JSON.stringify(o) + '\n\n';

type Obj = Record<string, unknown>;

/** One chat.completion.chunk in the provider's layout. `finish` undefined = not the finish chunk. */
function chunk(ctx: ReplyCtx, delta: Obj, finish: string | null, extra?: Obj, choiceExtra?: Obj): Obj {
  const { spec, id, created, model } = ctx;
  const fr = finish ?? null;
  switch (spec.id) {
    case 'openai':
      return { id, object: 'chat.completion.chunk', created, model, service_tier: 'default', system_fingerprint: 'fp_sim', choices: [{ index: 0, delta, logprobs: null, finish_reason: fr }], ...(ctx.includeUsage ? { usage: null } : {}), ...extra };
    case 'groq':
      return { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_sim', choices: [{ index: 0, delta, logprobs: null, finish_reason: fr }], ...extra };
    case 'deepseek':
      return { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_sim', choices: [{ index: 0, delta, logprobs: null, finish_reason: fr }], ...(ctx.includeUsage ? { usage: null } : {}), ...extra };
    case 'mistral':
      return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: fr, logprobs: null }], ...extra };
    case 'xai':
      return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, ...(fr ? { finish_reason: fr } : {}) }], system_fingerprint: 'fp_sim', ...extra };
    case 'openrouter':
      return { id, provider: 'SimProvider', model, object: 'chat.completion.chunk', created, choices: [{ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: fr, native_finish_reason: fr, logprobs: null }], ...extra };
    default:
      return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: fr, ...choiceExtra }], ...extra };
  }
}

function firstDelta(ctx: ReplyCtx): Obj {
  const { spec, answer } = ctx;
  if (spec.id === 'openai') return { role: 'assistant', content: '', refusal: null };
  if (spec.id === 'deepseek' && answer.reasoning !== undefined) return { role: 'assistant', content: null, reasoning_content: '' };
  if (spec.id === 'groq' && answer.toolCall) return { role: 'assistant', content: null };
  return { role: 'assistant', content: '' };
}

/** Perplexity: running usage + citations + search_results on every chunk; last chunk is `chat.completion.done`. */
function perplexityFrames(ctx: ReplyCtx): string[] {
  const { id, model, created, answer } = ctx;
  const frames: string[] = [];
  let soFar = '';
  const ch = (delta: Obj, done: boolean) => ({
    id, model, created, usage: usageFor(ctx, countWords(soFar)), citations: CITATIONS, search_results: SEARCH_RESULTS,
    object: done ? 'chat.completion.done' : 'chat.completion.chunk',
    choices: [done ? { index: 0, delta, finish_reason: answer.toolCall ? 'tool_calls' : 'stop' } : { index: 0, delta }],
  });
  if (answer.toolCall) {
    const pieces = splitArgs(answer.toolCall.arguments);
    pieces.forEach((p, i) => {
      soFar += p;
      const fn = i === 0 ? { name: answer.toolCall!.name, arguments: p } : { arguments: p };
      frames.push(sse(ch({ role: 'assistant', tool_calls: [{ index: 0, ...(i === 0 ? { id: ctx.toolId, type: 'function' } : {}), function: fn }] }, false)));
    });
  } else {
    for (const p of splitDeltas(answer.content)) {
      soFar += p;
      frames.push(sse(ch({ role: 'assistant', content: p }, false)));
    }
  }
  soFar = answer.toolCall ? answer.toolCall.arguments : answer.content;
  frames.push(sse(ch({ role: 'assistant', content: '' }, true)));
  frames.push(DONE);
  return frames;
}

/** All frames of the stream, in order, ending with [DONE]. */
export function streamFrames(ctx: ReplyCtx): string[] {
  const { spec, answer } = ctx;
  if (spec.id === 'perplexity') return perplexityFrames(ctx);
  const frames: string[] = [];
  if (spec.id === 'deepseek') frames.push(': keep-alive\n\n');
  if (spec.id === 'openrouter') frames.push(': OPENROUTER PROCESSING\n\n');
  const groqFirst = spec.id === 'groq' ? { x_groq: { id: groqReqId(ctx.n), seed: ctx.n } } : undefined;
  frames.push(sse(chunk(ctx, firstDelta(ctx), null, groqFirst)));

  if (answer.reasoning !== undefined) {
    for (const p of splitDeltas(answer.reasoning)) {
      frames.push(sse(chunk(ctx, spec.id === 'deepseek' ? { content: null, reasoning_content: p } : spec.id === 'openrouter' ? { reasoning: p } : { reasoning_content: p }, null)));
    }
  }

  const finish = answer.toolCall ? 'tool_calls' : 'stop';
  let finishDone = false;
  if (answer.toolCall) {
    const { name, arguments: args } = answer.toolCall;
    if (spec.id === 'mistral') {
      // As recorded: the whole call, the finish_reason and the usage arrive in one chunk; no `type`, no `index`.
      frames.push(sse(chunk(ctx, { content: null, tool_calls: [{ id: ctx.toolId, function: { name, arguments: args } }] }, finish, { usage: usageFor(ctx) })));
      finishDone = true;
    } else if (spec.toolStream === 'whole') {
      const call = spec.id === 'xai'
        ? { id: ctx.toolId, function: { name, arguments: args }, index: 0, type: 'function' }
        : { id: ctx.toolId, type: 'function', function: { name, arguments: args }, index: 0 };
      frames.push(sse(chunk(ctx, { tool_calls: [call] }, null)));
    } else {
      frames.push(sse(chunk(ctx, { tool_calls: [{ index: 0, id: ctx.toolId, type: 'function', function: { name, arguments: '' } }] }, null)));
      for (const p of splitArgs(args)) frames.push(sse(chunk(ctx, { tool_calls: [{ index: 0, function: { arguments: p } }] }, null)));
    }
  } else {
    for (const p of splitDeltas(answer.content)) frames.push(sse(chunk(ctx, { content: p }, null)));
  }

  if (!finishDone) {
    const usage = usageFor(ctx);
    switch (spec.usageMode) {
      case 'finish':
        frames.push(sse(chunk(ctx, spec.id === 'deepseek' ? { content: '', reasoning_content: null } : spec.id === 'mistral' ? { content: '' } : {}, finish, { usage })));
        break;
      case 'groq':
        frames.push(sse(chunk(ctx, {}, finish, { x_groq: { id: groqReqId(ctx.n), usage }, usage })));
        break;
      case 'choices':
        frames.push(sse(chunk(ctx, {}, finish, undefined, { usage })));
        break;
      case 'openrouter':
        frames.push(sse(chunk(ctx, { content: '' }, finish)));
        frames.push(sse(chunk(ctx, { content: '' }, null, { usage })));
        break;
      default: // flag
        frames.push(sse(chunk(ctx, {}, finish)));
        if (ctx.includeUsage) {
          const { id, created, model } = ctx;
          const tail = spec.id === 'openai' ? { service_tier: 'default', system_fingerprint: 'fp_sim' } : spec.id === 'xai' ? { system_fingerprint: 'fp_sim' } : {};
          frames.push(sse({ id, object: 'chat.completion.chunk', created, model, ...tail, choices: [], usage }));
        }
    }
  }
  frames.push(DONE);
  return frames;
}

/** The in-stream error event (OpenRouter's unified shape; OpenAI-style `{error}` elsewhere). */
export function streamErrorFrame(ctx: ReplyCtx, message: string, code: number | undefined): string {
  if (ctx.spec.id === 'openrouter') {
    return sse({
      id: ctx.id, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model, provider: 'SimProvider',
      error: { code: code ?? 'server_error', message }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
    });
  }
  return sse({ error: { message, type: 'server_error', param: null, code: code ?? null } });
}

/** A data line that is not JSON. */
export const MALFORMED_FRAME = 'data: {"id":"chatcmpl-sim-broken","choices":[{"delta":{"content":"oops"\n\n';
