import type { RequestLogSettings } from '../../config/config.js';
import { systemClock, type Clock, type TimerHandle } from '../../internal/clock.js';
import type { Logger } from '../../internal/logger.js';
import type { RequestObserver, RequestRecord } from '../../engine/request-record.js';
import { isFatal, type ProviderStat, type RecentFilter, type RequestLogStore, type UsageBucket } from './store.js';

export interface RequestLogOptions {
  store: RequestLogStore;
  settings: Pick<RequestLogSettings, 'retentionDays' | 'flushMs' | 'batchSize' | 'maxBuffer'>;
  clock?: Clock;
  log?: Logger;
  /** Longest one store call (a batch, a migration, a retention pass) may take before it counts as failed. Default 15 s. */
  callTimeoutMs?: number;
  /** close(): longest it waits to write what is still pending. Default 5 s. */
  closeTimeoutMs?: number;
  /** Texts never shown in stats or logs (the database password). */
  secrets?: readonly string[];
}

/** starting: the schema is not ready yet (rows are kept meanwhile); disabled: the schema could not be made, nothing is logged. */
export type RequestLogState = 'starting' | 'ready' | 'disabled' | 'closed';

export interface RequestLogStats {
  store: RequestLogStore['kind'];
  /** The file, or the database URL without its password. */
  location: string;
  state: RequestLogState;
  schemaVersion: number | null;
  /** Requests written (each with its attempts). */
  written: number;
  /** Write attempts that failed (a batch, or preparing the schema before one); the rows were kept for the next attempt. */
  failed: number;
  /** Requests given up: beyond maxBuffer while the database could not keep up, still pending at shutdown, or arriving while disabled. */
  dropped: number;
  /** Requests waiting to be written (including a batch being written). */
  pending: number;
  lastError: string | null;
  lastErrorAt: number | null;
  lastWriteAt: number | null;
  retention: { days: number; lastRunAt: number | null; deleted: number; lastError: string | null };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_BACKOFF_MS = 60_000;
/** Drops are reported at most this often (with the running total), so a dead database does not flood the log. */
const DROP_REPORT_MS = 60_000;

/**
 * The request log: one row per finished request and one per attempt, written in batches off the request path.
 *
 * `requestFinished` only appends to a buffer. A timer (on the injected clock) flushes every `flushMs`, and a full
 * batch flushes at once; one flush runs at a time. A batch that fails stays in the buffer and is retried with
 * exponential backoff. The buffer holds at most `maxBuffer` requests in all; beyond that the oldest are dropped
 * and counted. Nothing here ever waits on, or throws into, a request.
 */
export class RequestLog implements RequestObserver {
  readonly store: RequestLogStore;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  readonly #flushMs: number;
  readonly #batchSize: number;
  readonly #maxBuffer: number;
  readonly #retentionDays: number;
  readonly #callTimeoutMs: number;
  readonly #closeTimeoutMs: number;
  readonly #secrets: string[];

  readonly #queue = new Queue<RequestRecord>();
  #inFlight = 0;
  #flushing: Promise<void> | undefined;
  /** Rows at the front that the running flush must write whatever their number (asked for by the timer or flush()). */
  #flushTarget = 0;
  #migrating: Promise<boolean> | undefined;
  #kicked = false;
  #flushTimer: TimerHandle | undefined;
  #retentionTimer: TimerHandle | undefined;
  /** Set when close gave up on a write still running: its outcome no longer changes the counts. */
  #abandoned = false;
  #closing = false;

  #state: RequestLogState = 'starting';
  #schemaVersion: number | null = null;
  #written = 0;
  #failed = 0;
  #dropped = 0;
  #consecutiveFailures = 0;
  #retryAt = 0;
  #lastError: string | null = null;
  #lastErrorAt: number | null = null;
  #lastWriteAt: number | null = null;
  #lastDropReport = Number.NEGATIVE_INFINITY;
  #droppedReported = 0;
  #dropReportTimer: TimerHandle | undefined;
  readonly #retention = { lastRunAt: null as number | null, deleted: 0, lastError: null as string | null };

