import fc from "fast-check";
import { describe, it, expect } from "vitest";
import { parseNumber, parseTermsDays } from "../../../src/ingest/parse/number.js";

describe("parseNumber", () => {
  it.each([
    ["72", ",", 72],
    ["72", ".", 72],
    ["72,5", ",", 72.5],
    ["72.5", ".", 72.5],
    [" 72,25 ", ",", 72.25],
    ["-3", ".", -3],
    ["\u22123,5", ",", -3.5],
    ["+4", ".", 4],
    ["0", ".", 0],
    [",5", ",", 0.5],
    ["5.", ".", 5],
    ["1 234,5", ",", 1234.5],
    ["1.234,5", ",", 1234.5],
    ["1,234.5", ".", 1234.5],
    ["1\u202f234", ",", 1234],
    ["'72", ".", 72],
    ["72.123456", ".", 72.123456],
  ] as const)("%j (%s) → %d", (text, mark, expected) => {
    expect(parseNumber(text, mark)).toEqual({ ok: true, value: expected });
  });

  it("plain digits (read without the expression) give what the same digits with a decimal part give", () => {
    const digits = fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 22 });
    fc.assert(fc.property(digits, fc.constantFrom(".", ","), (d, mark) => {
      expect(parseNumber(d, mark)).toEqual(parseNumber(`${d}${mark}0`, mark));
      expect(parseNumber(` ${d} `, mark)).toEqual(parseNumber(d, mark));
    }));
    expect(parseNumber("007", ".")).toEqual({ ok: true, value: 7 });
  });

  it("minus zero is zero", () => {
    const r = parseNumber("-0", ".");
    expect(r.ok && Object.is(r.value, 0)).toBe(true);
  });

  it.each([
    ["72.5", ","],
    ["72,5", "."],
    ["abc", "."],
    ["72 points", "."],
    ["1e5", "."],
    [".", "."],
    ["-", "."],
    ["1.2.3", "."],
    ["1,23,4", "."],
    ["--1", "."],
    ["NaN", "."],
    ["Infinity", "."],
  ] as const)("%j (%s) fails", (text, mark) => {
    const r = parseNumber(text, mark);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("not a number");
  });

  it("empty fails", () => {
    expect(parseNumber("", ".")).toEqual({ ok: false, reason: "empty" });
    expect(parseNumber("  ", ",")).toEqual({ ok: false, reason: "empty" });
  });

  it("a number too long for a double fails", () => {
    const r = parseNumber("9".repeat(400), ".");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("too large");
  });
});

describe("parseTermsDays", () => {
  it.each([
    ["30", 30],
    [" 0 ", 0],
    ["30 jours", 30],
    ["30j", 30],
    ["45 jours fin de mois", 45],
    ["45 jours fin de mois le 10", 45],
    ["à 60 jours", 60],
    ["30 dagen", 30],
    ["30 Tage", 30],
    ["14 Tage netto", 14],
    ["Net 30", 30],
    ["net 60", 60],
    ["NET30", 30],
    ["Netto 30 dagen", 30],
    ["2/10 net 30", 30],
    ["30E", 30],
    ["60F", 60],
    ["30 days", 30],
    ["30 days EOM", 30],
    ["30,0 jours", 30],
    ["3650", 3650],
    ["030", 30],
  ] as const)("%j → %d", (text, expected) => {
    expect(parseTermsDays(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [30, 30],
    [0, 0],
    [3650, 3650],
  ])("number %d → %d", (n, expected) => {
    expect(parseTermsDays(n)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", "empty"],
    ["comptant", "no number of days"],
    ["fin de mois", "no number of days"],
    ["-30", "negative"],
    ["net -30", "negative"],
    ["\u221230 jours", "negative"],
    ["3651", "too long"],
    ["99999999999999999999 days", "too long"],
    ["30.5 days", "whole number"],
    ["30-60", "several numbers"],
    ["30 ou 60", "several numbers"],
    ["30 jours ou 60 jours", "several numbers"],
  ] as const)("%j fails: %s", (text, expected) => {
    const r = parseTermsDays(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(expected);
  });

  it.each([
    [-1, "negative"],
    [30.5, "whole number"],
    [3651, "too long"],
    [Number.NaN, "not payment terms"],
    [Infinity, "not payment terms"],
  ])("number %d fails: %s", (n, expected) => {
    const r = parseTermsDays(n);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(expected);
  });
});
