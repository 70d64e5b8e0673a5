/**
 * Reads one worksheet of an .xlsx workbook into a RawTable.
 *
 * The archive is checked first (zip-guard.ts): a damaged or hostile file is refused before
 * anything is inflated for reading. Then the sheet is streamed (xlsx-stream.ts): only the
 * shared strings and styles are held, so memory does not grow with the sheet, and a sheet
 * may unpack to up to MAX_STREAMED_SHEET_BYTES. Workbooks the streaming reader does not
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
import { listSheets, streamSheetRows, workbookParts, type ListedSheet, type WorkbookParts } from "./xlsx-stream.js";
import { findSheet, readWholeSheet, WorkbookParseError } from "./xlsx-whole.js";

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

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function unreadable(file: string, cause: string): DataError {
  return new DataError(
    `${file}: not a readable .xlsx workbook (${cause}). Open it in Excel and save it again as .xlsx, or export as CSV.`,
    { file },
  );
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
  const headRows = Math.max(0, options.headRows ?? 200);
  const data = await readBytes(file);

  if (startsWith(data, OLE_SIGNATURE)) {
    throw new DataError(
      `${file}: this is an old .xls workbook or a password-protected (encrypted) workbook, which cannot be read. ` +
        `Open it in Excel and save it as .xlsx (Excel Workbook) without a password, or export as CSV.`,
      { file },
    );
  }
  if (data.length === 0) throw unreadable(file, "the file is empty");
  if (!startsWith(data, ZIP_SIGNATURE)) throw unreadable(file, "not a zip archive");

  let entries: ZipEntry[] = [];
  await guarded(file, async () => (entries = listZipEntries(data)));
  const parts = workbookParts(entries);
  if (parts) {
    const streamed = await openStreamed(file, data, entries, parts, options.sheet, headRows);
    if (streamed) return streamed;
  }
  // Sizes checked before exceljs inflates anything: a zip bomb is refused, not unpacked.
  await guarded(file, () => checkZip(data));
  try {
    return await readWholeSheet(file, data, options.sheet, headRows);
  } catch (error) {
    if (error instanceof WorkbookParseError) throw unreadable(file, shortCause(error.message));
    throw error;
  }
}

/** The sheet streamed, or null when the streaming reader does not take this workbook. */
async function openStreamed(file: string, data: Buffer, entries: ZipEntry[], parts: WorkbookParts, wanted: string | undefined, headRows: number): Promise<RawTable | null> {
  await guarded(file, () => checkEntries(data, [parts.workbook, parts.relations], MAX_INFLATED_BYTES));
  let listed: { sheets: ListedSheet[]; date1904: boolean };
  try {
    listed = await listSheets(data, entries, parts);
  } catch {
    return null; // the document reader says what is wrong with it
  }
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
  // every other part as for a workbook read whole (a bomb among them is refused, even if
  // it is never read), and the sheet within the larger limit of what is streamed
  await guarded(file, () => checkEntries(data, entries.filter((e) => e !== part), MAX_INFLATED_BYTES));
  await guarded(file, () => checkEntries(data, [part], MAX_STREAMED_SHEET_BYTES));

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