  constructor(options: RequestLogOptions) {
    this.store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log;
    this.#flushMs = Math.max(1, options.settings.flushMs);
    this.#maxBuffer = Math.max(1, options.settings.maxBuffer);
    this.#batchSize = Math.max(1, Math.min(options.settings.batchSize, this.#maxBuffer));
    this.#retentionDays = options.settings.retentionDays;
    this.#callTimeoutMs = options.callTimeoutMs ?? 15_000;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
    this.#secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  }

  get state(): RequestLogState {
    return this.#state;
  }

  /**
   * Prepares the schema (the first attempt; on a database that cannot be reached it is retried before each
   * flush) and starts the flush and retention timers. Resolves once that first attempt has ended.
   */
  async start(): Promise<void> {
    this.#scheduleFlush();
    this.#scheduleRetention();
    await this.#ensureSchema();
  }

  /** The observer: O(1), no I/O, never throws. */
  requestFinished(record: RequestRecord): void {
    if (this.#state === 'disabled' || this.#state === 'closed') {
      this.#drop(1);
      return;
    }
    this.#queue.push(record);
    const over = this.#queue.length + this.#inFlight - this.#maxBuffer;
    if (over > 0) this.#drop(this.#queue.drop(over));
    if (this.#queue.length >= this.#batchSize && !this.#kicked && !this.#flushing && !this.#closing && this.#clock.now() >= this.#retryAt) {
      this.#kicked = true;
      setImmediate(() => {
        this.#kicked = false;
        void this.#drain(false);
      }).unref();
    }
  }

  /** Writes everything pending now (ignoring any backoff); resolves when done or when a write failed. */
  flush(): Promise<void> {
    return this.#drain(true);
  }

  stats(): RequestLogStats {
    return {
      store: this.store.kind,
      location: this.store.location,
      state: this.#state,
      schemaVersion: this.#schemaVersion,
      written: this.#written,
      failed: this.#failed,
      dropped: this.#dropped,
      pending: this.#queue.length + this.#inFlight,
      lastError: this.#lastError,
      lastErrorAt: this.#lastErrorAt,
      lastWriteAt: this.#lastWriteAt,
      retention: { days: this.#retentionDays, ...this.#retention },
    };
  }

  /** For the admin API and the dashboard: what has been written (rows still pending are not included). */
  recent(limit: number, filter?: RecentFilter): Promise<RequestRecord[]> {
    return this.#query(this.store.recent(limit, filter));
  }

  usageSeries(sinceMs: number, bucketMs: number): Promise<UsageBucket[]> {
    return this.#query(this.store.usageSeries(sinceMs, bucketMs));
  }

  providerStats(sinceMs: number): Promise<ProviderStat[]> {
    return this.#query(this.store.providerStats(sinceMs));
  }

  /** Runs retention now: deletes requests older than retentionDays. Returns how many went (0 when not ready). */
  async prune(): Promise<number> {
    if (this.#state !== 'ready' || !Number.isFinite(this.#retentionDays) || this.#retentionDays <= 0) return 0;
    const now = this.#clock.now();
    try {
      const deleted = await this.#timed(this.store.deleteOlderThan(now - this.#retentionDays * DAY_MS), 'retention pass');
      this.#retention.lastRunAt = now;
      this.#retention.deleted += deleted;
      this.#retention.lastError = null;
      if (deleted > 0) this.#log?.info({ deleted, retentionDays: this.#retentionDays }, 'request log: deleted requests past retention');
      return deleted;
    } catch (error) {
      this.#retention.lastError = this.#redact(message(error));
      this.#log?.warn({ error: this.#retention.lastError }, 'request log: retention pass failed; it runs again in an hour');
      return 0;
    }
  }

  /** Stops the timers, writes what it can within closeTimeoutMs, counts the rest as dropped, closes the store. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    if (this.#flushTimer) this.#clock.clearTimeout(this.#flushTimer);
    if (this.#retentionTimer) this.#clock.clearTimeout(this.#retentionTimer);
    if (this.#dropReportTimer) this.#clock.clearTimeout(this.#dropReportTimer);
    this.#dropReportTimer = undefined;
    // Drops of the last quiet period would otherwise never be reported.
    this.#reportDrops();
    const deadline = performance.now() + this.#closeTimeoutMs;
    const left = () => Math.max(0, deadline - performance.now());

    if (this.#flushing) await within(this.#flushing, left());
    // One more pass for what arrived since (or what a failed batch left): it stops at its first failure.
    if (!this.#flushing && this.#queue.length > 0 && this.#state !== 'disabled') await within(this.#drain(true), left());

    const unwritten = this.#queue.length + this.#inFlight;
    if (this.#flushing) this.#abandoned = true;
    this.#queue.drop(this.#queue.length);
    this.#inFlight = 0;
    if (unwritten > 0) {
      this.#dropped += unwritten;
      this.#log?.warn({ unwritten, lastError: this.#lastError }, 'request log: requests not written at shutdown (counted as dropped)');
    }
    if (this.#state !== 'disabled') this.#state = 'closed';
    await within(this.store.close().catch(() => {}), Math.max(left(), 1_000));
  }

  // --- internals -------------------------------------------------------------------------------------------

  #scheduleFlush(): void {
    if (this.#closing) return;
    this.#flushTimer = this.#clock.setTimeout(() => {
      this.#flushTimer = undefined;
      this.#scheduleFlush();
      if (this.#clock.now() >= this.#retryAt) void this.#drain(true);
    }, this.#flushMs);
    this.#flushTimer.unref?.();
  }

  #scheduleRetention(): void {
    if (this.#closing) return;
    this.#retentionTimer = this.#clock.setTimeout(() => {
      this.#retentionTimer = undefined;
      this.#scheduleRetention();
      void this.prune();
    }, HOUR_MS);
    this.#retentionTimer.unref?.();
  }

  /**
   * One flush at a time: a second caller shares the running one. `all` (the timer, flush(), close) writes every
   * row pending at the call; otherwise (a kick) only full batches. Rows that arrive while a batch is written wait
   * for the next full batch or the next tick, instead of going out at once as a stream of small batches: per
   * statement and per commit (in the worker, in PostgreSQL) that stream cost more than the rows themselves.
   */
  #drain(all: boolean): Promise<void> {
    if (all) this.#flushTarget = this.#queue.length;
    this.#flushing ??= this.#drainLoop();
    return this.#flushing;
  }

  async #drainLoop(): Promise<void> {
    try {
      if (!(await this.#ensureSchema())) return;
      while (this.#hasBatch() && !this.#abandoned) {
        if (!(await this.#writeNext())) return;
      }
    } finally {
      // In the same turn as the loop's last check: a flush asked for after it starts a new loop.
      this.#flushing = undefined;
      this.#flushTarget = 0;
    }
  }

  /** A full batch is waiting, or rows a flush asked for (on close: any row). */
  #hasBatch(): boolean {
    const length = this.#queue.length;
    return length >= this.#batchSize || (length > 0 && (this.#flushTarget > 0 || this.#closing));
  }

  /** Writes the next batch; false when it failed (it is back at the front) or close gave up on it. */
  async #writeNext(): Promise<boolean> {
    const batch = this.#queue.take(this.#batchSize);
    this.#inFlight = batch.length;
    this.#flushTarget = Math.max(0, this.#flushTarget - batch.length);
    try {
      await this.#timed(this.store.writeBatch(batch), 'write');
      if (this.#abandoned) return false;
      this.#inFlight = 0;
      this.#written += batch.length;
      this.#lastWriteAt = this.#clock.now();
      this.#succeeded();
      return true;
    } catch (error) {
      if (this.#abandoned) return false;
      // Back to the front, oldest first; if the buffer filled up meanwhile, the oldest give way.
      this.#queue.unshiftAll(batch);
      this.#inFlight = 0;
      const over = this.#queue.length - this.#maxBuffer;
      if (over > 0) this.#drop(this.#queue.drop(over));
      this.#failedAttempt(error);
      return false;
    }
  }

  /** True once the schema is in place; a failure is counted (and retried later) or, when fatal, turns the log off. */
  #ensureSchema(): Promise<boolean> {
    if (this.#state === 'ready') return Promise.resolve(true);
    if (this.#state !== 'starting') return Promise.resolve(false);
    this.#migrating ??= this.#migrate().finally(() => {
      this.#migrating = undefined;
    });
    return this.#migrating;
  }

  async #migrate(): Promise<boolean> {
    try {
      const version = await this.#timed(this.store.migrate(), 'schema migration');
      if (this.#abandoned || this.#state !== 'starting') return this.#state === 'ready';
      this.#schemaVersion = version;
      this.#state = 'ready';
      this.#log?.info({ store: this.store.kind, location: this.store.location, schemaVersion: version }, 'request log ready');
      this.#succeeded();
      void this.prune();
      return true;
    } catch (error) {
      if (this.#abandoned || this.#state !== 'starting') return false;
      if (isFatal(error)) this.#disable(error);
      else this.#failedAttempt(error);
      return false;
    }
  }

  #disable(error: unknown): void {
    this.#state = 'disabled';
    this.#lastError = this.#redact(message(error));
    this.#lastErrorAt = this.#clock.now();
    this.#log?.error({ store: this.store.kind, location: this.store.location, error: this.#lastError }, 'request log: the schema could not be prepared; request logging is off');
    const pending = this.#queue.drop(this.#queue.length);
    if (pending > 0) this.#drop(pending);
  }

  #failedAttempt(error: unknown): void {
    this.#failed++;
    this.#consecutiveFailures++;
    const now = this.#clock.now();
    this.#lastError = this.#redact(message(error));
    this.#lastErrorAt = now;
    this.#retryAt = now + Math.min(MAX_BACKOFF_MS, Math.max(50, this.#flushMs) * 2 ** Math.min(20, this.#consecutiveFailures - 1));
    if (this.#consecutiveFailures === 1) {
      this.#log?.warn({ store: this.store.kind, location: this.store.location, error: this.#lastError, pending: this.#queue.length }, 'request log: write failed; rows are kept and retried');
    }
  }

  #succeeded(): void {
    if (this.#consecutiveFailures > 0) this.#log?.info({ failedAttempts: this.#consecutiveFailures }, 'request log: writing again');
    this.#consecutiveFailures = 0;
    this.#retryAt = 0;
  }

  #drop(n: number): void {
    if (n <= 0) return;
    this.#dropped += n;
    const now = this.#clock.now();
    if (now - this.#lastDropReport >= DROP_REPORT_MS) this.#reportDrops();
    // Drops within the quiet period are reported when it ends, so every dropped row is in some log line.
    else if (this.#dropReportTimer === undefined && !this.#closing) {
      this.#dropReportTimer = this.#clock.setTimeout(() => {
        this.#dropReportTimer = undefined;
        this.#reportDrops();
      }, this.#lastDropReport + DROP_REPORT_MS - now);
      this.#dropReportTimer.unref?.();
    }
  }

  /** Logs the drops not reported yet (the count since the last report, and the running total). */
  #reportDrops(): void {
    const dropped = this.#dropped - this.#droppedReported;
    if (dropped <= 0) return;
    this.#log?.warn({ dropped, droppedTotal: this.#dropped, maxBuffer: this.#maxBuffer, lastError: this.#lastError }, 'request log: requests dropped (buffer full or logging off)');
    this.#lastDropReport = this.#clock.now();
    this.#droppedReported = this.#dropped;
  }

  /** A store call with a time limit on the log's clock; a late outcome of the call itself is ignored. */
  #timed<T>(work: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => reject(new Error(`request log ${what} did not finish within ${this.#callTimeoutMs} ms`)), this.#callTimeoutMs);
      timer.unref?.();
      work.then(
        (value) => {
          this.#clock.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.#clock.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** A read for the admin API: time-limited, and its error never carries the password. */
  async #query<T>(work: Promise<T>): Promise<T> {
    try {
      return await this.#timed(work, 'query');
    } catch (error) {
      throw new Error(`request log query failed: ${this.#redact(message(error))}`);
    }
  }

  #redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.split(secret).join('[redacted]');
    return out;
  }
}

/** Waits for `work` at most `ms` (real time: shutdown must end even on a clock that tests stop). */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

function message(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return error.errors.map(message).join('; ');
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** A FIFO with O(1) push and amortised O(1) removal from the front. */
class Queue<T> {
  #items: T[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  take(n: number): T[] {
    const out = this.#items.slice(this.#head, this.#head + n);
    this.#head += out.length;
    this.#compact();
    return out;
  }

  /** Removes up to `n` from the front; returns how many went. */
  drop(n: number): number {
    const k = Math.max(0, Math.min(n, this.length));
    this.#head += k;
    this.#compact();
    return k;
  }

  unshiftAll(items: T[]): void {
    this.#items = items.concat(this.#items.slice(this.#head));
    this.#head = 0;
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
