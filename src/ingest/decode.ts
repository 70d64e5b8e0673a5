/**
 * Bytes → text: BOM first, then strict UTF-8, else the Windows code page a French, Belgian,
 * Dutch or German Excel writes (Windows-1252; ISO-8859-15 for a FEC, as the law names it).
 * A UTF-16 file without BOM is recognised by its zero bytes; other binary content is refused.
 */
import { isUtf8 } from "node:buffer";
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

/** How a file's bytes are decoded, decided from its first bytes (and, for UTF-8, all of them). */
export interface EncodingChoice {
  encoding: Encoding;
  /** Why this encoding: "BOM", "valid UTF-8", "given in the mapping file"… */
  reason: string;
  /** Bytes of a byte order mark to skip (a forced encoding's BOM is stripped after decoding). */
  bom: number;
}

/** Bytes of the first sniff: the UTF-16, binary and FEC checks look no further. */
export const SNIFF_BYTES = 8192;

/**
 * The encoding of a file from its first bytes (`head`: at least SNIFF_BYTES, or the whole
 * file) and, when it may be UTF-8, `utf8Line(from)`: the 1-based line of the first byte
 * sequence that is not UTF-8 after offset `from`, or null when all of it is.
 */
export function chooseEncoding(head: Uint8Array, file: string, forced: Encoding | undefined, utf8Line: (from: number) => number | null): EncodingChoice {
  if (head.length === 0) {
    throw new DataError(`${file}: the file is empty.`, { file }, "Export the data again from the accounting package.");
  }
  if (forced) return { encoding: forced, reason: "given in the mapping file", bom: 0 };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    const line = utf8Line(3);
    if (line !== null) {
      throw new DataError(
        `${file}:${line}: the file starts with a UTF-8 byte order mark but line ${line} contains bytes that are not UTF-8.`,
        { file, line },
        "Re-export the file as \"CSV UTF-8\", or set `encoding:` in the mapping file.",
      );
    }
    return { encoding: "utf-8", reason: "UTF-8 byte order mark", bom: 3 };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", reason: "UTF-16LE byte order mark", bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", reason: "UTF-16BE byte order mark", bom: 2 };
  const utf16 = sniffUtf16(head);
  if (utf16) return { encoding: utf16, reason: "UTF-16 without byte order mark (zero bytes)", bom: 0 };
  refuseBinary(head, file);
  if (utf8Line(0) === null) return { encoding: "utf-8", reason: "valid UTF-8", bom: 0 };
  if (FEC_MARKERS.test(Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 512)).toString("latin1"))) {
    return { encoding: "iso-8859-15", reason: "not UTF-8; FEC header, so ISO-8859-15 (the legal FEC charset)", bom: 0 };
  }
  return { encoding: "windows-1252", reason: "not UTF-8, so Windows-1252 (Excel's ANSI CSV)", bom: 0 };
}

/** Decodes a whole file's bytes. `forced` comes from the mapping file. */
export function decode(bytes: Buffer, file: string, forced?: Encoding): Decoded {
  const choice = chooseEncoding(bytes, file, forced, (from) => utf8ErrorLine(bytes, from));
  const decoder = newTextDecoder(choice);
  return { text: decoder.write(bytes.subarray(choice.bom)) + decoder.end(), encoding: choice.encoding, reason: choice.reason };
}

/** Bytes → text piece by piece (a multi-byte character cut between two pieces is kept whole). */
export interface ChunkDecoder {
  write(bytes: Buffer): string;
  /** what is left once the last piece was written */
  end(): string;
}

export function newTextDecoder(choice: EncodingChoice): ChunkDecoder {
  let first = true;
  const stripFirst = (text: string) => {
    if (!first) return text;
    if (text === "") return text;
    first = false;
    return stripBom(text);
  };
  if (choice.encoding === "utf-8") {
    // Buffer's own UTF-8 decoding, on whole characters: faster than a streaming TextDecoder
    const pieces = new Utf8Pieces();
    return {
      write(bytes) {
        const whole = pieces.take(bytes);
        if (!whole) return "";
        return stripFirst((whole.joined ? whole.joined.toString("utf8") : "") + bytes.toString("utf8", whole.from, whole.end));
      },
      end: () => {
        const rest = pieces.rest();
        return rest ? stripFirst(rest.toString("utf8")) : "";
      },
    };
  }
  const decoder = iconv.getDecoder(choice.encoding);
  return { write: (bytes) => stripFirst(decoder.write(bytes)), end: () => stripFirst(decoder.end() ?? "") };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * UTF-8 bytes read piece by piece, taken on whole characters: a character cut at the end
 * of a piece is kept (copied: the caller may reuse its buffer) and completed by the next.
 */
export class Utf8Pieces {
  private carry: Buffer | null = null;

  /**
   * The whole characters this piece completes: `joined`, the character cut at the end of
   * the last piece with its continuation here (or null), then `bytes` from `from` to `end`.
   * Null when the piece only continues a character that is still cut.
   */
  take(bytes: Buffer): { joined: Buffer | null; from: number; end: number } | null {
    let from = 0;
    let joined: Buffer | null = null;
    if (this.carry) {
      while (from < bytes.length && from < 4 && (bytes[from]! & 0xc0) === 0x80) from++;
      joined = Buffer.concat([this.carry, bytes.subarray(0, from)]);
      this.carry = null;
      if (from === bytes.length && completeUtf8Length(joined) < joined.length) {
        this.carry = joined;
        return null;
      }
    }
    const end = from + completeUtf8Length(bytes.subarray(from));
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : null;
    return { joined, from, end };
  }

  /** The bytes of a character still cut when the input ends (not UTF-8, then). */
  rest(): Buffer | null {
    const rest = this.carry;
    this.carry = null;
    return rest;
  }
}

/** Length of `data` up to the end of its last complete UTF-8 sequence. */
function completeUtf8Length(data: Uint8Array): number {
  const n = data.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = data[i]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + size > n ? i : n;
  }
  return n;
}

/** 1-based line of the first byte sequence after `from` that is not UTF-8, or null. */
function utf8ErrorLine(bytes: Uint8Array, from: number): number | null {
  const rest = bytes.subarray(from);
  if (isUtf8(rest)) return null;
  return firstInvalidUtf8Line(rest);
}

/** 1-based line of the first byte sequence that is not UTF-8. */
export function firstInvalidUtf8Line(bytes: Uint8Array): number {
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
