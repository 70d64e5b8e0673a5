/**
 * Delimited text (.csv, .txt, .tsv) → RawTable, with papaparse, read piece by piece: the
 * file is never held whole, as bytes or as text. Its encoding is decided first (its first
 * bytes, and a pass checking that all of them are UTF-8, see decode.ts); then each walk
 * over the rows reads the file in CHUNK_BYTES pieces (into one reused buffer), decodes them, and hands papaparse
 * text that ends at a line break outside quotes, so rows come out exactly as from the
 * whole text. Rows are delivered one by one with the physical line each starts on, so a
 * rejected row can be found in a text editor. A walk over every row may take the rows
 * without a quote as spans of the piece instead (splitPiece): relance splits those itself.
 */
import { isUtf8 } from "node:buffer";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import Papa from "papaparse";
import { DataError } from "../errors.js";
import { chooseEncoding, firstInvalidUtf8Line, newTextDecoder, SNIFF_BYTES, Utf8Pieces, type EncodingChoice, type Encoding } from "./decode.js";
import { sniffDelimiter, type Delimiter } from "./sniff-delimiter.js";
import { emptySpans, type RawRow, type RawTable, type RowSpans } from "./table.js";
import { walkInWorker } from "./csv-walk/walk-in-worker.js";
import { utf8CheckedAhead, WORKER_MIN_BYTES } from "./csv-walk/reading-threads.js";
import { roomFor } from "../util/typed-arrays.js";

export interface CsvOptions {
  encoding?: Encoding;
  delimiter?: string;
  /** How many rows `head` holds (default 200). */
  headRows?: number;
  /** Bytes read at a time (default CHUNK_BYTES; tests make it small). */
  chunkBytes?: number;
  /** From this size on, a walk taking spans is made by a worker thread (default WORKER_MIN_BYTES; tests make it 0). */
  workerBytes?: number;
}

/**
 * Read at a time. Smaller pieces leave less for the garbage collector to promote (a piece's
 * rows are all alive while papaparse walks it): at 3M documents with payments, 4 MiB pieces
 * peaked at 1.24 GB, 1 MiB at 1.14 GB, 256 KiB at 1.03 GB, in about the same time.
 * Under 128 KiB, a piece's text (a string as long as the piece, copied to the reading
 * thread when the worker splits the file) is a young object the scavenger frees, not a
 * large object left in the old generation until a full collection: `metrics` at L
 * (100k customers / 3M documents), peak RSS 465-503 → 454-465 MiB (8 runs each), at M
 * 197-211 → 170-180 MiB, in the same time.
 */
export const CHUNK_BYTES = 96 * 1024;
/**
 * A walk's first piece, smaller: the rows start coming at once. On a worker thread, whose
 * code is not compiled yet, a first piece of 1 MiB took 50–60 ms before its rows were
 * posted, the reading thread waiting meanwhile.
 */
const FIRST_CHUNK_BYTES = 64 * 1024;
/** The first bytes, decoded for sniffing (encoding, delimiter, line breaks: papaparse guesses those on its first 1 MiB). */
const HEAD_BYTES = Math.max(SNIFF_BYTES, 1024 * 1024);
/** A row (a quoted field with line breaks in it) longer than this is taken for an unclosed quote. */
const MAX_ROW_CHARS = 64 * 1024 * 1024;

export async function openCsv(file: string, options: CsvOptions = {}): Promise<RawTable> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const head = readHead(file, HEAD_BYTES);
  const choice = chooseEncoding(head, file, options.encoding, (from) => {
    const ahead = utf8CheckedAhead(file, from); // made by the worker that will walk it, when it had the time
    return ahead !== undefined ? ahead : fileUtf8ErrorLine(file, from, chunkBytes);
  });
  const decoder = newTextDecoder(choice);
  const start = decoder.write(head.subarray(choice.bom));
  if (start.trim() === "" && (await isBlank(file, choice, chunkBytes))) {
    throw new DataError(`${file}: the file holds only blank lines.`, { file }, "Export the data again from the accounting package.");
  }
  const sniffed = options.delimiter ? null : sniffDelimiter(start);
  const delimiter = options.delimiter ?? (sniffed!.delimiter as Delimiter);
  const format = {
    kind: "csv" as const,
    encoding: choice.encoding,
    encodingReason: choice.reason,
    delimiter,
    delimiterReason: sniffed ? sniffed.reason : "given in the mapping file",
  };
  const newline = guessNewline(start, delimiter);
  const src: WalkSource = { file, choice, chunkBytes, delimiter, newline };
  const headRows: RawRow[] = [];
  await walkRows(src, (row) => headRows.push(row), options.headRows ?? 200);
  const inWorker = statSync(file).size >= (options.workerBytes ?? WORKER_MIN_BYTES);
  return {
    file, format, head: headRows, estimatedRows: estimateRows(file, head, newline),
    forEachRow: (onRow, onSpans, hints = []) => (onSpans && inWorker ? walkInWorker(src, onRow, onSpans, hints) : walkRows(src, onRow, Infinity, onSpans)),
  };
}

