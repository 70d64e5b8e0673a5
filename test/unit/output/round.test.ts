import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundHalfAway, roundHalfAwayByText } from "../../../src/output/round.js";

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
