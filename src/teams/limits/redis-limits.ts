import type { Redis } from 'ioredis';
import { MINUTE_MS, windowIndex } from './algorithms.js';
import { periodOf } from './budget-period.js';
import { burstOf, type LimitSpec, type LimitState } from './verdict.js';

/**
 * One atomic decision in Redis (a Lua script runs alone: no other instance reads or writes between its steps):
 * the budget and the token window are only read, and the request is counted (GCRA's new TAT) only when every
 * check passes. The script returns the state it decided on; the caller works out the headers from it with the
 * same functions the per-process limiter uses (verdict.ts). Times come from the caller's clock.
 *
 * KEYS: 1 TAT, 2 tokens of this minute's window, 3 of the previous window, 4 spend of the budget period.
 * ARGV: 1 now (ms), 2 rpm (0: none), 3 burst, 4 tpm (0: none), 5 budget in nano-USD (-1: none).
 */
const ADMIT_LUA = `
local now = tonumber(ARGV[1])
local rpm = tonumber(ARGV[2])
local tpm = tonumber(ARGV[4])
local budget = tonumber(ARGV[5])
local spent = tonumber(redis.call('GET', KEYS[4]) or '0')
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
local previous = tonumber(redis.call('GET', KEYS[3]) or '0')
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local function answer(refused)
  return {refused, string.format('%.3f', tat), tostring(current), tostring(previous), tostring(spent)}
end
if budget >= 0 and spent >= budget then return answer('budget') end
if tpm > 0 then
  local elapsed = now - math.floor(now / ${MINUTE_MS}) * ${MINUTE_MS}
  local used = previous * (${MINUTE_MS} - elapsed) / ${MINUTE_MS} + current
  if used >= tpm then return answer('tpm') end
end
if rpm > 0 then
  local interval = ${MINUTE_MS} / rpm
  local newtat = math.max(tat, now) + interval
  if now < newtat - tonumber(ARGV[3]) * interval then return answer('rpm') end
  redis.call('SET', KEYS[1], string.format('%.3f', newtat), 'PX', math.ceil(newtat - now) + 1000)
end
return answer('')
`;

/**
 * What an instance sends for one client key in a batch (see client-limiter.ts), as one script: finished requests'
 * tokens and cost are added (INCRBY: whole numbers, so no instance's addition is lost), then `n` requests it
 * already let in on its recent view of the counters (far from every limit) move GCRA's TAT n intervals on, and
 * the counters are returned to refresh that view. One command per key instead of up to five: each command costs
 * the gateway far more CPU in the driver (encoding, a timer, the reply) than Redis spends on it.
 * KEYS as ADMIT_LUA; ARGV: 1 now, 2 rpm (0: none), 3 n, 4 tokens (0: none), 5 expiry of the token window (ms),
 * 6 cost in nano-USD (0: none), 7 expiry of the spend (ms; 0: the spend never expires).
 */
const FLUSH_LUA = `
local now = tonumber(ARGV[1])
local rpm = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
if tonumber(ARGV[4]) > 0 then
  redis.call('INCRBY', KEYS[2], ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
if tonumber(ARGV[6]) > 0 then
  redis.call('INCRBY', KEYS[4], ARGV[6])
  if tonumber(ARGV[7]) > 0 then redis.call('PEXPIRE', KEYS[4], ARGV[7]) end
end
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if rpm > 0 and n > 0 then
  tat = math.max(tat, now) + n * ${MINUTE_MS} / rpm
  redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1000)
end
return {'', string.format('%.3f', tat), redis.call('GET', KEYS[2]) or '0', redis.call('GET', KEYS[3]) or '0', redis.call('GET', KEYS[4]) or '0'}
`;

/** How long a token window's count is kept: it is read as the current window, then as the previous one. */
const TOKENS_TTL_MS = 2 * MINUTE_MS + 1000;

type AdmitReply = [string, string, string, string, string];

/** The script as a command of the client (defineCommand adds it; EVALSHA with a fallback to EVAL). */
interface WithAdmit {
  waiAdmit(tat: string, current: string, previous: string, spend: string, now: number, rpm: number, burst: number, tpm: number, budget: number): Promise<AdmitReply>;
  waiFlush(tat: string, current: string, previous: string, spend: string, now: number, rpm: number, n: number, tokens: number, tokensTtl: number, costNano: number, spendTtl: number): Promise<AdmitReply>;
}

function stateOf([refused, tat, current, previous, spent]: AdmitReply): LimitState {
  return {
    refused: refused === '' ? null : (refused as LimitState['refused']),
    tat: Number(tat), tokensCurrent: Number(current), tokensPrevious: Number(previous), spentNano: Number(spent),
  };
}

