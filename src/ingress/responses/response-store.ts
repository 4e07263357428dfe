import type { Clock } from '../../internal/clock.js';
import type { RequestLogStore } from '../../observe/log/store.js';
import type { ResponseInputItem, ResponseObject } from '../../types/responses.js';
import { parseJson, isRecord } from '../../internal/json.js';

/** A response kept for `previous_response_id` and GET/DELETE /v1/responses/{id}. */
export interface StoredResponse {
  response: ResponseObject;
  /** The request's own input items (a string input as one user message). */
  input: ResponseInputItem[];
  /** The provider that served it. */
  servedBy: string | null;
  atMs: number;
}

export interface ResponseStore {
  /** Keeps a response; never waits on, or throws into, the request that made it. */
  save(stored: StoredResponse): void;
  get(id: string): Promise<StoredResponse | undefined>;
  /** True when there was such a response. */
  delete(id: string): Promise<boolean>;
}

/** Largest response (input and output, as JSON) kept; a larger one is answered but not stored. */
export const MAX_STORED_BYTES = 8 * 1024 * 1024;
/** Responses kept in memory while their database write is on its way (a dead database cannot grow this). */
const MAX_PENDING = 1000;

/**
 * Responses in the request log's database (SQLite or PostgreSQL, table wai_responses, under the log's
 * retention). Writes go out behind the answer; until one lands, the response is read from memory, so the
 * caller's next turn finds it at once.
 */
export class LogResponseStore implements ResponseStore {
  readonly #pending = new Map<string, StoredResponse>();
  readonly #deleted = new Set<string>();

  constructor(private readonly store: Required<Pick<RequestLogStore, 'putResponse' | 'getResponse' | 'deleteResponse'>>, private readonly onError: (error: unknown) => void) {}

  save(stored: StoredResponse): void {
    const body = JSON.stringify({ response: stored.response, input: stored.input });
    if (Buffer.byteLength(body) > MAX_STORED_BYTES) return;
    const id = stored.response.id;
    this.#deleted.delete(id);
    this.#pending.set(id, stored);
    if (this.#pending.size > MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value!);
    const row = { id, atMs: stored.atMs, servedBy: stored.servedBy, previousId: stored.response.previous_response_id ?? null, body };
    // A failed write leaves the response in memory (bounded), so this gateway still finds it.
    this.store.putResponse(row).then(() => {
      if (this.#pending.get(id) === stored) this.#pending.delete(id);
    }, this.onError);
  }

  /** A database that cannot be read is reported and counts as not having the response (the request still runs). */
  async get(id: string): Promise<StoredResponse | undefined> {
    const pending = this.#pending.get(id);
    if (pending) return pending;
    let row;
    try {
      row = await this.store.getResponse(id);
    } catch (error) {
      this.onError(error);
      return undefined;
    }
    if (!row || this.#deleted.has(id)) return undefined;
    const parsed = parseJson(row.body);
    if (!parsed.ok || !isRecord(parsed.value) || !isRecord(parsed.value.response)) return undefined;
    return { response: parsed.value.response as unknown as ResponseObject, input: (parsed.value.input ?? []) as ResponseInputItem[], servedBy: row.servedBy, atMs: row.atMs };
  }

  async delete(id: string): Promise<boolean> {
    const wasPending = this.#pending.delete(id);
    // A write still on its way would bring the row back: remember the deletion until it has landed.
    if (wasPending) this.#deleted.add(id);
    const removed = await this.store.deleteResponse(id);
    return removed || wasPending;
  }
}

/** Responses in memory, for an engine without a request log (the SDK, WAI_REQUEST_LOG=off): bounded, with the same retention. */
export class MemoryResponseStore implements ResponseStore {
  readonly #responses = new Map<string, StoredResponse>();

  constructor(private readonly clock: Clock, private readonly retentionMs: number, private readonly maxEntries = 1000) {}

  save(stored: StoredResponse): void {
    if (Buffer.byteLength(JSON.stringify(stored)) > MAX_STORED_BYTES) return;
    this.#responses.delete(stored.response.id);
    this.#responses.set(stored.response.id, stored);
    if (this.#responses.size > this.maxEntries) this.#responses.delete(this.#responses.keys().next().value!);
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const stored = this.#responses.get(id);
    if (stored && stored.atMs < this.clock.now() - this.retentionMs) {
      this.#responses.delete(id);
      return undefined;
    }
    return stored;
  }

  async delete(id: string): Promise<boolean> {
    return this.#responses.delete(id);
  }
}
