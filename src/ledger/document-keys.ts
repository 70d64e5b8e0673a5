/**
 * (customer id, document number) pairs → a small integer each (0, 1, 2… in order of
 * arrival), held in typed arrays whose characters are kept and compared, so a look-up is
 * exact. A Map per customer of strings cost about 100 bytes a document, this about 50 (at
 * 3M documents the run's live heap went from 396 to 197 MB).
 *
 * Most exports list a customer's documents together, in the order they were numbered (an
 * aging report, a customer ledger, the bench's exports). While a customer's entries come
 * one after another, those whose numbers rise form its *run*: a number above the run's
 * last is new without a look-up, and a number within the run is found by halving it.
 * Every other entry goes into an open-addressing hash table, and so does a run of fewer
 * than MIN_RUN entries once the customer's stretch ends (an export in any other order is
 * then as fast as with a table alone). At 3M documents a hash-table entry cost about
 * 0.7 µs (a cache miss each, and rebuilds as the table grew); an entry that extends a run,
 * one comparison with the run's last number.
 */
import { grown, GROWTH, reserved, roomFor } from "../util/typed-arrays.js";

/** Runs shorter than this go into the hash table once their customer's stretch ends. */
const MIN_RUN = 8;

const OWNER_FIELDS = 4;
const STRETCH_END = 0;
const RUN_FROM = 1;
const RUN_TO = 2;
const LAST_FOUND = 3;

