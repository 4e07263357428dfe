/**
 * A prediction's SSE stream as Replicate sends it: `event: output` per token (plain text data, an `id:` per
 * event), then `event: done` with `{}`; a failed prediction sends `event: error` with `{detail}` and a done with
 * `{"reason":"error"}`, a canceled one a done with `{"reason":"canceled"}`.
 */
import { sseEvent, type StreamPlan } from '../loopback-kit/sse-writer.js';
import { finalStatus, tokensOf, type SimPrediction } from './predictions.js';

const errorEvents = (detail: string) => sseEvent(JSON.stringify({ detail }), 'error') + sseEvent(JSON.stringify({ reason: 'error' }), 'done');

export function streamPlan(p: SimPrediction): StreamPlan {
  const stamp = Math.floor(Date.parse(p.createdAt) / 1000);
  const status = finalStatus(p);
  const frames = status === 'succeeded' ? tokensOf(p).map((t, i) => sseEvent(t, 'output', `${stamp}:${i}`)) : [];
  if (status === 'succeeded') frames.push(sseEvent('{}', 'done'));
  else if (status === 'failed') frames.push(errorEvents(p.fault!.fail!));
  else frames.push(sseEvent(JSON.stringify({ reason: 'canceled' }), 'done'));
  return {
    frames,
    counts: (f) => f.startsWith('event: output'),
    errorFrame: (message) => errorEvents(message),
    malformedFrame: 'event: done\ndata: {oops\n\n',
  };
}
