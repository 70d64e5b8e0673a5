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
  if (cells.length === header.length && first === firstHeader(header) && cells.every((c, i) => normaliseHeader(cellText(c)) === normaliseHeader(header[i]!))) {
    return "repeated-header";
  }
  return null;
}

function firstHeader(header: readonly string[]): string | undefined {
  return header.find((h) => h !== "");
}
