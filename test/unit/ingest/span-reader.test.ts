/** The span parsers (src/ingest/rows/span-reader.ts) and the span forms of the date and amount fast paths. */
import { describe, expect, it } from "vitest";
import { compileSpan, SPAN_FAILED } from "../../../src/ingest/rows/span-reader.js";
import { compileCell, type ReaderContext } from "../../../src/ingest/rows/record-reader.js";
import { dayOfTenChars } from "../../../src/ingest/parse/date.js";
import { fastCents } from "../../../src/ingest/parse/amount.js";
import { dayFromParts } from "../../../src/ledger/day.js";
import type { ValueType } from "../../../src/ingest/columns/fields.js";

const ctx = (order: "dmy" | "mdy" | null, decimal: "." | "," = "."): ReaderContext => ({
  formats: { date: { order }, dateReason: "", decimal: new Map([[0, decimal]]), decimalReason: new Map() },
  values: {},
});

/** The value of `cell` read as a span in the middle of a row, next to the cell parser's. */
function both(type: ValueType, cell: string, c = ctx("dmy")) {
  const read = compileCell(type, 0, "f", c);
  const span = compileSpan(type, 0, c, read);
  const text = `x;${cell};y`;
  const parsed = read(cell);
  return { span: span(text, 2, 2 + cell.length), cell: parsed.ok ? parsed.value : SPAN_FAILED };
}

describe("dayOfTenChars", () => {
  it("reads yyyy-mm-dd and, once the order is known, dd/mm/yyyy at any offset", () => {
    expect(dayOfTenChars("ab2025-03-31", 2, null)).toBe(dayFromParts(2025, 3, 31));
    expect(dayOfTenChars("..31/03/2025..", 2, "dmy")).toBe(dayFromParts(2025, 3, 31));
    expect(dayOfTenChars("03.31.2025", 0, "mdy")).toBe(dayFromParts(2025, 3, 31));
  });
  it("gives null for other shapes, unknown orders and invalid dates alike", () => {
    expect(dayOfTenChars("31/03/2025", 0, null)).toBeNull();
    expect(dayOfTenChars("2025-02-29", 0, null)).toBeNull();
    expect(dayOfTenChars("2025-13-01", 0, null)).toBeNull();
    expect(dayOfTenChars("1899-12-31", 0, null)).toBeNull();
    expect(dayOfTenChars("2025-03/01", 0, null)).toBeNull();
    expect(dayOfTenChars("2025-0a-01", 0, null)).toBeNull();
  });
});

describe("fastCents over a span", () => {
  it("reads the plain amount between two offsets and leaves the rest to the general path", () => {
    expect(fastCents("a,804.28,b", 46, 2, 8)).toBe(80428);
    expect(fastCents("a,-0,b", 46, 2, 4)).toBe(0);
    expect(fastCents("a;1,5;b", 44, 2, 5)).toBe(150);
    expect(fastCents("a, 12,b", 46, 2, 5)).toBeUndefined();
    expect(fastCents("a,1.234,b", 46, 2, 7)).toBeUndefined();
  });
});

describe("compileSpan", () => {
  it("gives the cell parser's value for every cell, common or not", () => {
    const cases: [ValueType, string[]][] = [
      ["text", ["Dupont", " Dupont ", "", "é", "=A1", "  "]],
      ["id", ["C001", "C 001", " C001"]],
      ["date", ["2025-03-31", "31/03/2025", "2025-3-31", " 2025-03-31", "", "2025-02-30", "45000"]],
      ["amount", ["804.28", "-12", "1 000.00", "€5", "(3.00)", "", "1.2.3"]],
      ["kind", ["Invoice", "Credit Note", "Invoice", "", "??", "Invoice "]],
      ["boolean", ["yes", "No", "", "maybe", "yes"]],
      ["number", ["12", "1,5", "x"]],
    ];
    for (const [type, cells] of cases) {
      for (const cell of cells) {
        const { span, cell: value } = both(type, cell);
        expect(span, `${type} ${JSON.stringify(cell)}`).toEqual(value);
      }
    }
  });
  it("reads amounts in the column's decimal mark", () => {
    expect(both("amount", "1,50", ctx(null, ",")).span).toEqual({ cents: 150, currency: null });
  });
  it("remembers a word column's words, its refusals too, past which it parses each cell", () => {
    const c = ctx(null);
    let calls = 0;
    const read = compileCell("kind", 0, "kind", c);
    const span = compileSpan("kind", 0, c, (cell) => (calls++, read(cell)));
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const text = ["Invoice", "??", ...words].join(",");
    let at = 0;
    const spans = text.split(",").map((w) => [at, (at += w.length + 1) - 1] as const);
    expect(span(text, ...spans[0]!)).toBe("invoice");
    expect(span(text, ...spans[0]!)).toBe("invoice");
    expect(span(text, ...spans[1]!)).toBe(SPAN_FAILED);
    expect(span(text, ...spans[1]!)).toBe(SPAN_FAILED);
    expect(calls).toBe(2);
    for (const s of spans.slice(2)) span(text, ...s);
    for (const s of spans.slice(2)) span(text, ...s);
    expect(calls).toBe(2 + 20 + 6); // 14 more words kept (16 in all), the last 6 parsed each time
  });
});
