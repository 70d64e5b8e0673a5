/**
 * Rows of report-style exports that carry no record: blank lines, section titles
 * ("1 - 30 days past due"), subtotal and total rows, footers, a header repeated on every
 * page. They are skipped and counted, not rejected.
 */
import type { Cell } from "../table.js";
import { cellText } from "../columns/match-columns.js";
import { normaliseHeader } from "../columns/fields.js";

export type LayoutKind = "blank" | "section" | "total" | "repeated-header";

const TOTAL = /^(grand\s+)?(total|totals|totaal|totaux|sous-total|subtotal|sub-total|summe|gesamt|zwischensumme|eindtotaal|somme)\b/i;

/**
 * Classifies a row as layout, or null when it may hold a record.
 * `idColumns` are the columns a record cannot lack (ids); `header` the header row's texts.
 */
export function layoutKind(cells: readonly Cell[], idColumns: readonly number[], header: readonly string[]): LayoutKind | null {
  // Fast path, the same answer for the rows that fill large exports: one whose ids are all
  // there is no blank, section or total row, and repeats the header only if it starts with it.
  if (idColumns.length > 0 && idColumns.every((i) => cellText(cells[i]) !== "")) {
    let first = "";
    for (const cell of cells) if ((first = cellText(cell)) !== "") break;
    return first === firstHeader(header) && repeatsHeader(cells, header) ? "repeated-header" : null;
  }
  let filled = 0;
  let first = "";
  for (const cell of cells) {
    const text = cellText(cell);
    if (text === "") continue;
    if (filled === 0) first = text;
    filled++;
  }
  if (filled === 0) return "blank";
  const idsEmpty = idColumns.every((i) => cellText(cells[i]) === "");
  if (idsEmpty && TOTAL.test(first)) return "total";
  if (filled === 1 && header.filter(Boolean).length >= 3 && idsEmpty) return "section";
  if (first === firstHeader(header) && repeatsHeader(cells, header)) return "repeated-header";
  return null;
}

function repeatsHeader(cells: readonly Cell[], header: readonly string[]): boolean {
  return cells.length === header.length && cells.every((c, i) => normaliseHeader(cellText(c)) === normaliseHeader(header[i]!));
}

function firstHeader(header: readonly string[]): string | undefined {
  return header.find((h) => h !== "");
}
