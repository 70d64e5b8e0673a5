/**
 * Reads one worksheet of an .xlsx workbook whole, with exceljs's document reader
 * (`Workbook.xlsx.load`): the fallback of read-xlsx.ts for the workbooks its streamed
 * reading does not take (a sheet part not named `xl/worksheets/sheetN.xml`, a part missing,
 * a sheet the streaming reader cannot parse). Bounded by the inflate guard's 256 MB.
 *
 * Dates: exceljs turns a numeric cell with a date format into a JS Date whose UTC calendar
 * date is what Excel shows, already taking `<workbookPr date1904="1"/>` into account
 * (`workbook.properties.date1904`). Only Excel's fictitious 1900-02-29 (serial 60) and the
 * serials before it are corrected (excel-cell.ts).
 */
import { createRequire } from "node:module";
import type ExcelJS from "exceljs";
import { DataError, UsageError } from "../errors.js";
import type { RawRow, RawTable } from "./table.js";
import { cellsOf, type ExcelRow } from "./excel-cell.js";

/** The sheet's parts could not be parsed: the caller words it as an unreadable workbook. */
export class WorkbookParseError extends Error {}

/** The sheet asked for (default the first), by exact name, else by name ignoring case and spaces around. */
export function findSheet<S extends { name: string }>(sheets: S[], file: string, wanted: string | undefined): S {
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

/** A workbook read whole: its worksheets' names, and any of them as a RawTable. */
export interface WholeWorkbook {
  sheetNames: string[];
  table(sheetName: string | undefined, headRows: number): RawTable;
}

/** The workbook `data`, read whole (a WorkbookParseError when exceljs cannot parse it). */
export async function loadWholeWorkbook(file: string, data: Buffer): Promise<WholeWorkbook> {
  // exceljs whole (its readers, writers and CSV support) takes about 0.3 s to load: only here
  const Excel = createRequire(import.meta.url)("exceljs") as typeof ExcelJS;
  const workbook = new Excel.Workbook();
  try {
    // exceljs types `load` with its own `Buffer extends ArrayBuffer`; it takes a Node Buffer.
    await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw new WorkbookParseError(error instanceof Error ? error.message : String(error));
  }
  const date1904 = workbook.properties?.date1904 === true;
  return {
    sheetNames: workbook.worksheets.map((w) => w.name),
    table: (sheetName, headRows) => sheetTable(file, findSheet(workbook.worksheets, file, sheetName), date1904, headRows),
  };
}

/** The rows of one sheet of the workbook `data`, read whole. */
export async function readWholeSheet(file: string, data: Buffer, sheetName: string | undefined, headRows: number): Promise<RawTable> {
  return (await loadWholeWorkbook(file, data)).table(sheetName, headRows);
}

function sheetTable(file: string, sheet: ExcelJS.Worksheet, date1904: boolean, headRows: number): RawTable {
  // Every row from 1 to the last one holding a value; rows missing from the file and rows
  // that are only formatted come out with no cells, trailing ones are left out.
  const rows: RawRow[] = [];
  let lastFilled = 0;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.findRow(r);
    const cells = row ? cellsOf(row as unknown as ExcelRow, date1904) : [];
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
