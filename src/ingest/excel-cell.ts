/**
 * exceljs cell values → Cells (see RawTable: numbers stay numbers, dates become ISO text),
 * shared by the export reader and the reading back of last month's workbook. No exceljs
 * import here: converting values does not need the library loaded.
 */
import type { Cell } from "./table.js";

const MS_PER_DAY = 86_400_000;
/** Excel serial (1900 system) of 1970-01-01. */
const SERIAL_1970 = 25_569;

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** ISO text of the calendar date Excel shows for a date cell exceljs turned into a Date. */
export function isoOfExcelDate(date: Date, date1904: boolean): string | null {
  let ms = date.getTime();
  if (!Number.isFinite(ms)) return null;
  if (!date1904) {
    // Excel's 1900 system counts a 29 February 1900 that never existed: exceljs's
    // conversion is right from serial 61 (1900-03-01) on, one day early before it.
    const serial = Math.floor(ms / MS_PER_DAY) + SERIAL_1970;
    if (serial === 60) return "1900-02-29";
    if (serial < 60 && serial >= 1) ms += MS_PER_DAY;
  }
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Converts an exceljs cell value to a Cell (see RawTable: numbers stay numbers, dates become ISO text). */
export function toCell(value: unknown, date1904: boolean): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return isoOfExcelDate(value, date1904);
  if (!isRecord(value)) return null;
  if (Array.isArray(value.richText)) {
    return value.richText.map((run: unknown) => (isRecord(run) && typeof run.text === "string" ? run.text : "")).join("");
  }
  if ("formula" in value || "sharedFormula" in value) {
    // Never evaluated: the value Excel cached when it last saved, or nothing.
    return toCell(value.result, date1904);
  }
  if ("error" in value) return value.error === undefined || value.error === null ? null : String(value.error);
  if ("text" in value) return toCell(value.text, date1904);
  return null;
}

/** What the readers use of an exceljs cell, from the document reader or the streaming one. */
export interface ExcelCell {
  type: number;
  value: unknown;
  numFmt?: string;
}

/** What the readers use of an exceljs row. */
export interface ExcelRow {
  number: number;
  eachCell(options: { includeEmpty: boolean }, visit: (cell: ExcelCell, column: number) => void): void;
}

/** exceljs's `ValueType.Merge`: a cell hidden under a merge, repeating its top-left value. */
const MERGE = 1;

/**
 * A row's cells, by column (1 → index 0), empty ones null, trailing ones left out.
 * `valueOf` may adjust a cell's exceljs value first (the streaming reader's formula dates).
 */
export function cellsOf(row: ExcelRow, date1904: boolean, valueOf: (cell: ExcelCell) => unknown = (cell) => cell.value): Cell[] {
  const cells: Cell[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    // The cells hidden under a merge repeat the top-left value in exceljs; Excel shows it once.
    if (cell.type === MERGE) return;
    const value = toCell(valueOf(cell), date1904);
    if (value === null) return;
    while (cells.length < column - 1) cells.push(null);
    cells[column - 1] = value;
  });
  return cells;
}
