/** The span parsers (src/ingest/rows/span-reader.ts) and the span forms of the date and amount fast paths. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSpan, knownTaker, knownValue, knownValues, spanHint, SPAN_FAILED, TAKE_CENTS, TAKE_DAY, takenCents, takenPlace, type KnownTaker } from "../../../src/ingest/rows/span-reader.js";
import { compileCell, type ReaderContext } from "../../../src/ingest/rows/record-reader.js";
import { dayOfTenChars } from "../../../src/ingest/parse/date.js";
import { fastCents } from "../../../src/ingest/parse/amount.js";
import { dayFromParts } from "../../../src/ledger/day.js";
import type { ValueType } from "../../../src/ingest/columns/fields.js";

type DateOrAmount = Parameters<typeof knownValue>[0];

/** A known value taken as the walk over the rows takes it, by its taker's kind (read-rows.ts readKnown). */
function taken(take: KnownTaker, known: number): unknown {
  return take.how === TAKE_DAY ? known : take.how === TAKE_CENTS ? takenCents(take, known) : takenPlace(take, known);
}

const ctx = (order: "dmy" | "mdy" | null, decimal: "." | "," = "."): ReaderContext => ({
  formats: { date: { order }, dateReason: "", decimal: new Map([[0, decimal]]), decimalReason: new Map() },
  values: {},
});

/**
 * The value of `cell` read as a span in the middle of a row, next to the cell parser's, and
 * read again with the value knownValue works out for it (as the thread splitting the rows gives it).
 */
function both(type: ValueType, cell: string, c = ctx("dmy")) {
  const read = compileCell(type, 0, "f", c);
  const hint = spanHint(type, 0, c, "customer_id");
  const take = knownTaker(type, hint);
  const span = compileSpan(type, read, hint, take);
  const text = `x;${cell};y`;
  const parsed = read(cell);
  const known = hint ? knownValues(hint)(text, 2, 2 + cell.length) : NaN;
  const withKnown = span(text, 2, 2 + cell.length, known);
  // as the walk over the rows takes it, without the parser (which has read this place's text just above)
  const takenValue = known === known && take ? taken(take, known) : undefined;
  return { span: span(text, 2, 2 + cell.length, NaN), withKnown, takenValue, known, cell: parsed.ok ? parsed.value : SPAN_FAILED };
}

describe("dayOfTenChars", () => {
  it("gives dayFromParts' day for every year, month and day of ten characters, in the three orders, null where it has none or the year is out of range", () => {
    const two = (n: number) => String(n).padStart(2, "0");
    let checked = 0;
    for (let y = 1898; y <= 2202; y++) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const expected = y < 1900 || y > 2200 ? null : dayFromParts(y, m, d);
          const sep = "-/."[(y + m + d) % 3]!;
          expect(dayOfTenChars(`${y}${sep}${two(m)}${sep}${two(d)}`, 0, null)).toBe(expected);
          expect(dayOfTenChars(`x${two(d)}${sep}${two(m)}${sep}${y}`, 1, "dmy")).toBe(expected);
          expect(dayOfTenChars(`${two(m)}${sep}${two(d)}${sep}${y}`, 0, "mdy")).toBe(expected);
          checked++;
        }
      }
    }
    expect(checked).toBe(305 * 14 * 33);
  });
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

