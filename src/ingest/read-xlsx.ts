/**
 * Reads one worksheet of an .xlsx workbook into a RawTable (`openXlsx`), or several of one
 * workbook, each on demand (`openXlsxBook`: last month's run, read back).
 *
 * The archive is checked first, once (zip-guard.ts): a damaged or hostile file is refused
 * before anything is inflated for reading. Then a sheet is streamed (xlsx-stream.ts): only
 * the shared strings and styles are held, so memory does not grow with the sheet, and a
 * sheet may unpack to up to MAX_STREAMED_SHEET_BYTES. Workbooks the streaming reader does not
 * take — the workbook's parts missing, or a sheet it fails to parse in its first rows — are
 * read whole (xlsx-whole.ts), which says what is wrong, within
 * the 256 MB the guard allows a workbook held in memory. Both give the same rows (tested).
 *
 * Cells: numbers stay numbers, dates become the ISO text of the day Excel shows (1900 and
 * 1904 systems), rich text is joined, formulas give their cached result, never evaluated.
 * One difference remains between the two readers: exceljs's streaming reader keeps a cached
 * formula result only as text or a number, so a formula showing an error (`#N/A`) gives an
 * empty cell, and one showing TRUE gives 1, where the document reader gives "#N/A" and
 * "true".
 */
import { promises as fs } from "node:fs";
import { DataError, UsageError } from "../errors.js";
import type { RawRow, RawTable } from "./table.js";
import { checkEntries, checkZip, listZipEntries, MAX_INFLATED_BYTES, ZipProblem, type ZipEntry } from "./zip-guard.js";
import { isRecord } from "./excel-cell.js";
import { isSheetPart, listSheets, streamSheetRows, workbookParts, type ListedSheet, type WorkbookParts } from "./xlsx-stream.js";
import { findSheet, loadWholeWorkbook, WorkbookParseError, type WholeWorkbook } from "./xlsx-whole.js";

export interface XlsxOptions {
  /** Sheet name; default the first worksheet. */
  sheet?: string;
  /** Rows kept in `head`; default 200. */
  headRows?: number;
}

/**
 * A streamed sheet's inflated size: Excel's 1,048,576 rows of a wide export (30 columns of
 * dates, amounts and names) take about 1.5 GB of sheet XML.
 */
export const MAX_STREAMED_SHEET_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * All the worksheets of a streamed workbook together (each read one at a time, never held):
 * the workbook of a run over 100k customers holds about 270 MB of sheets.
 */
export const MAX_STREAMED_BOOK_BYTES = 4 * 1024 * 1024 * 1024;

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function unreadable(file: string, cause: string): DataError {
  return new DataError(`${file}: not a readable .xlsx workbook (${cause}).`, { file }, "Open it in Excel and save it again as .xlsx, or export as CSV.");
}

function shortCause(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = (text.split("\n")[0] ?? "").trim() || "unknown error";
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    const code = isRecord(error) ? error.code : undefined;
    if (code === "ENOENT") throw new UsageError(`${file}: file not found. Check the path.`, { file });
    if (code === "EISDIR") throw new UsageError(`${file}: is a directory, not an .xlsx file. Give the path of the workbook.`, { file });
    throw new UsageError(`${file}: cannot read the file (${shortCause(error)}). Check the path and its permissions.`, { file });
  }
}

/** Runs a zip check, wording its refusal. */
async function guarded(file: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (!(error instanceof ZipProblem)) throw error;
    if (error.bomb) {
      throw new DataError(
        `${file}: refused: ${error.message}.`,
        { file },
        "Open the workbook in Excel and check what it holds; export the data as CSV if it is really that large.",
      );
    }
    throw unreadable(file, error.message);
  }
}

export async function openXlsx(file: string, options: XlsxOptions = {}): Promise<RawTable> {
  return (await openXlsxBook(file)).sheet(options.sheet, options.headRows);
}

/** A workbook opened once, its sheets read on demand: for a reader of several sheets (last month's run). */
export interface XlsxBook {
  /** the worksheets' names, in the workbook's order */
  sheetNames: string[];
  /** one sheet (default the first; a name as --sheet takes it), its first `headRows` rows (default 200) in `head` */
  sheet(name: string | undefined, headRows?: number): Promise<RawTable>;
}

