/**
 * Builders for the bad and hostile inputs that are not committed (binary, large or derived
 * from a real workbook), and an in-process runner of the CLI for the table-driven catalogue.
 *
 * - `runInProcess`: `main()` of src/cli/main.ts with a captured Io: the same error boundary
 *   and exit codes as `bin/relance.js`, without a Node start-up per case (the catalogue has
 *   dozens of cases; the spawned binary is checked on a sample in bad-inputs.test.ts).
 * - `writeZip` / `rezip`: a minimal zip writer, to put a bomb, an external link or a DTD
 *   into an otherwise valid workbook written by exceljs.
 * - `deflateBomb`: a raw deflate stream of N MiB of zeros built from one repeated
 *   sync-flushed block, so a 1 GiB bomb costs a few milliseconds and ~1 MB to make.
 * - `sparseFile`: a file of any size that takes no disk space (where the file system allows).
 */
import { closeSync, ftruncateSync, openSync, statSync, writeSync } from "node:fs";
import { constants as zlibConstants, deflateRawSync, inflateRawSync } from "node:zlib";
import { Chalk } from "chalk";
import ExcelJS from "exceljs";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { entryData, listZipEntries } from "../../src/ingest/zip-guard.js";

// ------------------------------------------------------------------ the CLI in process

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `relance ARGS` through main() (paths relative to the test process's cwd, the repository root). */
export async function runInProcess(args: string[]): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    colour: new Chalk({ level: 0 }),
    quiet: false,
    verbose: false,
    outIsTty: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

// ------------------------------------------------------------------ zip

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipPart {
  name: string;
  /** uncompressed content, deflated here; or `deflated` given as is */
  data?: Buffer;
  deflated?: Buffer;
  /** what the directory declares (default: the true size) */
  declaredSize?: number;
  crc?: number;
}

/** A zip archive of deflated parts, declaring what each part says it declares. */
export function writeZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8");
    const body = p.deflated ?? deflateRawSync(p.data ?? Buffer.alloc(0));
    const size = p.declaredSize ?? p.data?.length ?? 0;
    const crc = p.crc ?? (p.data ? crc32(p.data) : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts of a zip, inflated. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  for (const e of listZipEntries(zip)) {
    const raw = entryData(zip, e);
    parts.set(e.name, e.method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
  }
  return parts;
}

/** A workbook's parts, changed by `edit`, zipped again. */
export function rezip(xlsx: Buffer, edit: (parts: ZipPart[]) => ZipPart[]): Buffer {
  const parts = [...unzip(xlsx)].map(([name, data]) => ({ name, data }));
  return writeZip(edit(parts));
}

/** A raw deflate stream inflating to `mib` MiB of zeros, made from one repeated block. */
export function deflateBomb(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const end = deflateRawSync(Buffer.alloc(0)); // a final empty block
  return Buffer.concat([...Array.from({ length: mib }, () => block), end]);
}

// ------------------------------------------------------------------ workbooks

export type SheetRow = (string | number | Date | null | { formula: string; result?: number | string })[];

/** An .xlsx with one sheet "Factures" holding these rows, as exceljs writes it. */
export async function workbook(rows: SheetRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2026, 9, 31));
  const ws = wb.addWorksheet("Factures");
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const INVOICE_HEADER = ["Customer ID", "InvoiceNumber", "InvoiceDate", "DueDate", "Amount"];

// ------------------------------------------------------------------ files

/**
 * Creates `path` with `head` at its start and `size` bytes in all, without writing the rest:
 * the file system keeps it sparse. Returns false when it is not sparse here (the space was
 * really taken), after removing it, so the caller can skip with that reason.
 */
export function sparseFile(path: string, head: string, size: number): boolean {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, head);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
  const s = statSync(path);
  return s.size === size && s.blocks * 512 < 64 * 1024 * 1024;
}

/** Deterministic pseudo-random bytes (mulberry32), for "binary" inputs that stay the same between runs. */
export function noise(length: number, seed = 20261031): Buffer {
  const out = Buffer.alloc(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}
