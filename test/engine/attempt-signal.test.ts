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

describe('AttemptSignal of a committed stream (streamUntil)', () => {
  it('the attempt timeout no longer applies; the stream limit runs from the commit, exactly, though the attempt timer came first', () => {
    const clock = new ManualClock();
    const attempt = new AttemptSignal(clock, undefined, 1_000, clock.now() + 60_000, true);
    attempt.signal.dispatched!();
    clock.advance(200);
    let limited = 0;
    attempt.streamUntil(5_000, () => limited++);
    clock.advance(4_999);
    assert.equal(attempt.signal.aborted, false, 'past the attempt timeout and its deadline-free time');
    assert.equal(limited, 0);
    clock.advance(1);
    assert.equal(limited, 1, 'the limit, 5,000 ms after the commit');
    clock.advance(60_000);
    assert.equal(limited, 1, 'once');
    assert.equal(attempt.signal.aborted, false, 'the deadline no longer applies either');
  });

  it('a limit shorter than the pending timer fires at the limit', () => {
    const clock = new ManualClock();
    const attempt = new AttemptSignal(clock, undefined, 120_000, clock.now() + 600_000, true);
    attempt.signal.dispatched!();
    let limited = 0;
    attempt.streamUntil(60_000, () => limited++);
    clock.advance(59_999);
    assert.equal(limited, 0);
    clock.advance(1);
    assert.equal(limited, 1);
  });

  it('released before its limit, the stream hears nothing more', () => {
    const clock = new ManualClock();
    const attempt = new AttemptSignal(clock, undefined, 1_000, clock.now() + 60_000, true);
    attempt.signal.dispatched!();
    let limited = 0;
    attempt.streamUntil(5_000, () => limited++);
    clock.advance(2_000);
    attempt.release();
    clock.advance(60_000);
    assert.equal(limited, 0);
    assert.equal(attempt.signal.aborted, false);
  });
});