export async function openXlsxBook(file: string): Promise<XlsxBook> {
  const data = await readBytes(file);

  if (startsWith(data, OLE_SIGNATURE)) {
    throw new DataError(
      `${file}: this is an old .xls workbook or a password-protected (encrypted) workbook, which cannot be read.`,
      { file },
      "Open it in Excel and save it as .xlsx (Excel Workbook) without a password, or export as CSV.",
    );
  }
  if (data.length === 0) throw unreadable(file, "the file is empty");
  if (!startsWith(data, ZIP_SIGNATURE)) throw unreadable(file, "not a zip archive");

  let entries: ZipEntry[] = [];
  await guarded(file, async () => (entries = listZipEntries(data)));
  const whole = wholeBook(file, data);
  const parts = workbookParts(entries);
  const listed = parts ? await listStreamed(file, data, entries, parts) : null;
  if (!parts || !listed) return { sheetNames: (await whole()).sheetNames, sheet: async (name, headRows) => (await whole()).table(name, headRowsOf(headRows)) };
  return {
    sheetNames: listed.sheets.map((s) => s.name),
    async sheet(name, headRows) {
      const streamed = await openStreamed(file, data, entries, parts, listed, name, headRowsOf(headRows));
      return streamed ?? (await whole()).table(name, headRowsOf(headRows));
    },
  };
}

function headRowsOf(headRows: number | undefined): number {
  return Math.max(0, headRows ?? 200);
}

/** The workbook read whole, once and on first use, within the guard's sizes. */
function wholeBook(file: string, data: Buffer): () => Promise<WholeWorkbook> {
  let loaded: Promise<WholeWorkbook> | null = null;
  const load = async (): Promise<WholeWorkbook> => {
    // Sizes checked before exceljs inflates anything: a zip bomb is refused, not unpacked.
    await guarded(file, () => checkZip(data));
    try {
      return await loadWholeWorkbook(file, data);
    } catch (error) {
      if (error instanceof WorkbookParseError) throw unreadable(file, shortCause(error.message));
      throw error;
    }
  };
  return () => (loaded ??= load());
}

/**
 * The workbook's sheets as its own parts list them, or null when the streaming reader does
 * not take this workbook. The archive is checked first, once for all the sheets read from
 * it: each worksheet part within MAX_STREAMED_SHEET_BYTES and all of them within
 * MAX_STREAMED_BOOK_BYTES, every other part (strings, styles, media) within the
 * MAX_INFLATED_BYTES a workbook held whole may take — a bomb among them is refused even if
 * it would never be read — and no part inflating past what it declares.
 */
async function listStreamed(file: string, data: Buffer, entries: ZipEntry[], parts: WorkbookParts): Promise<{ sheets: ListedSheet[]; date1904: boolean } | null> {
  const sheets = entries.filter(isSheetPart);
  await guarded(file, async () => {
    for (const sheet of sheets) if (sheet.uncompressedSize > MAX_STREAMED_SHEET_BYTES) await checkEntries(data, [sheet], MAX_STREAMED_SHEET_BYTES); // refused on what it declares
    await checkEntries(data, entries.filter((e) => !isSheetPart(e)), MAX_INFLATED_BYTES);
    await checkEntries(data, sheets, MAX_STREAMED_BOOK_BYTES);
  });
  try {
    return await listSheets(data, entries, parts);
  } catch {
    return null; // the document reader says what is wrong with it
  }
}

/** The sheet streamed, or null when the streaming reader does not take it. */
async function openStreamed(
  file: string, data: Buffer, entries: ZipEntry[], parts: WorkbookParts, listed: { sheets: ListedSheet[]; date1904: boolean }, wanted: string | undefined, headRows: number,
): Promise<RawTable | null> {
  const chosen = findSheet(listed.sheets, file, wanted);
  const part = chosen.part;
  if (!part) {
    if (!entries.some((e) => e.name === chosen.path)) return null;
    throw new DataError(
      `${file}: the sheet "${chosen.name}" is stored as ${chosen.path}, a part name exceljs does not read (Excel names it xl/worksheets/sheetN.xml).`,
      { file },
      "Open the workbook in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV.",
    );
  }

  const rows = () => streamSheetRows(data, entries, parts, part, listed.date1904);
  // The first rows are read now (header and formats are decided on them), and the same
  // reading goes on for the first walk over the rows; a later walk reads the sheet again.
  const first = rows();
  const head: RawRow[] = [];
  let headIsAll = false;
  try {
    while (head.length < headRows) {
      const next = await first.next();
      if (next.done) {
        headIsAll = true;
        break;
      }
      head.push(next.value);
    }
  } catch {
    return null;
  }
  let resume: AsyncGenerator<RawRow> | null = first;
  const nextRow = async (rowsLeft: AsyncGenerator<RawRow>) => {
    try {
      return await rowsLeft.next();
    } catch (error) {
      throw unreadable(file, shortCause(error));
    }
  };
  return {
    file,
    format: { kind: "xlsx", sheet: chosen.name, date1904: listed.date1904 },
    head,
    async forEachRow(onRow) {
      for (const row of head) onRow(row);
      if (headIsAll) return;
      const going = resume ?? rows();
      resume = null;
      if (going !== first) for (let skipped = 0; skipped < head.length; skipped++) await nextRow(going); // the head again
      for (let next = await nextRow(going); !next.done; next = await nextRow(going)) onRow(next.value);
    },
  };
}