export class DocumentKeys {
  private readonly customers: string[] = [];
  /**
   * customer id → owner number, made at the first look-up by id (find, ownerOf): a caller
   * that keeps its customers' numbers (the assembler) gives them by ownerOfNew, without one
   * (at L, 100k ids looked up and set once each: ownerOf was 68 ms of a profile's reading)
   */
  private customerNumbers: Map<string, number> | null = null;
  /**
   * per owner: 1 once it has neither a run nor a stretch going on (most owners, in an
   * export in date order): looked up in the table without reading its state (a cache
   * miss saved a document)
   */
  private untracked = new Uint8Array(256);
  /**
   * Per customer (owner), OWNER_FIELDS numbers side by side (one cache line, not four):
   * - STRETCH_END: the end of its first stretch of entries, all its own (it goes on while this is `size`), -1 before its first entry;
   * - RUN_FROM, RUN_TO: its run, the entries at [from, to) of `runEntries` (their keys rise), none when empty;
   * - LAST_FOUND: where in `runEntries` the entry last found in its run is (the next look-up is likely the one after).
   */
  private ownerState = new Int32Array(256 * OWNER_FIELDS);
  /** the runs' entries, run after run (a run ends before the next one starts) */
  private runEntries = new Int32Array(512);
  private runEntriesCount = 0;
  /**
   * hash table over the entries outside runs, 0 when free, else the position in `tabled`
   * + 1 in the low `shift` bits (the table has 2^shift slots, twice its entries at least)
   * and above them the hash's bits beyond the slot's: a probe passes most other entries on
   * those, without reading the entry's owner and characters (a cache miss each)
   */
  private slots = new Int32Array(1024);
  /** the entries in the hash table, in the order they were put there */
  private tabled = new Int32Array(512);
  private tabledCount = 0;
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
    this.runEntries = reserved(this.runEntries, entries); // at most one a pair (grown by copies: 16 ms of a profile at L)
  }

  /** The entry of the pair, or -1. */
  find(customerId: string, key: string): number {
    const owner = this.numbers().get(customerId);
    if (owner === undefined) return -1;
    const inRun = this.untracked[owner] === 0 ? this.inRun(owner, key) : -1;
    return inRun !== -1 ? inRun : this.inTable(owner, key, hashOf(owner, key));
  }

  /** The entry of the pair: the existing one, or a new one (then equal to `size` before the call). */
  add(customerId: string, key: string): number {
    return this.addFor(this.ownerOf(customerId), key);
  }

  /**
   * The number of that customer among the owners of the pairs, added when new: a caller
   * that keeps it (the assembler, a customer's record) adds pairs by it (addFor) without a
   * look-up of the id.
   */
  ownerOf(customerId: string): number {
    const numbers = this.numbers();
    let owner = numbers.get(customerId);
    if (owner === undefined) {
      owner = this.newOwner(customerId);
      numbers.set(customerId, owner);
    }
    return owner;
  }

  /**
   * ownerOf, for a caller asking once for each customer, with a number of its own (the
   * assembler's record of a customer keeps its owner number): no look-up of the id, as long
   * as no other look-up by id made the table of ids.
   */
  ownerOfNew(customerId: string): number {
    return this.customerNumbers !== null ? this.ownerOf(customerId) : this.newOwner(customerId);
  }

  /** the table of ids, made from the owners when first needed */
  private numbers(): Map<string, number> {
    return (this.customerNumbers ??= new Map(this.customers.map((id, owner) => [id, owner])));
  }

  private newOwner(customerId: string): number {
    const owner = this.customers.push(customerId) - 1;
    const o = owner * OWNER_FIELDS;
    this.ownerState = roomFor(this.ownerState, o + OWNER_FIELDS - 1);
    this.ownerState[o + STRETCH_END] = -1;
    this.untracked = roomFor(this.untracked, owner);
    return owner;
  }

  /** `add` for the customer of that owner number (from ownerOf). */
  addFor(owner: number, key: string): number {
    if (this.untracked[owner] === 0) {
      const o = owner * OWNER_FIELDS;
      const stretchEnd = this.ownerState[o + STRETCH_END]!;
      if (stretchEnd === -1) return this.firstEntry(owner, key);
      const runTo = this.ownerState[o + RUN_TO]!;
      const runLength = runTo - this.ownerState[o + RUN_FROM]!;
      if (stretchEnd === this.size) {
        if (runLength > 0) {
          // the owner's stretch goes on: a number above its run's last is new and extends the run
          const last = this.runEntries[runTo - 1]!;
          const order = this.compare(key, last);
          if (order === 0) return last;
          if (order > 0) {
            const entry = this.append(owner, key);
            this.ownerState[o + STRETCH_END] = entry + 1;
            this.pushRunEntry(entry);
            this.ownerState[o + RUN_TO] = runTo + 1;
            return entry;
          }
        }
      } else if (runLength < MIN_RUN) {
        // the stretch has ended and the run is short: into the table, and the owner no longer tracked
        this.dissolveRun(owner);
        this.untracked[owner] = 1;
      }
      if (this.untracked[owner] === 0) {
        const inRun = this.inRun(owner, key);
        if (inRun !== -1) return inRun;
      }
    }
    const hash = hashOf(owner, key);
    const inTable = this.inTable(owner, key, hash);
    if (inTable !== -1) return inTable;
    const entry = this.append(owner, key);
    const stretchEnd = owner * OWNER_FIELDS + STRETCH_END;
    if (this.untracked[owner] === 0 && this.ownerState[stretchEnd] === entry) this.ownerState[stretchEnd] = entry + 1;
    this.insert(hash, entry);
    return entry;
  }

  /** How many entries are in the hash table, not in runs (what the speed of a large export depends on). */
  get tabledSize(): number {
    return this.tabledCount;
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

  /** The owner's first entry: it starts its stretch and its run. */
  private firstEntry(owner: number, key: string): number {
    const o = owner * OWNER_FIELDS;
    const entry = this.append(owner, key);
    this.ownerState[o + STRETCH_END] = entry + 1;
    const at = this.pushRunEntry(entry);
    this.ownerState[o + RUN_FROM] = at;
    this.ownerState[o + RUN_TO] = at + 1;
    this.ownerState[o + LAST_FOUND] = at;
    return entry;
  }

  /** Appends the entry to `runEntries`; its place there. */
  private pushRunEntry(entry: number): number {
    const at = this.runEntriesCount++;
    this.runEntries = roomFor(this.runEntries, at);
    this.runEntries[at] = entry;
    return at;
  }

  /** A short run whose stretch has ended goes into the hash table, where look-ups cost no more. */
  private dissolveRun(owner: number): void {
    const o = owner * OWNER_FIELDS;
    const from = this.ownerState[o + RUN_FROM]!;
    const to = this.ownerState[o + RUN_TO]!;
    for (let at = from; at < to; at++) this.insert(this.storedHash(this.runEntries[at]!), this.runEntries[at]!);
    this.ownerState[o + RUN_TO] = from;
    if (to === this.runEntriesCount) this.runEntriesCount = from; // the last run: its room is reused
  }

  /** The owner's entry of that key in its run (halving it, the one after the last found tried first), or -1. */
  private inRun(owner: number, key: string): number {
    const o = owner * OWNER_FIELDS;
    const from = this.ownerState[o + RUN_FROM]!;
    const to = this.ownerState[o + RUN_TO]!;
    if (to === from) return -1;
    const next = this.ownerState[o + LAST_FOUND]! + 1;
    if (next < to && this.compare(key, this.runEntries[next]!) === 0) {
      this.ownerState[o + LAST_FOUND] = next;
      return this.runEntries[next]!;
    }
    let low = from;
    let high = to - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = this.compare(key, this.runEntries[mid]!);
      if (order === 0) {
        this.ownerState[o + LAST_FOUND] = mid;
        return this.runEntries[mid]!;
      }
      if (order > 0) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The owner's entry of that key in the hash table, or -1. */
  private inTable(owner: number, key: string, hash: number): number {
    const mask = this.slots.length - 1;
    const tag = hash >>> this.shift;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      if (slot >>> this.shift !== tag) continue;
      const entry = this.tabled[(slot & mask) - 1]!;
      if (this.owners[entry] === owner && this.compare(key, entry) === 0) return entry;
    }
  }

  /** A new entry of the owner, its characters stored. */
  private append(owner: number, key: string): number {
    const entry = this.size++;
    if (entry === this.owners.length) this.growEntries();
    this.store(key);
    this.owners[entry] = owner;
    this.starts[entry] = this.used;
    this.used += key.length;
    return entry;
  }

  /** Puts an entry known to be absent into the hash table. */
  private insert(hash: number, entry: number): void {
    const at = this.tabledCount++;
    this.tabled = roomFor(this.tabled, at);
    this.tabled[at] = entry;
    if (this.tabledCount * 2 > this.slots.length) this.rehash(at); // the new entry is placed below
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = this.slotOf(hash, at);
  }

  /** The order of `key` and the entry's key, by character codes: negative, 0 or positive. */
  private compare(key: string, entry: number): number {
    const start = this.starts[entry]!;
    const length = this.end(entry) - start;
    const chars = this.chars;
    const n = Math.min(length, key.length);
    for (let c = 0; c < n; c++) {
      const d = key.charCodeAt(c) - chars[start + c]!;
      if (d !== 0) return d;
    }
    return key.length - length;
  }

  private storedHash(entry: number): number {
    return hashOfChars(this.owners[entry]!, this.chars, this.starts[entry]!, this.end(entry));
  }

  private end(entry: number): number {
    return entry + 1 < this.size ? this.starts[entry + 1]! : this.used;
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

  /** A slot's content: the position in `tabled` + 1, and the hash's bits beyond the slot's above it. */
  private slotOf(hash: number, at: number): number {
    return ((hash >>> this.shift) << this.shift) | (at + 1);
  }

  /** the table at twice as many slots, with the first `placed` entries of `tabled` in it */
  private rehash(placed: number): void {
    const slots = new Int32Array(this.slots.length * 2);
    this.slots = slots; // first: a slot's content depends on the table's size
    const mask = slots.length - 1;
    for (let at = 0; at < placed; at++) {
      const hash = this.storedHash(this.tabled[at]!);
      let i = hash & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = this.slotOf(hash, at);
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
