/**
 * Checks an .xlsx (a zip archive) before exceljs inflates it, so a hostile or damaged file
 * is refused with a clear message in bounded time and memory instead of exhausting them:
 *
 * - the central directory must be found and read (a truncated download has none);
 * - the declared uncompressed sizes must add up to at most MAX_INFLATED_BYTES;
 * - each deflated entry is inflated once as a stream, counting bytes and keeping none,
 *   and must give exactly its declared size: an entry that inflates beyond it (a zip bomb
 *   that lies about its size) is stopped as soon as it does, whatever it declared.
 *
 * exceljs (JSZip) would otherwise inflate every entry whole into memory, and only compare
 * sizes afterwards. ZIP64 sizes are read from their extra field.
 */
import { createInflateRaw } from "node:zlib";

/** Whole workbook, inflated. exceljs holds each part as one string, which V8 caps near 512 MiB. */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;
/** More parts than any spreadsheet has: a sheet, its relations, styles, strings, media. */
export const MAX_ENTRIES = 10_000;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  /** offset of the local file header */
  localOffset: number;
  /** offset of the entry in the central directory */
  centralOffset: number;
}

/** Why an archive is refused; `bomb` when it would inflate to more than the limits allow. */
export class ZipProblem extends Error {
  constructor(
    message: string,
    readonly bomb: boolean = false,
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

function u64(b: Buffer, at: number): number {
  const value = b.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipProblem("a size in the zip directory is out of range");
  return Number(value);
}

function need(b: Buffer, at: number, length: number, what: string): void {
  if (at < 0 || at + length > b.length) throw new ZipProblem(`the zip archive is truncated or damaged (${what} is missing)`);
}

/** The entries of the central directory, or a ZipProblem. */
export function listZipEntries(b: Buffer): ZipEntry[] {
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new ZipProblem("the zip archive is truncated or damaged (no central directory: an incomplete download or copy?)");
  let count = b.readUInt16LE(eocd + 10);
  let offset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === U32_MAX) {
    const locator = eocd - 20;
    need(b, locator, 20, "the ZIP64 locator");
    if (b.readUInt32LE(locator) !== EOCD64_LOCATOR) throw new ZipProblem("the zip archive is damaged (ZIP64 directory not found)");
    const at = u64(b, locator + 8);
    need(b, at, 56, "the ZIP64 directory");
    if (b.readUInt32LE(at) !== EOCD64) throw new ZipProblem("the zip archive is damaged (ZIP64 directory not found)");
    count = u64(b, at + 32);
    offset = u64(b, at + 48);
  }
  if (count > MAX_ENTRIES) throw new ZipProblem(`the archive holds ${count} parts, more than a workbook has (at most ${MAX_ENTRIES} are read)`, true);

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    need(b, at, 46, "a central directory entry");
    if (b.readUInt32LE(at) !== CENTRAL) throw new ZipProblem("the zip archive is damaged (bad central directory entry)");
    const flags = b.readUInt16LE(at + 8);
    const method = b.readUInt16LE(at + 10);
    let compressedSize = b.readUInt32LE(at + 20);
    let uncompressedSize = b.readUInt32LE(at + 24);
    const nameLength = b.readUInt16LE(at + 28);
    const extraLength = b.readUInt16LE(at + 30);
    const commentLength = b.readUInt16LE(at + 32);
    let localOffset = b.readUInt32LE(at + 42);
    need(b, at + 46, nameLength + extraLength, "a part name");
    const name = b.toString("utf8", at + 46, at + 46 + nameLength);
    // ZIP64: the sizes and offset stored as 0xFFFFFFFF are in the extra field, in this order.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = b.readUInt16LE(e);
      const size = b.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let p = e + 4;
        const read = (): number => {
          need(b, p, 8, "a ZIP64 size");
          const v = u64(b, p);
          p += 8;
          return v;
        };
        if (uncompressedSize === U32_MAX) uncompressedSize = read();
        if (compressedSize === U32_MAX) compressedSize = read();
        if (localOffset === U32_MAX) localOffset = read();
      }
      e += 4 + size;
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localOffset, centralOffset: at });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry, located through its local header. */
export function entryData(b: Buffer, entry: ZipEntry): Buffer {
  need(b, entry.localOffset, 30, `the local header of ${entry.name}`);
  if (b.readUInt32LE(entry.localOffset) !== LOCAL) throw new ZipProblem(`the zip archive is damaged (bad local header for ${entry.name})`);
  const start = entry.localOffset + 30 + b.readUInt16LE(entry.localOffset + 26) + b.readUInt16LE(entry.localOffset + 28);
  need(b, start, entry.compressedSize, `the data of ${entry.name}`);
  return b.subarray(start, start + entry.compressedSize);
}

