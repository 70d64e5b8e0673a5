/**
 * Bytes → text: BOM first, then strict UTF-8, else the Windows code page a French, Belgian,
 * Dutch or German Excel writes (Windows-1252; ISO-8859-15 for a FEC, as the law names it).
 * A UTF-16 file without BOM is recognised by its zero bytes; other binary content is refused.
 */
import iconv from "iconv-lite";
import { DataError, UsageError } from "../errors.js";

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252" | "iso-8859-15";

export const ENCODINGS: readonly Encoding[] = ["utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-15"];

export interface Decoded {
  text: string;
  encoding: Encoding;
  /** Why this encoding: "BOM", "valid UTF-8", "given in the mapping file"… */
  reason: string;
}

/** Normalises user spellings (`UTF8`, `cp1252`, `latin9`) to an Encoding, or null. */
export function encodingFromName(name: string): Encoding | null {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  const table: Record<string, Encoding> = {
    utf8: "utf-8", utf8bom: "utf-8", utf16: "utf-16le", utf16le: "utf-16le", utf16be: "utf-16be", unicode: "utf-16le",
    windows1252: "windows-1252", cp1252: "windows-1252", ansi: "windows-1252", win1252: "windows-1252",
    iso88591: "windows-1252", latin1: "windows-1252",
    iso885915: "iso-8859-15", latin9: "iso-8859-15",
  };
  return Object.hasOwn(table, n) ? table[n]! : null; // not `table[n]`: "constructor" is no encoding
}

const FEC_MARKERS = /JournalCode|EcritureNum|CompteNum/;

/** Decodes a whole file's bytes. `forced` comes from the mapping file. */
export function decode(bytes: Buffer, file: string, forced?: Encoding): Decoded {
  if (bytes.length === 0) {
    throw new DataError(`${file}: the file is empty.`, { file }, "Export the data again from the accounting package.");
  }
  if (forced) return { text: stripBom(iconv.decode(bytes, forced)), encoding: forced, reason: "given in the mapping file" };

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictUtf8(bytes.subarray(3), file, "a UTF-8 byte order mark"), encoding: "utf-8", reason: "UTF-8 byte order mark" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: iconv.decode(bytes.subarray(2), "utf-16le"), encoding: "utf-16le", reason: "UTF-16LE byte order mark" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: iconv.decode(bytes.subarray(2), "utf-16be"), encoding: "utf-16be", reason: "UTF-16BE byte order mark" };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: iconv.decode(bytes, utf16), encoding: utf16, reason: "UTF-16 without byte order mark (zero bytes)" };
  refuseBinary(bytes, file);

  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: "utf-8", reason: "valid UTF-8" };
  const headLatin = bytes.subarray(0, 512).toString("latin1");
  if (FEC_MARKERS.test(headLatin)) {
    return { text: iconv.decode(bytes, "iso-8859-15"), encoding: "iso-8859-15", reason: "not UTF-8; FEC header, so ISO-8859-15 (the legal FEC charset)" };
  }
  return { text: iconv.decode(bytes, "windows-1252"), encoding: "windows-1252", reason: "not UTF-8, so Windows-1252 (Excel's ANSI CSV)" };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function strictUtf8(bytes: Uint8Array, file: string, why: string): string {
  const text = tryUtf8(bytes);
  if (text !== null) return text;
  const line = firstInvalidUtf8Line(bytes);
  throw new DataError(
    `${file}:${line}: the file starts with ${why} but line ${line} contains bytes that are not UTF-8.`,
    { file, line },
    "Re-export the file as \"CSV UTF-8\", or set `encoding:` in the mapping file.",
  );
}

/** 1-based line of the first byte sequence that is not UTF-8. */
function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const loose = new TextDecoder("utf-8").decode(bytes);
  const at = loose.indexOf("\uFFFD");
  let line = 1;
  for (let i = loose.indexOf("\n"); i !== -1 && i < at; i = loose.indexOf("\n", i + 1)) line++;
  return line;
}

/** Text in UTF-16 without BOM has a zero byte in every other position for Latin text. */
function sniffUtf16(bytes: Uint8Array): Encoding | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.7 && evenZeros < pairs * 0.1) return "utf-16le";
  if (evenZeros > pairs * 0.7 && oddZeros < pairs * 0.1) return "utf-16be";
  return null;
}

/** Zero bytes or many control characters: a spreadsheet, archive or image, not a text export. */
function refuseBinary(bytes: Uint8Array, file: string): void {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) control += 10;
    else if (b < 9 || (b > 13 && b < 32 && b !== 26)) control++;
  }
  if (control > n * 0.02 + 1) {
    const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
    const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf;
    const what = zip ? "a zip archive (an .xlsx workbook?)" : ole ? "an old Excel .xls workbook" : "binary data";
    throw new DataError(
      `${file}: this is ${what}, not a text export.`,
      { file },
      zip ? "Give the file an .xlsx extension, or export it as CSV." : "Export the data as CSV or .xlsx from the accounting package.",
    );
  }
}

/** A usage error for an encoding name the mapping file gives but we do not know. */
export function unknownEncoding(name: string, file: string): UsageError {
  return new UsageError(`${file}: unknown encoding "${name}".`, { file }, `Use one of: ${ENCODINGS.join(", ")}.`);
}
