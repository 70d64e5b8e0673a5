import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsToNumber, formatCents } from "../../../src/ledger/money.js";

describe("formatCents", () => {
  it("writes major units with a dot and exactly two decimals", () => {
    expect(formatCents(123456)).toBe("1234.56");
    expect(formatCents(-5)).toBe("-0.05");
    expect(formatCents(0)).toBe("0.00");
    expect(formatCents(100)).toBe("1.00");
    expect(formatCents(-120)).toBe("-1.20");
    expect(formatCents(Number.MAX_SAFE_INTEGER)).toBe("90071992547409.91");
  });

  it("is the cents' digits with a point two places from the right, for any safe integer", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger().chain((n) => fc.constantFrom(n, -n, n % 1000, -(n % 1000))), (cents) => {
        const digits = String(Math.abs(cents)).padStart(3, "0");
        const expected = `${cents < 0 ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
        expect(formatCents(cents)).toBe(expected);
        expect(centsToNumber(cents)).toBe(Number(expected));
      }),
      { numRuns: 5000 },
    );
  });
});
