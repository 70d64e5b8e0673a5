import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundedText, roundHalfAway, roundHalfAwayByText } from "../../../src/output/round.js";

describe("roundHalfAway", () => {
  it("rounds halves away from zero, after undoing one division's binary noise", () => {
    expect(roundHalfAway(2.345, 2)).toBe(2.35); // stored as 2.34499…
    expect(roundHalfAway(-2.345, 2)).toBe(-2.35);
    expect(roundHalfAway(0.00005, 4)).toBe(0.0001);
    expect(roundHalfAway(-0.00004, 4)).toBe(0); // never -0
    expect(Object.is(roundHalfAway(-0.00004, 4), 0)).toBe(true);
    expect(roundHalfAway(10 / 3, 4)).toBe(3.3333);
    expect(roundHalfAway(-2 / 3, 4)).toBe(-0.6667);
    expect(roundHalfAway(123456.78945, 4)).toBe(123456.7895);
    expect(roundHalfAway(1e20 / 7, 4)).toBe(roundHalfAwayByText(1e20 / 7, 4));
    expect(roundHalfAway(Number.NaN, 2)).toBeNaN();
  });

  it("gives what the digit-by-digit method gives, on any double and on values near a half", () => {
    const nearHalf = fc.tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 4 })).map(([n, nudge, d]) => (n + 0.5) / 10 ** d + nudge * Number.EPSILON * Math.abs(n + 1));
    const ratio = fc.tuple(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: 1, max: 100_000 })).map(([a, b]) => a / b);
    const any = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
    fc.assert(
      fc.property(fc.oneof(nearHalf, ratio, any), fc.integer({ min: 0, max: 4 }), (value, decimals) => {
        expect(roundHalfAway(value, decimals)).toBe(roundHalfAwayByText(value, decimals));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("roundedText", () => {
  it("writes the rounded value by its digits, as String writes it", () => {
    expect(roundedText(10 / 3, 4)).toBe("3.3333");
    expect(roundedText(-2 / 3, 4)).toBe("-0.6667");
    expect(roundedText(0.5, 4)).toBe("0.5");
    expect(roundedText(12.30001, 4)).toBe("12.3");
    expect(roundedText(7, 4)).toBe("7");
    expect(roundedText(-0.00004, 4)).toBe("0"); // never "-0"
    expect(roundedText(0.00005, 4)).toBe("0.0001");
    expect(roundedText(1e20 / 7, 4)).toBe(String(roundHalfAway(1e20 / 7, 4))); // past 15 digits: String's own text
    expect(roundedText(Number.NaN, 4)).toBe("NaN");
    expect(roundedText(1 / 3, 6)).toBe("0.333333");
  });

  it("gives String(roundHalfAway(value, decimals)) on any double, at 0 to 6 decimals", () => {
    const fraction = fc.tuple(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 4 })).map(([whole, f, d]) => whole / 10 ** (d % 3) + f / 10 ** d);
    const ratio = fc.tuple(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: 1, max: 100_000 })).map(([a, b]) => a / b);
    const large = fc.double({ noNaN: true, min: -1e13, max: 1e13 });
    const any = fc.double({ noNaN: true });
    fc.assert(
      fc.property(fc.oneof(fraction, ratio, large, any), fc.integer({ min: 0, max: 6 }), (value, decimals) => {
        expect(roundedText(value, decimals)).toBe(String(roundHalfAway(value, decimals)));
      }),
      { numRuns: 20_000 },
    );
  });
});
