/**
 * (customer id, document number) pairs → a small integer each (0, 1, 2… in order of
 * arrival), held in typed arrays: an open-addressing hash table over the pairs, whose
 * characters are kept and compared, so a look-up is exact. A Map per customer of strings
 * cost about 100 bytes a document, this about 50 (at 3M documents the run's live heap went
 * from 396 to 197 MB, the arrays themselves taking about 150 MB). An entry's hash is not
 * kept apart (4 bytes an entry): its bits above the slot's share the slot with the entry,
 * which lets a probe pass other entries without reading them, and the table's rare
 * rebuilds hash the stored characters again.
 */
import { grown, GROWTH, reserved } from "../util/typed-arrays.js";

export class DocumentKeys {
  private readonly customers: string[] = [];
  private readonly customerNumbers = new Map<string, number>();
  /**
   * hash table, 0 when free, else the entry + 1 in the low `shift` bits (the table has
   * 2^shift slots, twice the entries at least) and above them the hash's bits beyond the
   * slot's: a probe passes most other entries on those, without reading the entry's owner
   * and characters (at 3M documents, a cache miss each)
   */
  private slots = new Int32Array(1024);
  private owners = new Int32Array(512);
  /** where each entry's characters start in `chars` (they end where the next entry's start) */
  private starts = new Int32Array(512);
  /** one byte a character while every key is Latin-1 (invoice numbers are), else two */
  private chars: Uint8Array | Uint16Array = new Uint8Array(4096);
  private wide = false;
  private used = 0; // of `chars`
  /** the entries expected in all (reserve), for the room given to `chars` */
  private expected = 0;
  size = 0;

  /**
   * Room for `entries` entries in all, from an estimate (more still fit): reserved once
   * instead of grown by copies, which at 3M documents left about 100 MB of old copies
   * waiting for the garbage collector. Only the arrays written in order are reserved: room
   * there costs nothing until used. The hash table still doubles as entries come, since
   * its entries land anywhere: a table sized for an estimate too high would have all of
   * its pages touched by far fewer entries.
   */
  reserve(entries: number): void {
    this.expected = Math.max(this.expected, entries);
    this.owners = reserved(this.owners, entries);
    this.starts = reserved(this.starts, entries);
  }

  /** The entry of the pair, or -1. */
  find(customerId: string, key: string): number {
    const owner = this.customerNumbers.get(customerId);
    if (owner === undefined) return -1;
    const hash = hashOf(owner, key);
    const mask = this.slots.length - 1;
    const tag = hash >>> this.shift;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      if (slot >>> this.shift !== tag) continue;
      const entry = (slot & mask) - 1;
      if (this.owners[entry] === owner && this.keyIs(entry, key)) return entry;
    }
  }

  /** The entry of the pair: the existing one, or a new one (then equal to `size` before the call). */
  add(customerId: string, key: string): number {
    let owner = this.customerNumbers.get(customerId);
    if (owner === undefined) {
      owner = this.customers.push(customerId) - 1;
      this.customerNumbers.set(customerId, owner);
    }
    const hash = hashOf(owner, key);
    let mask = this.slots.length - 1;
    const tag = hash >>> this.shift;
    let i = hash & mask;
    for (; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      if (slot >>> this.shift !== tag) continue;
      const entry = (slot & mask) - 1;
      if (this.owners[entry] === owner && this.keyIs(entry, key)) return entry;
    }
    const entry = this.size++;
    if (entry === this.owners.length) this.growEntries();
    this.store(key);
    this.owners[entry] = owner;
    this.starts[entry] = this.used;
    this.used += key.length;
    if (this.size * 2 > this.slots.length) {
      this.rehash(entry); // the new entry is placed below
      mask = this.slots.length - 1;
      for (i = hash & mask; this.slots[i] !== 0; i = (i + 1) & mask);
    }
    this.slots[i] = this.slotOf(hash, entry);
    return entry;
  }

  customerOf(entry: number): string {
    return this.customers[this.owners[entry]!]!;
  }

  keyOf(entry: number): string {
    const start = this.starts[entry]!;
    const chars = this.chars;
    if (chars instanceof Uint8Array) return Buffer.from(chars.buffer, chars.byteOffset + start, this.end(entry) - start).toString("latin1");
    const end = this.end(entry);
    let key = "";
    for (let i = start; i < end; i += 4096) key += String.fromCharCode(...chars.subarray(i, Math.min(end, i + 4096))); // as arguments: a few at a time
    return key;
  }

  private storedHash(entry: number): number {
    return hashOfChars(this.owners[entry]!, this.chars, this.starts[entry]!, this.end(entry));
  }

  private end(entry: number): number {
    return entry + 1 < this.size ? this.starts[entry + 1]! : this.used;
  }

  private keyIs(entry: number, key: string): boolean {
    const start = this.starts[entry]!;
    if (this.end(entry) - start !== key.length) return false;
    for (let c = 0; c < key.length; c++) if (this.chars[start + c] !== key.charCodeAt(c)) return false;
    return true;
  }

  /** Appends the key's characters at `used`. */
  private store(key: string): void {
    const need = this.used + key.length;
    if (need > this.chars.length) this.chars = grown(this.chars, Math.max(Math.ceil(this.chars.length * GROWTH), need, this.expectedChars()));
    const chars = this.chars;
    for (let c = 0; c < key.length; c++) {
      const code = key.charCodeAt(c);
      if (code > 0xff && !this.wide) {
        const wider = new Uint16Array(chars.length);
        wider.set(chars);
        this.chars = wider;
        this.wide = true;
        return this.store(key);
      }
      chars[this.used + c] = code;
    }
  }

  /** the characters the expected entries will take, at the mean length so far (and a tenth more) */
  private expectedChars(): number {
    return this.size > 0 && this.expected > this.size ? Math.ceil((this.used / this.size) * this.expected * 1.1) : 0;
  }

  private growEntries(): void {
    const n = Math.ceil(this.owners.length * GROWTH);
    this.owners = grown(this.owners, n);
    this.starts = grown(this.starts, n);
  }

  /** log2 of the table's slots: the bits of a slot's index */
  private get shift(): number {
    return 31 - Math.clz32(this.slots.length);
  }

  /** A slot's content: the entry + 1, and the hash's bits beyond the slot's above it. */
  private slotOf(hash: number, entry: number): number {
    return ((hash >>> this.shift) << this.shift) | (entry + 1);
  }

  /** the table at twice as many slots, with the first `placed` entries in it */
  private rehash(placed: number): void {
    const slots = new Int32Array(this.slots.length * 2);
    this.slots = slots; // first: a slot's content depends on the table's size
    const mask = slots.length - 1;
    for (let entry = 0; entry < placed; entry++) {
      const hash = this.storedHash(entry);
      let i = hash & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = this.slotOf(hash, entry);
    }
  }
}

function hashOf(owner: number, key: string): number {
  let h = Math.imul(owner ^ 0x9e3779b9, 0x85ebca6b);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return finish(h);
}

/** hashOf over characters held in `chars` (the same value for the same owner and key). */
function hashOfChars(owner: number, chars: Uint8Array | Uint16Array, start: number, end: number): number {
  let h = Math.imul(owner ^ 0x9e3779b9, 0x85ebca6b);
  for (let i = start; i < end; i++) h = Math.imul(h ^ chars[i]!, 0x01000193);
  return finish(h);
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return (h ^ (h >>> 15)) & 0x7fffffff;
}
