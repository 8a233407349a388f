// Strings, each with the position it was first seen at, packed into typed arrays. An import keeps
// every key of the file until its last row (a key seen twice is an error naming the first line):
// at 1,000,000 products a Map of strings held ~80 MB of V8 heap (a string object and a map entry
// per key), and a larger live heap lets V8 grow it further before each collection. Here each key
// costs its UTF-8 bytes plus ~20 bytes of table, outside the V8 heap.
//
// Keys and entries are stored in pages that are added, never copied: a table grown by doubling
// leaves its old copy behind until V8's next full collection (it is old by then), ~24 MB of dead
// buffers at 1,000,000 keys on top of the ~28 MB kept. Only the slot table is still doubled.

const encoder = new TextEncoder();

/** Bytes of keys per page (a longer key gets a page of its own); a power of two. */
const BYTES_PAGE_BITS = 18;
const BYTES_PAGE = 1 << BYTES_PAGE_BITS;
const BYTE_MASK = BYTES_PAGE - 1;
/** Entries per page of starts, lengths and positions. */
const ENTRIES_PAGE_BITS = 16;
const ENTRIES_PAGE = 1 << ENTRIES_PAGE_BITS;
const ENTRY_MASK = ENTRIES_PAGE - 1;

/** Entry `entry` of a table stored in pages (starts, lengths or positions). */
function entryAt(table: readonly Uint32Array[], entry: number): number {
  return table[entry >>> ENTRIES_PAGE_BITS]![entry & ENTRY_MASK]!;
}

/** FNV-1a over `length` bytes of `bytes` from `start`. */
function hashBytes(bytes: Uint8Array, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

export class KeyPositions {
  /** Every key's UTF-8 bytes, one after the other within a page. */
  private readonly bytePages: Uint8Array[] = [];
  /** Where the next key goes in the last page. */
  private used = 0;
  /**
   * Per entry: where its bytes start (page × BYTES_PAGE + offset: 16,384 pages, 4 GB of keys), how
   * many there are, its position.
   */
  private readonly starts: Uint32Array[] = [];
  private readonly lengths: Uint32Array[] = [];
  private readonly positions: Uint32Array[] = [];
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
      if (this.equals(entry - 1, length)) return entryAt(this.positions, entry - 1);
      slot = (slot + 1) & mask;
    }
    this.add(slot, length, position);
    return undefined;
  }

  private equals(entry: number, length: number): boolean {
    if (entryAt(this.lengths, entry) !== length) return false;
    const start = entryAt(this.starts, entry);
    const bytes = this.bytePages[start >>> BYTES_PAGE_BITS]!;
    const offset = start & BYTE_MASK;
    for (let i = 0; i < length; i++) if (bytes[offset + i] !== this.scratch[i]) return false;
    return true;
  }

  private add(slot: number, length: number, position: number): void {
    if (this.bytePages.length === 0 || this.used + length > BYTES_PAGE) {
      this.bytePages.push(new Uint8Array(Math.max(BYTES_PAGE, length)));
      this.used = 0;
    }
    const bytes = this.bytePages[this.bytePages.length - 1]!;
    for (let i = 0; i < length; i++) bytes[this.used + i] = this.scratch[i]!;
    const page = this.count >>> ENTRIES_PAGE_BITS;
    const index = this.count & ENTRY_MASK;
    if (index === 0) {
      this.starts.push(new Uint32Array(ENTRIES_PAGE));
      this.lengths.push(new Uint32Array(ENTRIES_PAGE));
      this.positions.push(new Uint32Array(ENTRIES_PAGE));
    }
    this.starts[page]![index] = (this.bytePages.length - 1) * BYTES_PAGE + this.used;
    this.lengths[page]![index] = length;
    this.positions[page]![index] = position;
    this.used += length;
    this.count++;
    this.slots[slot] = this.count;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      const start = entryAt(this.starts, entry);
      let slot = hashBytes(this.bytePages[start >>> BYTES_PAGE_BITS]!, start & BYTE_MASK, entryAt(this.lengths, entry)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}
