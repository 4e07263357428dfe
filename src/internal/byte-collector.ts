/** Smallest and largest block a collector allocates when it does not know the body's length. */
const MIN_BLOCK = 16 * 1024;
const MAX_BLOCK = 1024 * 1024;

/**
 * A body gathered from chunks into blocks the collector owns.
 *
 * The sender decides how a body is cut: kept as they came, a body of tiny chunks costs a Buffer object (about
 * 100 bytes of heap) per chunk, each a view that keeps its socket read alive, so 32 MiB sent as 14-byte SSE
 * comments held some 250 MB while an answer budget counted 32 MiB (measured in the chaos run). Copied into blocks,
 * what is held is the bytes counted plus one block not yet filled. The first chunk is kept as it came until a
 * second one arrives: the common one-chunk answer is never copied.
 */
export class ByteCollector {
  #first: Buffer | undefined;
  readonly #blocks: Buffer[] = [];
  /** Bytes used in the last block. */
  #used = 0;
  #size = 0;

  /** `expected`: the length the sender declared, when it did (the one block then fits it exactly). */
  constructor(private readonly expected = 0) {}

  /** Bytes gathered so far. */
  get size(): number {
    return this.#size;
  }

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    if (this.#size === 0) {
      this.#first = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.#size = chunk.byteLength;
      return;
    }
    const first = this.#first;
    if (first) {
      this.#first = undefined;
      this.#size = 0;
      this.#copy(first);
    }
    this.#copy(chunk);
  }

  /** Everything gathered, as one Buffer. */
  bytes(): Buffer {
    if (this.#first) return this.#first;
    const blocks = this.#blocks;
    if (blocks.length === 0) return Buffer.alloc(0);
    const last = blocks.length - 1;
    blocks[last] = blocks[last]!.subarray(0, this.#used);
    return blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks, this.#size);
  }

  #copy(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.byteLength) {
      let block = this.#blocks[this.#blocks.length - 1];
      if (!block || this.#used === block.length) {
        block = Buffer.allocUnsafe(this.#nextBlockSize(chunk.byteLength - at));
        this.#blocks.push(block);
        this.#used = 0;
      }
      const n = Math.min(block.length - this.#used, chunk.byteLength - at);
      // The whole chunk at once needs no view of it (one object fewer per chunk).
      block.set(at === 0 && n === chunk.byteLength ? chunk : chunk.subarray(at, at + n), this.#used);
      this.#used += n;
      this.#size += n;
      at += n;
    }
  }

  /** The rest of a declared length; otherwise about the size so far (so blocks grow with the body), within bounds. */
  #nextBlockSize(needed: number): number {
    if (this.expected > this.#size) return Math.max(needed, this.expected - this.#size);
    return Math.max(needed > MAX_BLOCK ? MAX_BLOCK : needed, Math.min(MAX_BLOCK, Math.max(MIN_BLOCK, this.#size)));
  }
}
