/**
 * A worksheet read back as plain cells, and the few ways the next run reads a cell: as
 * text, as a day, by a header the user may have moved or renamed within known words.
 * No exceljs here: read-previous.ts turns its worksheets into grids.
 */
import { dayOfDate, type Day } from "../ledger/day.js";
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

/** A cell as text: strings trimmed, rich text joined, a formula's cached result, numbers as written. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as { richText?: { text?: unknown }[]; text?: unknown; result?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => (typeof r.text === "string" ? r.text : "")).join("").trim();
    if (typeof v.text === "string") return v.text.trim(); // hyperlink
    if ("result" in v) return cellText(v.result); // formula: its cached value, never evaluated
  }
  return "";
}

/** Dates users type in a European workbook: day first (ISO is read whatever the order). */
const DAY_FIRST: DateFormat = { order: "dmy" };

/**
 * A cell as a day: a real date, an Excel serial number, or text as the export parsers read
 * it (ISO, or day first: `dd/mm/yyyy`, `dd.mm.yyyy`, …). Null for an empty cell;
 * `undefined` for a value that is not a date (the caller reports it).
 */
export function cellDay(value: unknown): Day | null | undefined {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? dayOfDate(value) : undefined;
  if (typeof value === "object" && "result" in value) return cellDay((value as { result: unknown }).result);
  const raw = typeof value === "number" ? value : cellText(value);
  if (raw === "") return null;
  if (typeof raw === "number" && !Number.isInteger(raw)) return undefined; // a number, not a day
  const parsed = parseDate(raw, DAY_FIRST);
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
