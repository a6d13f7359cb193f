/**
 * A body as it streams by: every byte is counted, the first `limit` are kept for the judge (V1's limit plus a
 * byte for a request, the read limit for an answer), and the rest goes on without being held.
 */
export class BodyTap {
  readonly #kept: Buffer[] = [];
  #keptBytes = 0;
  /** Bytes seen so far. */
  bytes = 0;

  constructor(readonly limit: number) {}

  /** The bytes kept (a copy, not a view: a chunk kept whole stays alive as long as it is needed). */
  take(chunk: Buffer): void {
    this.bytes += chunk.length;
    const room = this.limit - this.#keptBytes;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.#kept.push(Buffer.from(part));
    this.#keptBytes += part.length;
  }

  /** The body was longer than what was kept. */
  get truncated(): boolean {
    return this.bytes > this.#keptBytes;
  }

  get kept(): Buffer {
    return Buffer.concat(this.#kept, this.#keptBytes);
  }

  /** Bytes held in memory for the judge (what the proxy's buffer cap counts). */
  get held(): number {
    return this.#keptBytes;
  }
}
