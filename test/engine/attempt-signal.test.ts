import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AttemptSignal } from '../../src/engine/attempt-signal.js';
import { ManualClock } from '../helpers/manual-clock.js';

describe('AttemptSignal timed from dispatch', () => {
  it('no attempt timeout while the request waits for a connection; it starts when the request is dispatched', () => {
    const clock = new ManualClock();
    const attempt = new AttemptSignal(clock, undefined, 1_000, clock.now() + 10_000, true);
    clock.advance(5_000);
    assert.equal(attempt.signal.aborted, false, 'five times the attempt timeout in the queue');
    attempt.signal.dispatched!();
    clock.advance(999);
    assert.equal(attempt.signal.aborted, false);
    clock.advance(1);
    assert.equal(attempt.reason, 'attempt_timeout');
  });

  it('a deadline that passes before dispatch is the gateway\'s connection wait; after dispatch it is the deadline', () => {
    const clock = new ManualClock();
    const waiting = new AttemptSignal(clock, undefined, 1_000, clock.now() + 3_000, true);
    clock.advance(3_000);
    assert.equal(waiting.reason, 'connection_wait_timeout');

    const sent = new AttemptSignal(clock, undefined, 1_000, clock.now() + 3_000, true);
    clock.advance(2_500);
    sent.signal.dispatched!();
    clock.advance(500);
    assert.equal(sent.reason, 'deadline_exceeded');
  });

  it('without a reporting transport the attempt timeout runs from the start, as before', () => {
    const clock = new ManualClock();
    const attempt = new AttemptSignal(clock, undefined, 1_000, clock.now() + 10_000);
    clock.advance(1_000);
    assert.equal(attempt.reason, 'attempt_timeout');
  });
});