/** Inflates a raw deflate stream, counting the output and stopping past `limit`; returns the count. */
function inflatedLength(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let total = 0;
    let done = false;
    const finish = (error: Error | null) => {
      if (done) return;
      done = true;
      if (error) reject(error);
      else resolve(total);
    };
    inflate.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        inflate.destroy();
        finish(null);
      }
    });
    inflate.on("end", () => finish(null));
    inflate.on("error", (error) => finish(new ZipProblem(`the zip archive is damaged (${error.message})`)));
    inflate.end(data);
  });
}

/**
 * Refuses (ZipProblem) an archive that is damaged, or that would inflate to more than
 * `maxInflated` bytes in all, or whose entries inflate to more than they declare.
 */
export async function checkZip(b: Buffer, maxInflated = MAX_INFLATED_BYTES): Promise<void> {
  await checkEntries(b, listZipEntries(b), maxInflated);
}

/** checkZip for some of the archive's entries: the ones a reader will inflate. */
export async function checkEntries(b: Buffer, entries: readonly ZipEntry[], maxInflated: number): Promise<void> {
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const mb = (n: number) => `${Math.round(n / (1024 * 1024)).toLocaleString("en-US")} MB`;
  if (declared > maxInflated) {
    throw new ZipProblem(`it would unpack to ${mb(declared)}, more than the ${mb(maxInflated)} a workbook may take (a zip bomb, or a workbook too large to read: export it as CSV)`, true);
  }
  for (const entry of entries) {
    if (entry.flags & 0x1) throw new ZipProblem(`the part ${entry.name} is encrypted`);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize) throw new ZipProblem(`the zip archive is damaged (stored part ${entry.name} has inconsistent sizes)`);
      entryData(b, entry);
      continue;
    }
    if (entry.method !== 8) continue; // exceljs refuses other methods without inflating anything
    const length = await inflatedLength(entryData(b, entry), entry.uncompressedSize);
    if (length > entry.uncompressedSize) {
      throw new ZipProblem(`the part ${entry.name} unpacks to more than the ${entry.uncompressedSize.toLocaleString("en-US")} bytes it declares (a zip bomb?)`, true);
    }
    if (length < entry.uncompressedSize) throw new ZipProblem(`the zip archive is damaged (part ${entry.name} is shorter than it declares)`);
  }
}

/**
 * The archive's bytes of each entry as stored (local header, data and data descriptor, up
 * to the next entry), in the order given, then the central directory: a zip that a
 * streaming unzipper reads in that order, holding only those entries.
 */
export function reorderedEntries(b: Buffer, all: readonly ZipEntry[], order: readonly ZipEntry[]): Buffer[] {
  const directory = all.reduce((min, e) => Math.min(min, e.centralOffset), b.length);
  const starts = [...new Set(all.map((e) => e.localOffset))].sort((x, y) => x - y);
  return [
    ...order.map((entry) => {
      entryData(b, entry); // the local header is where the directory says
      const next = starts.find((s) => s > entry.localOffset) ?? directory;
      if (next > directory) throw new ZipProblem(`the zip archive is damaged (part ${entry.name} overlaps the central directory)`);
      return b.subarray(entry.localOffset, next);
    }),
    b.subarray(directory),
  ];
}
