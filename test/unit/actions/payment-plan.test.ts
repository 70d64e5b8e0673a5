import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysInMonth, formatDay, parseIsoDay, partsOfDay, type Day } from "../../../src/ledger/day.js";
import { paymentPlan } from "../../../src/actions/payment-plan.js";

const d = (iso: string): Day => {
  const day = parseIsoDay(iso);
  if (day === null) throw new Error(`bad test date ${iso}`);
  return day;
};

const show = (plan: { date: Day; amount: number }[]) => plan.map((i) => [formatDay(i.date), i.amount]);

describe("paymentPlan", () => {
  it("splits into equal instalments with the remainder cents on the first, from a 31 January start", () => {
    // 1,000.00 / 3 = 333.33 × 3 = 999.99, remainder 0.01 on the first; 31 Jan → 28 Feb (2026) → 31 Mar
    expect(show(paymentPlan(100_000, 3, 10_000, d("2026-01-31")))).toEqual([
      ["2026-01-31", 33_334], ["2026-02-28", 33_333], ["2026-03-31", 33_333],
    ]);
  });

  it("clamps to 29 February in a leap year and keeps the start day afterwards", () => {
    // 31 Jan 2024 → 29 Feb → 31 Mar → 30 Apr → 31 May; 500.00 / 5 = 100.00
    expect(show(paymentPlan(50_000, 5, 0, d("2024-01-31")))).toEqual([
      ["2024-01-31", 10_000], ["2024-02-29", 10_000], ["2024-03-31", 10_000], ["2024-04-30", 10_000], ["2024-05-31", 10_000],
    ]);
  });

  it("rolls over the year end", () => {
    // 1,234.57 / 4: 308.64 × 3 = 925.92, first 1,234.57 − 925.92 = 308.65
    expect(show(paymentPlan(123_457, 4, 5_000, d("2025-11-30")))).toEqual([
      ["2025-11-30", 30_865], ["2025-12-30", 30_864], ["2026-01-30", 30_864], ["2026-02-28", 30_864],
    ]);
  });

  it("uses fewer instalments when the minimum requires it", () => {
    // 250.00 in up to 6 with 100.00 minimum: 250 / 100 → 2 instalments of 125.00
    expect(show(paymentPlan(25_000, 6, 10_000, d("2026-05-15")))).toEqual([["2026-05-15", 12_500], ["2026-06-15", 12_500]]);
    // exactly 3 × minimum: 3 instalments of the minimum
    expect(paymentPlan(30_000, 6, 10_000, d("2026-05-15")).map((i) => i.amount)).toEqual([10_000, 10_000, 10_000]);
    // one cent short of 3 × minimum: 2 instalments (150.00 / 149.99)
    expect(paymentPlan(29_999, 6, 10_000, d("2026-05-15")).map((i) => i.amount)).toEqual([15_000, 14_999]);
  });

  it("gives one instalment of the total when the total is below the minimum", () => {
    expect(show(paymentPlan(5_000, 6, 10_000, d("2026-05-15")))).toEqual([["2026-05-15", 5_000]]);
  });

  it("returns [] when the total is ≤ 0", () => {
    expect(paymentPlan(0, 3, 1_000, d("2026-05-15"))).toEqual([]);
    expect(paymentPlan(-10_000, 3, 1_000, d("2026-05-15"))).toEqual([]);
  });

  it("property: sums exactly, respects the count and the minimum, and falls monthly on the clamped start day", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000_000_000 })),
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: d("2000-01-01"), max: d("2099-12-31") }),
        (total, instalments, min, start) => {
          const plan = paymentPlan(total, instalments, min, start);
          expect(plan.reduce((s, i) => s + i.amount, 0)).toBe(total);
          expect(plan.length).toBeGreaterThanOrEqual(1);
          expect(plan.length).toBeLessThanOrEqual(instalments);
          if (total < min) expect(plan).toEqual([{ date: start, amount: total }]);
          else for (const i of plan) expect(i.amount).toBeGreaterThanOrEqual(min);
          // as many instalments as allowed: one more would break the cap or the minimum
          if (plan.length < instalments) expect(Math.floor(total / (plan.length + 1))).toBeLessThan(min);
          // equal amounts, the first carrying the remainder (< the count)
          const rest = plan.slice(1).map((i) => i.amount);
          for (const a of rest) expect(a).toBe(rest[0]);
          if (rest[0] !== undefined) expect(plan[0]!.amount - rest[0]).toBeGreaterThanOrEqual(0);
          if (rest[0] !== undefined) expect(plan[0]!.amount - rest[0]).toBeLessThan(plan.length);
          // dates: the start, then the same day of each following month, clamped to its end
          const [y0, m0, d0] = partsOfDay(start);
          plan.forEach((inst, k) => {
            const [y, m, day] = partsOfDay(inst.date);
            expect((y - y0) * 12 + (m - m0)).toBe(k);
            expect(day).toBe(Math.min(d0, daysInMonth(y, m)));
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