/** The span parser of a document-type column, counting the calls of its cell parser. */
function countedKinds() {
  const c = ctx(null);
  let calls = 0;
  const read = compileCell("kind", 0, "kind", c);
  const hint = spanHint("kind", 0, c)!;
  const span = compileSpan("kind", (cell) => (calls++, read(cell)), hint);
  return { span, read, hint, calls: () => calls };
}

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
        const { span, withKnown, cell: value } = both(type, cell);
        expect(span, `${type} ${JSON.stringify(cell)}`).toEqual(value);
        expect(withKnown, `${type} ${JSON.stringify(cell)} with its known value`).toEqual(value);
      }
    }
  });
  it("takes a known value without the parser as the parser gives it: days and cents at once, a place's value once the parser read it", () => {
    const cases: [ValueType, string, boolean][] = [
      ["date", "2025-03-31", true],
      ["date", "31/03/2025", true],
      ["amount", "804.28", true],
      ["amount", "-12", true],
      ["kind", "Credit Note", true],
      ["boolean", "yes", true],
      ["id", "C001", true], // a customer id: numbered by place
      ["text", "Dupont", false], // no known value
    ];
    for (const [type, cell, numbered] of cases) {
      const { takenValue, known, cell: value } = both(type, cell);
      expect(known === known, `${type} ${cell} has a known value`).toBe(numbered);
      if (numbered) expect(takenValue, `${type} ${cell} taken`).toEqual(value);
    }
    const c = ctx(null);
    const take = knownTaker("kind", spanHint("kind", 0, c))!;
    expect(takenPlace(take, 0)).toBeUndefined(); // no text read at that place yet: the parser reads it
  });
  it("takes a known value as given, and reads the span itself when it is NaN", () => {
    const c = ctx("dmy");
    const date = compileSpan("date", compileCell("date", 0, "f", c), spanHint("date", 0, c));
    expect(date("2025-03-31", 0, 10, 12345)).toBe(12345);
    expect(date("2025-03-31", 0, 10, NaN)).toBe(dayFromParts(2025, 3, 31));
    expect(date("", 0, 0, 12345)).toBeNull();
    const amount = compileSpan("amount", compileCell("amount", 0, "f", c), spanHint("amount", 0, c));
    expect(amount("804.28", 0, 6, -7)).toEqual({ cents: -7, currency: null });
    expect(amount("804.28", 0, 6, NaN)).toEqual({ cents: 80428, currency: null });
  });
  it("works out known values only for the fast path's shapes, NaN for the rest", () => {
    const date = spanHint("date", 0, ctx("dmy")) as DateOrAmount;
    expect(knownValue(date, "x,31/03/2025", 2, 12)).toBe(dayFromParts(2025, 3, 31));
    expect(knownValue(date, "x,2025-3-31", 2, 11)).toBeNaN();
    expect(knownValue(date, "x,", 2, 2)).toBeNaN();
    const amount = spanHint("amount", 0, ctx(null, ",")) as DateOrAmount;
    expect(knownValue(amount, "1,50", 0, 4)).toBe(150);
    expect(knownValue(amount, "€5", 0, 2)).toBeNaN();
    expect(spanHint("text", 0, ctx(null))).toBeNull();
  });
  it("reads amounts in the column's decimal mark", () => {
    expect(both("amount", "1,50", ctx(null, ",")).span).toEqual({ cents: 150, currency: null });
  });
  it("remembers a word column's words, its refusals too, past which it parses each cell", () => {
    const { span, calls } = countedKinds();
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const text = ["Invoice", "??", ...words].join(",");
    let at = 0;
    const spans = text.split(",").map((w) => [at, (at += w.length + 1) - 1] as const);
    expect(span(text, ...spans[0]!, NaN)).toBe("invoice");
    expect(span(text, ...spans[0]!, NaN)).toBe("invoice");
    expect(span(text, ...spans[1]!, NaN)).toBe(SPAN_FAILED);
    expect(span(text, ...spans[1]!, NaN)).toBe(SPAN_FAILED);
    expect(calls()).toBe(2);
    for (const s of spans.slice(2)) span(text, ...s, NaN);
    for (const s of spans.slice(2)) span(text, ...s, NaN);
    expect(calls()).toBe(2 + 20 + 6); // 14 more words kept (16 in all), the last 6 parsed each time
  });
  it("reads each distinct text of a repeating column once, by the place the splitting thread gives it", () => {
    const { span, calls, read } = countedKinds();
    const place = knownValues({ kind: "distinct", limit: 3 }); // a small limit: past it, spans come without a place
    const cells = ["Invoice", "??", "Invoice", "Credit Note", "Avoir", "Avoir", "??", "", "Invoice", "Credit Note"];
    const text = cells.join(",");
    let at = 0;
    const places: number[] = [];
    for (const cell of cells) {
      const start = at;
      at += cell.length + 1;
      const known = place(text, start, start + cell.length);
      places.push(known);
      const parsed = read(cell);
      expect(span(text, start, start + cell.length, known), JSON.stringify(cell)).toEqual(cell === "" ? null : parsed.ok ? parsed.value : SPAN_FAILED);
    }
    expect(places).toEqual([0, 1, 0, 2, NaN, NaN, 1, NaN, 0, 2]);
    expect(calls()).toBe(5); // once per place (3); "Avoir" and the empty cell come without one, and the word column remembers them itself
  });
  it("keeps every numbered word, past the 16 a word column remembers on its own", () => {
    const { span, calls, hint } = countedKinds();
    const place = knownValues(hint);
    const text = Array.from({ length: 20 }, (_, i) => `w${i}`).join(",");
    for (let pass = 0; pass < 3; pass++) {
      const places: number[] = [];
      for (let i = 0, start = 0; i < 20; start += `w${i}`.length + 1, i++) {
        const end = start + `w${i}`.length;
        places.push(place(text, start, end));
        expect(span(text, start, end, places[i]!)).toBe(SPAN_FAILED);
      }
      expect(places, "the same places on every pass, past the 16 words compared too").toEqual(Array.from({ length: 20 }, (_, i) => i));
    }
    expect(calls()).toBe(20);
  });
  it("gives a customer id one string for all its rows, and numbers only the customer id of ids", () => {
    const c = ctx(null);
    const hint = spanHint("id", 0, c, "customer_id")!;
    expect(hint).toEqual({ kind: "distinct", limit: 1 << 18 });
    expect(spanHint("id", 0, c, "invoice_id")).toBeNull();
    const span = compileSpan("id", compileCell("id", 0, "customer_id", c), hint);
    const place = knownValues(hint);
    const text = "CUSTOMER-000000001,INV-1,CUSTOMER-000000001";
    const first = span(text, 0, 18, place(text, 0, 18));
    const again = span(text, 25, 43, place(text, 25, 43));
    expect(first).toBe("CUSTOMER-000000001");
    expect(again).toBe("CUSTOMER-000000001");
    // the value comes from the place, not from reading the span again (a string per row is what this saves)
    expect(span("C2", 0, 2, 0)).toBe("CUSTOMER-000000001");
    expect(span("C2", 0, 2, NaN)).toBe("C2");
  });
  it("numbers a column's texts in the order first seen, whatever their runs and repeats, up to its limit (property)", () => {
    const texts = fc.oneof(fc.constantFrom("C1", "C2", "C10", "C100", "CUSTOMER-000000001", "CUSTOMER-000000002", ""), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(texts, fc.integer({ min: 1, max: 4 })), { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (runs, limit) => {
        const cells = runs.flatMap(([t, n]) => Array.from({ length: n }, () => t));
        const text = cells.join(";");
        const place = knownValues({ kind: "distinct", limit });
        const seen = new Map<string, number>();
        let at = 0;
        for (const cell of cells) {
          const expected = cell === "" ? NaN : (seen.get(cell) ?? (seen.size < limit ? (seen.set(cell, seen.size), seen.size - 1) : NaN));
          expect(place(text, at, at + cell.length)).toBe(expected);
          at += cell.length + 1;
        }
      }),
      { numRuns: 300 },
    );
  });
});
