/**
 * Reads one worksheet of an .xlsx workbook into a RawTable.
 *
 * The whole workbook is loaded with exceljs's document reader (`Workbook.xlsx.load`), not
 * the streaming WorkbookReader: the streaming reader depends on the order of the parts in
 * the zip (styles or workbook.xml stored after a sheet means dates are not recognised, the
 * 1904 flag is ignored and sheet names are lost), does not convert cached formula results
 * that are dates, and only recognises parts named `xl/worksheets/sheetN.xml`. Accounting
 * exports are small enough to be read whole.
 *
 * Dates: exceljs turns a numeric cell with a date format into a JS Date whose UTC calendar
 * date is what Excel shows, already taking `<workbookPr date1904="1"/>` into account
 * (`workbook.properties.date1904`). Only Excel's fictitious 1900-02-29 (serial 60) and the
 * serials before it are corrected here.
 */
import { promises as fs } from "node:fs";
import ExcelJS from "exceljs";
import { DataError, UsageError } from "../errors.js";
import type { Cell, RawRow, RawTable } from "./table.js";
import { checkZip, ZipProblem } from "./zip-guard.js";
import { isRecord, toCell } from "./excel-cell.js";

export interface XlsxOptions {
  /** Sheet name; default the first worksheet. */
  sheet?: string;
  /** Rows kept in `head`; default 200. */
  headRows?: number;
}

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


function rowCells(row: ExcelJS.Row | undefined, date1904: boolean): Cell[] {
  const cells: Cell[] = [];
  if (!row) return cells;
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    // The cells hidden under a merge repeat the top-left value in exceljs; Excel shows it once.
    if (cell.type === ExcelJS.ValueType.Merge) return;
    const value = toCell(cell.value, date1904);
    if (value === null) return;
    while (cells.length < col - 1) cells.push(null);
    cells[col - 1] = value;
  });
  return cells;
}

function findSheet(workbook: ExcelJS.Workbook, file: string, wanted: string | undefined): ExcelJS.Worksheet {
  const sheets = workbook.worksheets;
  if (wanted === undefined) {
    const first = sheets[0];
    if (!first) {
      throw new DataError(
        `${file}: the workbook contains no worksheet. Open it in Excel, check it holds the data on a worksheet (not only a chart), and save it again as .xlsx.`,
        { file },
      );
    }
    return first;
  }
  const exact = sheets.find((s) => s.name === wanted);
  if (exact) return exact;
  const folded = wanted.trim().toLocaleLowerCase();
  const loose = sheets.filter((s) => s.name.trim().toLocaleLowerCase() === folded);
  if (loose.length === 1 && loose[0]) return loose[0];
  const names = sheets.map((s) => `"${s.name}"`).join(", ");
  throw new UsageError(
    `${file}: no sheet named "${wanted}". Sheets in this workbook: ${names || "(none)"}. Pass one of these names with --sheet.`,
    { file },
  );
}

export async function openXlsx(file: string, options: XlsxOptions = {}): Promise<RawTable> {
  const headRows = options.headRows ?? 200;

  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (error) {
    const code = isRecord(error) ? error.code : undefined;
    if (code === "ENOENT") throw new UsageError(`${file}: file not found. Check the path.`, { file });
    if (code === "EISDIR") throw new UsageError(`${file}: is a directory, not an .xlsx file. Give the path of the workbook.`, { file });
    throw new UsageError(`${file}: cannot read the file (${shortCause(error)}). Check the path and its permissions.`, { file });
  }

  if (startsWith(data, OLE_SIGNATURE)) {
    throw new DataError(
      `${file}: this is an old .xls workbook or a password-protected (encrypted) workbook, which cannot be read. ` +
        `Open it in Excel and save it as .xlsx (Excel Workbook) without a password, or export as CSV.`,
      { file },
    );
  }
  if (data.length === 0) throw unreadable(file, "the file is empty");
  if (!startsWith(data, ZIP_SIGNATURE)) throw unreadable(file, "not a zip archive");

  // Sizes checked before exceljs inflates anything: a zip bomb is refused, not unpacked.
  try {
    await checkZip(data);
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

  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types `load` with its own `Buffer extends ArrayBuffer`; it takes a Node Buffer.
    await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw unreadable(file, shortCause(error));
  }

  const date1904 = workbook.properties?.date1904 === true;
  const sheet = findSheet(workbook, file, options.sheet);

  // Every row from 1 to the last one holding a value; rows missing from the file and rows
  // that are only formatted come out with no cells, trailing ones are left out.
  const rows: RawRow[] = [];
  let lastFilled = 0;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const cells = rowCells(sheet.findRow(r), date1904);
    rows.push({ cells, line: r });
    if (cells.length > 0) lastFilled = r;
  }
  rows.length = lastFilled;

  return {
    file,
    format: { kind: "xlsx", sheet: sheet.name, date1904 },
    head: rows.slice(0, Math.max(0, headRows)),
    async forEachRow(onRow) {
      for (const row of rows) onRow(row);
    },
  };
}