/** The key names of one client key: hash-tagged by its id, so a Redis Cluster keeps them on one node. */
function names(prefix: string, spec: LimitSpec, now: number) {
  const base = `${prefix}:limits:{${spec.keyId}}`;
  const index = windowIndex(now);
  return {
    tat: `${base}:rpm`,
    current: `${base}:tpm:${index}`,
    previous: `${base}:tpm:${index - 1}`,
    spend: `${base}:spend:${periodOf(spec.period, now).label}`,
  };
}

/** Limits shared by every instance through Redis (see ADMIT_LUA). */
export class RedisLimits {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
    redis.defineCommand('waiAdmit', { numberOfKeys: 4, lua: ADMIT_LUA });
    redis.defineCommand('waiFlush', { numberOfKeys: 4, lua: FLUSH_LUA });
  }

  /** Counts `n` requests already let in; returns the counters as they are now. */
  async count(spec: LimitSpec, n: number, now: number): Promise<LimitState> {
    return stateOf(await this.#flushKey(this.#redis as unknown as WithAdmit, { spec, n, tokens: 0, costNano: 0 }, now));
  }

  async admit(spec: LimitSpec, now: number): Promise<LimitState> {
    const k = names(this.#prefix, spec, now);
    const reply = await (this.#redis as unknown as WithAdmit).waiAdmit(k.tat, k.current, k.previous, k.spend, now, spec.rpm ?? 0, spec.rpm === null ? 0 : burstOf(spec.rpm), spec.tpm ?? 0, spec.budgetNano ?? -1);
    return stateOf(reply);
  }

  /** Adds finished requests' tokens and cost (several keys in one round trip). */
  async settle(entries: ReadonlyArray<{ spec: LimitSpec; tokens: number; costNano: number }>, now: number): Promise<void> {
    await this.flush([], entries, now);
  }

  /**
   * A batch in one round trip, one script per client key (FLUSH_LUA): its finished requests' tokens and cost,
   * then its requests let in on views, whose counters come back (with this batch's additions in them) in the
   * order of `counts`. A command that failed fails the whole batch.
   */
  async flush(
    counts: ReadonlyArray<{ spec: LimitSpec; n: number }>, settles: ReadonlyArray<{ spec: LimitSpec; tokens: number; costNano: number }>, now: number,
  ): Promise<LimitState[]> {
    // Usually one key: its counts and its settles go in one entry.
    const byKey = new Map<string, Batched>();
    for (const { spec, n } of counts) byKey.set(spec.keyId, { spec, n, tokens: 0, costNano: 0 });
    for (const { spec, tokens, costNano } of settles) {
      const entry = byKey.get(spec.keyId);
      if (entry) {
        entry.tokens += tokens;
        entry.costNano += costNano;
      } else {
        byKey.set(spec.keyId, { spec, n: 0, tokens, costNano });
      }
    }
    if (byKey.size === 0) return [];
    if (byKey.size === 1) {
      const [entry] = byKey.values();
      const state = stateOf(await this.#flushKey(this.#redis as unknown as WithAdmit, entry!, now));
      return counts.length ? [state] : [];
    }
    const batch = this.#redis.pipeline();
    for (const entry of byKey.values()) void this.#flushKey(batch as unknown as WithAdmit, entry, now);
    const replies = await batch.exec();
    if (!replies) throw new Error('redis pipeline not run');
    for (const [error] of replies) if (error) throw error;
    // The counts were put in the map first, in their order.
    return replies.slice(0, counts.length).map(([, reply]) => stateOf(reply as AdmitReply));
  }

  /** One key's part of a batch; `on` is the client, or a pipeline (whose promise is not the one awaited). */
  #flushKey(on: WithAdmit, { spec, n, tokens, costNano }: Batched, now: number): Promise<AdmitReply> {
    const k = names(this.#prefix, spec, now);
    const countTokens = spec.tpm !== null && tokens > 0;
    const countCost = spec.budgetNano !== null && costNano > 0;
    const end = countCost ? periodOf(spec.period, now).end : null;
    return on.waiFlush(
      k.tat, k.current, k.previous, k.spend, now, spec.rpm ?? 0, n,
      countTokens ? Math.round(tokens) : 0, TOKENS_TTL_MS, countCost ? costNano : 0, end === null ? 0 : end - now + 86_400_000,
    );
  }
}

/** One client key's part of a batch. */
interface Batched {
  spec: LimitSpec;
  n: number;
  tokens: number;
  costNano: number;
}
