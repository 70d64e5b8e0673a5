import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { parseDate, type DateFormat } from "../../../src/ingest/parse/date.js";
import { dayFromParts, partsOfDay, type Day } from "../../../src/ledger/day.js";
import type { Parsed } from "../../../src/ingest/parse/result.js";

const FIRST = dayFromParts(1900, 1, 1) as Day;
const LAST = dayFromParts(2200, 12, 31) as Day;
const MARCH_1900 = dayFromParts(1900, 3, 1) as Day;
const EPOCH_1904 = dayFromParts(1904, 1, 1) as Day;

const p2 = (n: number): string => String(n).padStart(2, "0");

interface Form {
  name: string;
  format: DateFormat;
  render(y: number, m: number, d: number): string | null;
}
const FORMS: readonly Form[] = [
  { name: "yyyy-mm-dd", format: { order: null }, render: (y, m, d) => `${y}-${p2(m)}-${p2(d)}` },
  { name: "yyyy/mm/dd", format: { order: null }, render: (y, m, d) => `${y}/${p2(m)}/${p2(d)}` },
  { name: "ISO with time", format: { order: null }, render: (y, m, d) => `${y}-${p2(m)}-${p2(d)}T23:59:59Z` },
  { name: "yyyymmdd", format: { order: null }, render: (y, m, d) => `${y}${p2(m)}${p2(d)}` },
  { name: "dd/mm/yyyy", format: { order: "dmy" }, render: (y, m, d) => `${p2(d)}/${p2(m)}/${y}` },
  { name: "dd-mm-yyyy", format: { order: "dmy" }, render: (y, m, d) => `${p2(d)}-${p2(m)}-${y}` },
  { name: "dd.mm.yyyy", format: { order: "dmy" }, render: (y, m, d) => `${p2(d)}.${p2(m)}.${y}` },
  { name: "d/m/yyyy", format: { order: "dmy" }, render: (y, m, d) => `${d}/${m}/${y}` },
  { name: "dd/mm/yyyy hh:mm", format: { order: "dmy" }, render: (y, m, d) => `${p2(d)}/${p2(m)}/${y} 00:00` },
  { name: "mm/dd/yyyy", format: { order: "mdy" }, render: (y, m, d) => `${p2(m)}/${p2(d)}/${y}` },
  {
    name: "d/m/yy",
    format: { order: "dmy" },
    render: (y, m, d) => (y >= 1930 && y <= 2029 ? `${d}/${m}/${p2(y % 100)}` : null),
  },
  {
    name: "dd/mm/yyyy, order unknown",
    format: { order: null },
    // decidable without an order only when a part is > 12 or both parts are equal
    render: (y, m, d) => (d > 12 || d === m ? `${p2(d)}/${p2(m)}/${y}` : null),
  },
];

function isWellFormed(r: Parsed<Day>): boolean {
  if (r.ok) return Number.isSafeInteger(r.value) && r.value >= FIRST && r.value <= LAST;
  return typeof r.reason === "string" && r.reason.length > 0;
}

describe("parseDate properties", () => {
  const dayArb = fc.integer({ min: FIRST, max: LAST });

  it("parse(format(day)) === day for every form", () => {
    fc.assert(
      fc.property(dayArb, fc.constantFrom(...FORMS), (day, form) => {
        const [y, m, d] = partsOfDay(day);
        const text = form.render(y, m, d);
        if (text === null) return;
        expect(parseDate(text, form.format), `${form.name}: ${text}`).toEqual({ ok: true, value: day });
      }),
      { numRuns: 5000 },
    );
  });

  it("serial numbers round-trip in both date systems", () => {
    fc.assert(
      fc.property(dayArb, fc.double({ min: 0, max: 0.999, noNaN: true }), (day, time) => {
        const serial1900 = day >= MARCH_1900 ? day - (MARCH_1900 - 61) : day - (FIRST - 1);
        expect(parseDate(serial1900 + time, { order: null })).toEqual({ ok: true, value: day });
        if (serial1900 <= 99999) expect(parseDate(String(serial1900), { order: "dmy" })).toEqual({ ok: true, value: day });
        if (day >= EPOCH_1904) {
          expect(parseDate(day - EPOCH_1904 + time, { order: null, date1904: true })).toEqual({ ok: true, value: day });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws and always returns a Parsed, on arbitrary input", () => {
    const dateish = fc.string({ unit: fc.constantFrom(..."0123456789/-.: TZ+,'".split("")), maxLength: 24 });
    const formatArb = fc.record({
      order: fc.constantFrom<DateFormat["order"]>("dmy", "mdy", null),
      date1904: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          fc.string({ unit: "grapheme" }),
          dateish,
          fc.double(),
          fc.integer(),
        ),
        formatArb,
        (cell, format) => {
          let r: Parsed<Day> | undefined;
          expect(() => {
            r = parseDate(cell, format);
          }).not.toThrow();
          expect(r !== undefined && isWellFormed(r)).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
