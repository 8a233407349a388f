// Strings, each with the position it was first seen at, packed into typed arrays. An import keeps
// every key of the file until its last row (a key seen twice is an error naming the first line):
// at 1,000,000 products a Map of strings held ~80 MB of V8 heap (a string object and a map entry
// per key), and a larger live heap lets V8 grow it further before each collection. Here each key
// costs its UTF-8 bytes plus ~20 bytes of table, outside the V8 heap.

const encoder = new TextEncoder();

/** FNV-1a over `length` bytes of `bytes` from `start`. */
function hashBytes(bytes: Uint8Array, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

function grown<T extends Uint8Array | Uint32Array>(array: T, atLeast: number): T {
  let length = array.length * 2;
  while (length < atLeast) length *= 2;
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}

export class KeyPositions {
  /** Every key's UTF-8 bytes, one after the other. */
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** Per entry: where its bytes start, how many there are, its position. */
  private starts = new Uint32Array(1 << 10);
  private lengths = new Uint32Array(1 << 10);
  private positions = new Uint32Array(1 << 10);
  private count = 0;
  /** Open addressing: entry number + 1 per slot, 0 for none; a power of two, at most half full. */
  private slots = new Uint32Array(1 << 11);
  /** The key being looked up, encoded. */
  private scratch = new Uint8Array(256);

  get size(): number {
    return this.count;
  }

  /**
   * The position `key` was first seen at, or undefined when it is new: then it is remembered with
   * `position` (a line or row number, below 2³²).
   */
  firstOrAdd(key: string, position: number): number | undefined {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.scratch.length < key.length * 3) this.scratch = new Uint8Array(key.length * 3);
    const length = encoder.encodeInto(key, this.scratch).written;
    const mask = this.slots.length - 1;
    let slot = hashBytes(this.scratch, 0, length) & mask;
    for (let entry = this.slots[slot]!; entry !== 0; entry = this.slots[slot]!) {
      if (this.equals(entry - 1, length)) return this.positions[entry - 1];
      slot = (slot + 1) & mask;
    }
    this.add(slot, length, position);
    return undefined;
  }

  private equals(entry: number, length: number): boolean {
    if (this.lengths[entry] !== length) return false;
    const start = this.starts[entry]!;
    for (let i = 0; i < length; i++) if (this.bytes[start + i] !== this.scratch[i]) return false;
    return true;
  }

  private add(slot: number, length: number, position: number): void {
    if (this.used + length > this.bytes.length) this.bytes = grown(this.bytes, this.used + length);
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts, 0);
      this.lengths = grown(this.lengths, 0);
      this.positions = grown(this.positions, 0);
    }
    this.bytes.set(this.scratch.subarray(0, length), this.used);
    this.starts[this.count] = this.used;
    this.lengths[this.count] = length;
    this.positions[this.count] = position;
    this.used += length;
    this.count++;
    this.slots[slot] = this.count;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = hashBytes(this.bytes, this.starts[entry]!, this.lengths[entry]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}