/**
 * The file's rows, from the line breaks in its first bytes (`head`): exact when they are
 * the whole file, else a tenth more than their rate says (an estimate a little low would
 * have the last rows grow every array by a copy; room reserved and never written is free).
 */
function estimateRows(file: string, head: Buffer, newline: string): number {
  const mark = newline === "\r" ? 0x0d : 0x0a; // in UTF-16 too, one of its two bytes (an estimate)
  let breaks = 0;
  for (let i = head.indexOf(mark); i !== -1; i = head.indexOf(mark, i + 1)) breaks++;
  const size = statSync(file).size;
  if (head.length >= size || breaks === 0) return breaks + 1;
  return Math.ceil((size / head.length) * breaks * 1.1);
}

function readHead(file: string, bytes: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's bytes from `from` on, `size` at a time (the first piece `first`), in one buffer
 * read into again for each piece (no allocation per piece): a piece is used before the next
 * is asked for.
 */
async function* fileChunks(file: string, from: number, size: number, first = size): AsyncGenerator<Buffer> {
  const handle = await open(file, "r");
  const buffer = Buffer.allocUnsafe(size);
  try {
    for (let position = from, want = Math.min(first, size); ; want = size) {
      const { bytesRead } = await handle.read(buffer, 0, want, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield bytesRead === size ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** The same, synchronously (the encoding is decided before anything else happens). */
function* fileChunksSync(file: string, from: number, size: number): Generator<Buffer> {
  const fd = openSync(file, "r");
  const buffer = Buffer.allocUnsafe(size);
  try {
    for (let position = from; ; ) {
      const bytesRead = readSync(fd, buffer, 0, size, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield bytesRead === size ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The UTF-8 check openCsv makes of a file's bytes, made ahead (by the worker that will
 * walk it, reading-threads.ts askCheck): the offset it starts from and the line it finds
 * (null when all are UTF-8); null when openCsv makes none (its first bytes decide: a UTF-16
 * mark, zero bytes, a binary or empty file).
 */
export function utf8CheckOf(file: string): { from: number; line: number | null } | null {
  let made: { from: number; line: number | null } | null = null;
  try {
    chooseEncoding(readHead(file, HEAD_BYTES), file, undefined, (from) => {
      made = { from, line: fileUtf8ErrorLine(file, from, CHUNK_BYTES) };
      return made.line;
    });
  } catch {
    // refused from its first bytes, or not UTF-8 after a UTF-8 mark: openCsv says so (with the line found here)
  }
  return made;
}

/** 1-based line of the first byte sequence after `from` that is not UTF-8, or null: one pass over the bytes. */
function fileUtf8ErrorLine(file: string, from: number, chunkBytes: number): number | null {
  const pieces = new Utf8Pieces();
  let checked = from; // bytes before this offset are UTF-8
  for (const chunk of fileChunksSync(file, from, chunkBytes)) {
    const whole = pieces.take(chunk);
    if (!whole) continue;
    if (whole.joined) {
      if (!isUtf8(whole.joined)) return invalidLine(file, from, checked + whole.joined.length);
      checked += whole.joined.length;
    }
    if (!isUtf8(chunk.subarray(whole.from, whole.end))) return invalidLine(file, from, checked + whole.end - whole.from);
    checked += whole.end - whole.from;
  }
  const rest = pieces.rest();
  return rest ? invalidLine(file, from, checked + rest.length) : null;
}

/** The line of the first invalid sequence, which lies before `upTo` (an error path: the bytes are read again). */
function invalidLine(file: string, from: number, upTo: number): number {
  const fd = openSync(file, "r");
  try {
    const bytes = Buffer.alloc(upTo - from);
    readSync(fd, bytes, 0, bytes.length, from);
    return firstInvalidUtf8Line(bytes);
  } finally {
    closeSync(fd);
  }
}

async function isBlank(file: string, choice: EncodingChoice, chunkBytes: number): Promise<boolean> {
  const decoder = newTextDecoder(choice);
  for await (const chunk of fileChunks(file, choice.bom, chunkBytes)) if (decoder.write(chunk).trim() !== "") return false;
  return decoder.end().trim() === "";
}

/**
 * papaparse's own guess (\r\n, \n or \r), made once on the file's first bytes so every piece
 * is cut alike. With the delimiter given, as it is known by then: papaparse would guess it
 * again first, splitting the first MiB into lines once for each of five candidates (6 MB of
 * strings at M, about 5 ms a file).
 */
function guessNewline(text: string, delimiter: string): string {
  const linebreak = Papa.parse<string[]>(text, { preview: 1, delimiter }).meta.linebreak;
  return linebreak === "\r" || linebreak === "\r\n" ? linebreak : "\n";
}

export interface WalkSource {
  file: string;
  choice: EncodingChoice;
  chunkBytes: number;
  delimiter: string;
  newline: string;
}

/**
 * Decodes the file piece by piece and parses each piece up to its last line break; a row
 * whose quoted field is still open there (papaparse reports the quote error on that last
 * row) waits for the next piece. Stops after `limit` rows. With `onSpans`, the rows without
 * a quote are split here and handed on as spans (splitPiece), the others still by papaparse.
 */
export async function walkRows(src: WalkSource, onRow: (row: RawRow) => void, limit: number, onSpans?: (row: RowSpans) => void): Promise<void> {
  const decoder = newTextDecoder(src.choice);
  const state = { line: 1, delivered: 0, limit };
  const spans = emptySpans();
  const parse = onSpans && limit === Infinity
    ? (piece: string, final: boolean) => splitPiece(piece, final, src, state, onRow, spans, onSpans)
    : (piece: string, final: boolean) => parsePiece(piece, final, src, state, onRow);
  let carry = "";
  // Where the file's line break is the same bytes in any character (UTF-8, one byte a
  // character), each piece is decoded up to its last line break, without it, the bytes
  // after it kept for the next piece: the piece is then the decoder's own string, not a
  // view into a longer one (carry + text), whose every charCodeAt has to find the text it
  // views (on the reading thread of a large export, a tenth of the instructions).
  const lineBreak = src.choice.encoding === "utf-8" || src.choice.encoding === "windows-1252" || src.choice.encoding === "iso-8859-15" ? Buffer.from(src.newline, "latin1") : null;
  let after = EMPTY_BYTES; // bytes after the last piece's line break, not decoded yet
  for await (const read of fileChunks(src.file, src.choice.bom, src.chunkBytes, FIRST_CHUNK_BYTES)) {
    const chunk = after.length > 0 ? Buffer.concat([after, read]) : read;
    after = EMPTY_BYTES;
    const lastBreak = lineBreak === null ? -1 : chunk.lastIndexOf(lineBreak);
    if (lastBreak !== -1) {
      after = Buffer.from(chunk.subarray(lastBreak + lineBreak!.length)); // copied: the chunk's buffer is read into again
      // whole characters: one cut before a line break is cut for good (no byte of it follows), as when decoded with what follows
      const decoded = decoder.write(chunk.subarray(0, lastBreak)) + decoder.end();
      const piece = carry === "" ? decoded : carry + decoded;
      const consumed = parse(piece, false);
      if (state.delivered >= limit) return;
      if (consumed === piece.length) {
        state.line++; // the line break after the piece
        carry = "";
      } else {
        carry = piece.slice(consumed) + src.newline; // a quoted field still open runs over the line break
        if (carry.length > MAX_ROW_CHARS) {
          parse(carry, true);
          return;
        }
      }
      continue;
    }
    const text = carry + decoder.write(chunk);
    const cut = text.lastIndexOf(src.newline);
    if (cut === -1) {
      carry = text;
      if (carry.length > MAX_ROW_CHARS) throw tooLong(src.file, state.line);
      continue;
    }
    const piece = text.slice(0, cut);
    const consumed = parse(piece, false);
    if (state.delivered >= limit) return;
    if (consumed === piece.length) {
      state.line++; // the line break after the piece
      carry = text.slice(cut + src.newline.length);
    } else {
      carry = text.slice(consumed);
      if (carry.length > MAX_ROW_CHARS) {
        parse(carry, true); // reports the quote that is never closed, at its line
        return;
      }
    }
  }
  const rest = carry + decoder.write(after) + decoder.end();
  if (rest !== "") parse(rest, true);
  // papaparse over the whole text gives a last empty row after a final line break: so here
  else if (state.line > 1 && state.delivered < limit) onRow({ cells: [""], line: state.line });
}

/**
 * Runs papaparse over one piece, calling `onRow` with each row and its starting line.
 * Returns how much of the piece was used: all of it, or up to the start of a last row
 * whose quote is still open (not `final`: more text may close it). `state.line` is then
 * the line of that point.
 */
function parsePiece(piece: string, final: boolean, src: WalkSource, state: { line: number; delivered: number; limit: number }, onRow: (row: RawRow) => void): number {
  const { file } = src;
  if (piece === "") {
    // An empty line between two line breaks (a piece ends before each): papaparse over the
    // whole text gives it as a row of one empty cell, and gives no row for "" alone.
    if (!final && state.delivered < state.limit) {
      onRow({ cells: [""], line: state.line });
      state.delivered++;
    }
    return 0;
  }
  const mark = src.newline === "\r" ? "\r" : "\n"; // a physical line ends with it (\r\n files: a lone \n in a field too)
  let counted = 0; // offset up to which newlines have been counted into `state.line`
  let rowStart = 0;
  let consumed = piece.length;
  let failure: DataError | null = null;
  const countTo = (offset: number) => {
    for (let i = piece.indexOf(mark, counted); i !== -1 && i < offset; i = piece.indexOf(mark, i + 1)) state.line++;
    counted = offset;
  };
  // papaparse drops a byte order mark opening the text it is given, as the start of a file;
  // a piece starting with U+FEFF is a row's first character (the file's own mark is gone by
  // now, decode.ts): one more in front is the one dropped
  Papa.parse<string[]>(piece.charCodeAt(0) === 0xfeff ? "\ufeff" + piece : piece, {
    delimiter: src.delimiter,
    newline: src.newline as Papa.ParseConfig["newline"],
    step: (results, handle) => {
      countTo(rowStart);
      const quoteError = results.errors.find((e) => e.type === "Quotes");
      if (quoteError) {
        if (!final && results.meta.cursor >= piece.length) {
          consumed = rowStart; // the quoted field may close in the next piece
        } else {
          failure = new DataError(
            `${file}:${state.line}: a quoted field that starts on this line is never closed (${quoteError.message}).`,
            { file, line: state.line },
            "A field that begins with a double quote must end with one; a quote inside a field is written twice (\"\"). Fix the line or re-export the file.",
          );
        }
        handle.abort();
        return;
      }
      onRow({ cells: results.data, line: state.line });
      rowStart = results.meta.cursor;
      if (++state.delivered >= state.limit) {
        consumed = rowStart;
        handle.abort();
      }
    },
  });
  if (failure) throw failure;
  countTo(consumed);
  return consumed;
}

/**
 * The rows of a piece split without papaparse for as long as they hold no quote and no line
 * break other than the file's: such a row's cells are exactly its text between delimiters,
 * as papaparse would give them, and it is one physical line. They go to `onSpans` as spans
 * of the piece; any other row is papaparse's (parsePiece, for that one row; past a few of
 * them, for the rest of the piece). Returns how much of the piece was used, as parsePiece does.
 */
function splitPiece(piece: string, final: boolean, src: WalkSource, state: { line: number; delivered: number; limit: number }, onRow: (row: RawRow) => void, spans: RowSpans, onSpans: (row: RowSpans) => void): number {
  const n = piece.length;
  if (n === 0) return parsePiece(piece, final, src, state, onRow); // an empty line: its row of one empty cell
  const { delimiter, newline } = src;
  // the next quote, carriage return, line feed and delimiter at or after the row being split
  let quote = after(piece, '"', 0);
  let cr = after(piece, "\r", 0);
  let lf = after(piece, "\n", 0);
  let delim = after(piece, delimiter, 0);
  let papaparsed = 0;
  spans.text = piece;
  for (let pos = 0; ; ) {
    let eol = piece.indexOf(newline, pos);
    if (eol === -1) eol = n;
    if (quote < pos) quote = after(piece, '"', pos); // after a row left to papaparse
    if (delim < pos) delim = after(piece, delimiter, pos);
    if (cr < pos) cr = after(piece, "\r", pos);
    if (lf < pos) lf = after(piece, "\n", pos);
    const quoted = quote < eol;
    if (quoted || cr < eol || lf < eol) {
      // A row papaparse must read. Each call sets a parser up: past a few such rows, the
      // rest of the piece is all papaparse's (a file of quoted fields reads as fast as before).
      if (++papaparsed > PAPAPARSE_ROWS_PER_PIECE) return pos + parsePiece(piece.slice(pos), final, src, state, onRow);
      if (quoted) {
        const used = parseOneRow(piece.slice(pos), final, src, state, onRow);
        if (used === -1) return pos; // its quote is still open at the piece's end
        pos += used; // parsePiece has counted its lines, up to the next row's
        if (pos === n && !piece.endsWith(newline)) return n; // it was the last row (else an empty one follows)
        continue;
      }
      // a line break inside the row that is not the file's: papaparse is given the row alone,
      // up to the file's line break (a text without a quote, it would split whole)
      parsePiece(piece.slice(pos, eol), false, src, state, onRow);
    } else {
      delim = splitRow(piece, pos, eol, delimiter, delim, spans);
      spans.line = state.line;
      state.delivered++;
      onSpans(spans);
    }
    if (eol === n) return n;
    state.line++;
    pos = eol + newline.length;
  }
}

const EMPTY_BYTES = Buffer.alloc(0);

/** Rows of a piece read by papaparse one at a time, before it is given the rest of the piece. */
const PAPAPARSE_ROWS_PER_PIECE = 16;

/** Where `text` next occurs in `piece` from `from` on, Infinity when it does not. */
function after(piece: string, text: string, from: number): number {
  const i = piece.indexOf(text, from);
  return i === -1 ? Infinity : i;
}

/**
 * The first row of `text` by papaparse: how much of the text it took (up to the next row),
 * or -1 when its quote is still open at the end of a text that is not `final`.
 */
function parseOneRow(text: string, final: boolean, src: WalkSource, state: { line: number; delivered: number; limit: number }, onRow: (row: RawRow) => void): number {
  const delivered = state.delivered;
  const limit = state.limit;
  state.limit = delivered + 1;
  try {
    const used = parsePiece(text, final, src, state, onRow);
    return state.delivered === delivered ? -1 : used;
  } finally {
    state.limit = limit;
  }
}

/**
 * The cells of the row from `pos` to `eol` (no quote, no other line break) into `spans`,
 * `delim` being the first delimiter at or after `pos`; returns the first one after the row.
 */
function splitRow(piece: string, pos: number, eol: number, delimiter: string, delim: number, spans: RowSpans): number {
  let at = 0;
  let start = pos;
  for (; delim < eol; delim = after(piece, delimiter, start)) {
    if (at + 3 >= spans.bounds.length) spans.bounds = roomFor(spans.bounds, at + 3); // this cell, and room for the last
    spans.bounds[at++] = start;
    spans.bounds[at++] = delim;
    start = delim + delimiter.length;
  }
  spans.bounds[at++] = start;
  spans.bounds[at++] = eol;
  spans.count = at / 2;
  return delim;
}

function tooLong(file: string, line: number): DataError {
  return new DataError(
    `${file}:${line}: this line is longer than ${MAX_ROW_CHARS / 1024 / 1024} million characters, which no export row is.`,
    { file, line },
    "Check that this is a text export with line breaks, or re-export the file.",
  );
}
