/**
 * Amounts and dates as each language writes them, by integer arithmetic (no ICU).
 */
import { describe, expect, it } from "vitest";
import { currencySymbol, formatDate, formatMoney, formatNumber, formatPercent } from "../../../src/drafts/format.js";
import { parseIsoDay } from "../../../src/ledger/day.js";

const N = "\u202F";

function day(iso: string): number {
  const d = parseIsoDay(iso);
  if (d === null) throw new Error(iso);
  return d;
}

describe("formatMoney", () => {
  it("writes 1 234,56 € in fr with U+202F as thousands separator", () => {
    expect(formatMoney(123456, "EUR", "fr")).toBe(`1${N}234,56 €`);
    expect(formatMoney(123456789, "EUR", "fr")).toBe(`1${N}234${N}567,89 €`);
  });

  it("writes € 1.234,56 in nl, 1.234,56 € in de, €1,234.56 in en", () => {
    expect(formatMoney(123456, "EUR", "nl")).toBe("€ 1.234,56");
    expect(formatMoney(123456, "EUR", "de")).toBe("1.234,56 €");
    expect(formatMoney(123456, "EUR", "en")).toBe("€1,234.56");
    expect(formatMoney(123456789, "EUR", "nl")).toBe("€ 1.234.567,89");
    expect(formatMoney(123456789, "EUR", "de")).toBe("1.234.567,89 €");
    expect(formatMoney(123456789, "EUR", "en")).toBe("€1,234,567.89");
  });

  it("writes zero and small amounts with two decimals", () => {
    expect(formatMoney(0, "EUR", "fr")).toBe("0,00 €");
    expect(formatMoney(0, "EUR", "nl")).toBe("€ 0,00");
    expect(formatMoney(0, "EUR", "de")).toBe("0,00 €");
    expect(formatMoney(0, "EUR", "en")).toBe("€0.00");
    expect(formatMoney(5, "EUR", "en")).toBe("€0.05");
    expect(formatMoney(100000, "EUR", "fr")).toBe(`1${N}000,00 €`);
    expect(formatMoney(99999, "EUR", "de")).toBe("999,99 €");
  });

  it("puts the minus sign where each language writes it", () => {
    expect(formatMoney(-123456, "EUR", "fr")).toBe(`-1${N}234,56 €`);
    expect(formatMoney(-123456, "EUR", "nl")).toBe("€ -1.234,56");
    expect(formatMoney(-123456, "EUR", "de")).toBe("-1.234,56 €");
    expect(formatMoney(-123456, "EUR", "en")).toBe("-€1,234.56");
    expect(formatMoney(-5, "EUR", "fr")).toBe("-0,05 €");
  });

  it("writes GBP as £ and other currencies with their ISO code", () => {
    expect(formatMoney(123456, "GBP", "en")).toBe("£1,234.56");
    expect(formatMoney(123456, "GBP", "fr")).toBe(`1${N}234,56 £`);
    expect(formatMoney(123456, "USD", "en")).toBe("USD 1,234.56");
    expect(formatMoney(123456, "USD", "fr")).toBe(`1${N}234,56 USD`);
    expect(formatMoney(123456, "USD", "nl")).toBe("USD 1.234,56");
    expect(formatMoney(-123456, "USD", "en")).toBe("-USD 1,234.56");
    expect(formatMoney(123456, "chf", "de")).toBe("1.234,56 CHF");
    expect(currencySymbol(" eur ")).toBe("€");
  });

  it("is exact up to the largest safe number of cents", () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "EUR", "en")).toBe("€90,071,992,547,409.91");
    expect(formatNumber(-Number.MAX_SAFE_INTEGER, "de")).toBe("-90.071.992.547.409,91");
  });

  it("refuses a non-integer amount", () => {
    expect(() => formatMoney(1.5, "EUR", "fr")).toThrow(RangeError);
  });
});

describe("formatDate", () => {
  it("writes dd/mm/yyyy in fr and en, dd-mm-yyyy in nl, dd.mm.yyyy in de", () => {
    const d = day("2026-03-05");
    expect(formatDate(d, "fr")).toBe("05/03/2026");
    expect(formatDate(d, "en")).toBe("05/03/2026");
    expect(formatDate(d, "nl")).toBe("05-03-2026");
    expect(formatDate(d, "de")).toBe("05.03.2026");
  });

  it("handles leap days and the epoch", () => {
    expect(formatDate(day("2024-02-29"), "de")).toBe("29.02.2024");
    expect(formatDate(0, "fr")).toBe("01/01/1970");
    expect(formatDate(day("1969-12-31"), "nl")).toBe("31-12-1969");
  });
});

describe("formatPercent", () => {
  it("writes rates per language", () => {
    expect(formatPercent(12.15, "fr")).toBe(`12,15${N}%`);
    expect(formatPercent(10.15, "nl")).toBe("10,15%");
    expect(formatPercent(10.27, "de")).toBe("10,27 %");
    expect(formatPercent(10.5, "en")).toBe("10.50%");
  });
});
