/**
 * Rows into PostgreSQL by binary `COPY ... FROM STDIN`: the server reads each value in its binary form (no text
 * to parse, no statement to plan), which takes about half the server CPU per logged request that an INSERT of the
 * same rows costs (bench/request-log.ts prints it). The COPY protocol's own messages go through `pg`'s client, which
 * hands them to a submittable query like this one.
 */
import type pg from 'pg';
import type { SqlValue } from './rows.js';

/** The column types the log writes (rows.ts names them per column). */
export type PgColumnType = 'text' | 'bigint' | 'integer' | 'double precision' | 'boolean';

/** The parts of `pg`'s connection the COPY sub-protocol uses (its type declarations leave them out). */
interface CopyConnection extends pg.Connection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

const SIGNATURE = 'PGCOPY\n\xff\r\n\0';
/** Signature, flags, header extension length; and the trailer. */
const HEADER_BYTES = 11 + 4 + 4;
const TRAILER_BYTES = 2;
const TWO_32 = 2 ** 32;

/**
 * A COPY binary stream of `rows` (each in `types` order): sized first, then written into one buffer, so no value
 * is encoded twice and nothing is allocated per value. Throws (and nothing is sent) on a value its column cannot
 * hold, as PostgreSQL would refuse it.
 */
export function encodeCopyBinary(rows: readonly SqlValue[][], types: readonly PgColumnType[]): Buffer {
  let size = HEADER_BYTES + TRAILER_BYTES;
  for (const row of rows) {
    size += 2 + 4 * types.length;
    for (let c = 0; c < types.length; c++) size += valueBytes(row[c] ?? null, types[c]!);
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.write(SIGNATURE, 0, 'latin1');
  at = out.writeInt32BE(0, at);
  at = out.writeInt32BE(0, at);
  for (const row of rows) {
    at = out.writeInt16BE(types.length, at);
    for (let c = 0; c < types.length; c++) at = writeValue(out, at, row[c] ?? null, types[c]!);
  }
  at = out.writeInt16BE(-1, at);
  if (at !== size) throw new Error(`COPY encoding wrote ${at} bytes of ${size}`);
  return out;
}

function valueBytes(value: SqlValue, type: PgColumnType): number {
  if (value === null) return 0;
  switch (type) {
    case 'text': return Buffer.byteLength(String(value), 'utf8');
    case 'bigint':
    case 'double precision': return 8;
    case 'integer': return 4;
    case 'boolean': return 1;
  }
}

function writeValue(out: Buffer, at: number, value: SqlValue, type: PgColumnType): number {
  if (value === null) return out.writeInt32BE(-1, at);
  if (type === 'text') {
    const text = String(value);
    const start = out.writeInt32BE(Buffer.byteLength(text, 'utf8'), at);
    return start + out.write(text, start, 'utf8');
  }
  if (type === 'boolean') {
    if (typeof value !== 'boolean') throw new TypeError(`not a boolean: ${String(value)}`);
    return out.writeUInt8(value ? 1 : 0, out.writeInt32BE(1, at));
  }
  if (typeof value !== 'number') throw new TypeError(`not a number for a ${type} column: ${String(value)}`);
  if (type === 'double precision') return out.writeDoubleBE(value, out.writeInt32BE(8, at));
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer for a ${type} column: ${value}`);
  // writeInt32BE itself refuses what an integer column cannot hold.
  if (type === 'integer') return out.writeInt32BE(value, out.writeInt32BE(4, at));
  // int8 as two 32-bit halves: no BigInt per value.
  const high = Math.floor(value / TWO_32);
  return out.writeUInt32BE(value - high * TWO_32, out.writeInt32BE(high, out.writeInt32BE(8, at)));
}

/**
 * Runs `COPY <table> (<columns>) FROM STDIN (FORMAT binary)` on `client` with `data` (from encodeCopyBinary).
 * Resolves when the server has taken every row; rejects with the server's error (its SQLSTATE in `code`).
 */
export function copyFrom(client: pg.PoolClient, sql: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    client.query(new CopyIn(sql, data, (error) => (error ? reject(error) : resolve())));
  });
}

/**
 * The submittable `pg` runs: it sends the statement, answers the server's CopyInResponse with the data and
 * CopyDone, and ends at ReadyForQuery (or at the server's error, after which `pg` sends it nothing more).
 * `callback` is the name `pg` looks for: it wraps it with its query timeout.
 */
class CopyIn implements pg.Submittable {
  callback: (error: Error | null) => void;

  constructor(readonly text: string, readonly data: Buffer, done: (error: Error | null) => void) {
    let settled = false;
    this.callback = (error) => {
      if (settled) return;
      settled = true;
      done(error);
    };
  }

  submit(connection: pg.Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleError(error: Error): void {
    this.callback(error);
  }

  handleReadyForQuery(): void {
    this.callback(null);
  }

  // Messages a COPY FROM does not get; pg calls these by name on whatever query is active.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
}
