/**
 * A worksheet read back as plain cells, and the few ways the next run reads a cell: as
 * text, as a day, by a header the user may have moved or renamed within known words.
 * Cells are understood as the export readers understand them (toCell, parseDate).
 */
import type { Day } from "../ledger/day.js";
import { cellText as exportCellText } from "../ingest/columns/match-columns.js";
import { toCell } from "../ingest/excel-cell.js";
import type { Cell } from "../ingest/table.js";
import { parseDate, type DateFormat } from "../ingest/parse/date.js";
import { normaliseHeader } from "../ingest/columns/fields.js";

export interface GridRow {
  /** 1-based row number in the sheet */
  number: number;
  /** cells[0] is column A; values as exceljs gives them (string, number, Date, boolean, objects) */
  cells: unknown[];
}

export interface Grid {
  name: string;
  rows: GridRow[];
}

/** "A", "B", …, "Z", "AA", … for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function cellRef(sheet: string, row: number, column: number): string {
  const quoted = /^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quoted}!${columnLetter(column)}${row}`;
}

/**
 * A workbook value as the export reader sees it (read-xlsx.ts's toCell: rich text joined,
 * a hyperlink's text, a formula's cached result never evaluated, a date as ISO text).
 */
function asCell(value: unknown): Cell {
  return toCell(value, false);
}

/** A cell as text, trimmed ("" when empty). */
export function cellText(value: unknown): string {
  return exportCellText(asCell(value));
}

/** Dates users type in a European workbook: day first (ISO is read whatever the order). */
const DAY_FIRST: DateFormat = { order: "dmy" };

/**
 * A cell as a day: a real date, an Excel serial number, or text as the export parsers read
 * it (ISO, or day first: `dd/mm/yyyy`, `dd.mm.yyyy`, …). Null for an empty cell;
 * `undefined` for a value that is not a date (the caller reports it).
 */
export function cellDay(value: unknown): Day | null | undefined {
  if (value instanceof Date && !Number.isFinite(value.getTime())) return undefined;
  const cell = asCell(value);
  if (cell === null || cell === "" || (typeof cell === "string" && cell.trim() === "")) return null;
  if (typeof cell === "number" && !Number.isInteger(cell)) return undefined; // a number, not a day
  const parsed = parseDate(cell, DAY_FIRST);
  return parsed.ok ? parsed.value : undefined;
}

/** Where each wanted field sits in a header row: 0-based column, found by any of its names. */
export function findColumns<K extends string>(header: readonly unknown[], names: Readonly<Record<K, readonly string[]>>): Partial<Record<K, number>> {
  const normalised = header.map((h) => normaliseHeader(cellText(h)));
  const found: Partial<Record<K, number>> = {};
  for (const key of Object.keys(names) as K[]) {
    const wanted = new Set(names[key].map(normaliseHeader));
    const index = normalised.findIndex((h) => h !== "" && wanted.has(h));
    if (index !== -1) found[key] = index;
  }
  return found;
}
