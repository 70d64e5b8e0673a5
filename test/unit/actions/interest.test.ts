import { describe, expect, it } from "vitest";
import { parseIsoDay, type Day } from "../../../src/ledger/day.js";
import {
  countryOf, halfYearStart, nextHalfYearStart, RATE_TABLE, statutoryRate, tableCoverage, type Country,
} from "../../../src/actions/interest-rates.js";
import { fixedCompensation, lateInterest } from "../../../src/actions/late-interest.js";

const d = (iso: string): Day => {
  const day = parseIsoDay(iso);
  if (day === null) throw new Error(`bad test date ${iso}`);
  return day;
};

const COUNTRIES: Country[] = ["FR", "BE", "NL", "DE", "GB"];

describe("rate table", () => {
  it("re-derives every rate from its reference rate and the country's margin (BE rounded up to the half point)", () => {
    for (const c of COUNTRIES) {
      const rule = RATE_TABLE[c];
      for (const row of rule.rates) {
        const sum = Math.round((row.reference + rule.margin) * 100) / 100;
        const expected = rule.roundUpToHalf ? Math.ceil(sum * 2 - 1e-9) / 2 : sum;
        expect(row.rate, `${c} ${row.start}`).toBe(expected);
      }
    }
  });

  it("covers H1 2023 to H2 2026 for every country, one row per half-year, without gaps", () => {
    for (const c of COUNTRIES) {
      const starts = RATE_TABLE[c].rates.map((r) => d(r.start));
      expect(starts).toHaveLength(8);
      starts.forEach((s, i) => {
        expect(halfYearStart(s)).toBe(s);
        if (i > 0) expect(s).toBe(nextHalfYearStart(starts[i - 1]!));
      });
      expect(tableCoverage(c)).toEqual({ from: "2023-01-01", to: "2026-12-31" });
    }
  });

  it("gives the rate in force on 1 January / 1 July for every day of the half-year", () => {
    expect(statutoryRate("FR", d("2025-01-01"))).toBe(13.15); // ECB 3.15 + 10
    expect(statutoryRate("FR", d("2025-06-30"))).toBe(13.15);
    expect(statutoryRate("FR", d("2025-07-01"))).toBe(12.15); // ECB 2.15 + 10
    expect(statutoryRate("NL", d("2024-07-01"))).toBe(12.25); // ECB 4.25 + 8
    expect(statutoryRate("DE", d("2026-03-15"))).toBe(10.27); // Basiszins 1.27 + 9
    expect(statutoryRate("GB", d("2024-03-15"))).toBe(13.25); // BoE 5.25 + 8
  });

  it("rounds BE up to the next half point where NL, on the same ECB rate, does not round", () => {
    // ECB 3.15 + 8 = 11.15 → BE 11.5; ECB 4.25 + 8 = 12.25 → BE 12.5; ECB 2.15 + 8 = 10.15 → BE 10.5
    expect([statutoryRate("BE", d("2025-02-01")), statutoryRate("NL", d("2025-02-01"))]).toEqual([11.5, 11.15]);
    expect([statutoryRate("BE", d("2024-08-01")), statutoryRate("NL", d("2024-08-01"))]).toEqual([12.5, 12.25]);
    expect([statutoryRate("BE", d("2025-08-01")), statutoryRate("NL", d("2025-08-01"))]).toEqual([10.5, 10.15]);
    // already on a half point: 4.50 + 8 = 12.5 stays 12.5; 4.00 + 8 = 12.0 stays 12.0
    expect(statutoryRate("BE", d("2024-01-01"))).toBe(12.5);
    expect(statutoryRate("BE", d("2023-07-01"))).toBe(12);
  });

  it("returns null outside the table", () => {
    expect(statutoryRate("FR", d("2022-12-31"))).toBeNull();
    expect(statutoryRate("DE", d("2027-01-01"))).toBeNull();
  });

  it("lets the user's overrides win and extend the table, keyed by any country spelling and any day of the half-year", () => {
    const overrides = { UK: { "2027-01-01": 12 }, France: { "2025-03-01": 13 }, NL: { "2025-01-01": 11, "2025-02-01": 99 } };
    expect(statutoryRate("GB", d("2027-05-31"), overrides)).toBe(12);
    expect(statutoryRate("GB", d("2027-07-01"), overrides)).toBeNull();
    expect(statutoryRate("FR", d("2025-06-30"), overrides)).toBe(13);
    expect(statutoryRate("FR", d("2025-07-01"), overrides)).toBe(12.15);
    expect(statutoryRate("NL", d("2025-04-01"), overrides)).toBe(11); // the half-year's first day wins
    expect(statutoryRate("DE", d("2025-04-01"), overrides)).toBe(11.27);
    expect(statutoryRate("FR", d("2025-04-01"), { FR: { "2025-01-01": Number.NaN } })).toBe(13.15);
  });
});

describe("countryOf", () => {
  it("reads codes and names in EN/FR/NL/DE, any case, accents and punctuation ignored", () => {
    const cases: [string, Country][] = [
      ["FR", "FR"], ["France", "FR"], ["fra", "FR"], ["Frankreich", "FR"],
      ["BE", "BE"], ["Belgique", "BE"], ["België", "BE"], ["Belgie", "BE"], ["Belgium", "BE"], ["Belgien", "BE"],
      ["NL", "NL"], ["Nederland", "NL"], ["the Netherlands", "NL"], ["Pays-Bas", "NL"], ["Niederlande", "NL"],
      ["DE", "DE"], ["de", "DE"], ["Deutschland", "DE"], ["Germany", "DE"], ["Allemagne", "DE"], ["Duitsland", "DE"],
      ["GB", "GB"], ["UK", "GB"], ["U.K.", "GB"], ["United Kingdom", "GB"], ["  united   kingdom ", "GB"], ["Royaume-Uni", "GB"],
      ["Verenigd Koninkrijk", "GB"], ["Vereinigtes Königreich", "GB"], ["Großbritannien", "GB"], ["England", "GB"],
    ];
    for (const [text, country] of cases) expect(countryOf(text), text).toBe(country);
  });

  it("returns null for other countries, empty and null", () => {
    for (const text of ["US", "USA", "Suisse", "CH", "Luxembourg", "", "  ", "F R"]) expect(countryOf(text), text).toBeNull();
    expect(countryOf(null)).toBeNull();
  });
});

describe("lateInterest", () => {
  it("FR across a rate change: two half-years, each day-counted and rounded", () => {
    // €10,000.00 due 2025-06-20, as of 2025-07-10
    // 2025-06-21 … 2025-06-30: 10 days × 13.15 %: 1,000,000 × 13.15 × 10 / 36,500 = 3,602.74 → 3,603
    // 2025-07-01 … 2025-07-10: 10 days × 12.15 %: 1,000,000 × 12.15 × 10 / 36,500 = 3,328.77 → 3,329
    expect(lateInterest(1_000_000, d("2025-06-20"), d("2025-07-10"), "FR")).toEqual({
      cents: 6_932,
      periods: [
        { from: d("2025-06-21"), to: d("2025-06-30"), days: 10, rate: 13.15, cents: 3_603 },
        { from: d("2025-07-01"), to: d("2025-07-10"), days: 10, rate: 12.15, cents: 3_329 },
      ],
    });
  });

  it("BE across a rate change, at the rates rounded up to the half point", () => {
    // €5,000.00 due 2024-12-15, as of 2025-01-31
    // 2024-12-16 … 2024-12-31: 16 days × 12.5 % (4.25 + 8 = 12.25 ↑): 500,000 × 12.5 × 16 / 36,500 = 2,739.73 → 2,740
    // 2025-01-01 … 2025-01-31: 31 days × 11.5 % (3.15 + 8 = 11.15 ↑): 500,000 × 11.5 × 31 / 36,500 = 4,883.56 → 4,884
    expect(lateInterest(500_000, d("2024-12-15"), d("2025-01-31"), "BE")).toEqual({
      cents: 7_624,
      periods: [
        { from: d("2024-12-16"), to: d("2024-12-31"), days: 16, rate: 12.5, cents: 2_740 },
        { from: d("2025-01-01"), to: d("2025-01-31"), days: 31, rate: 11.5, cents: 4_884 },
      ],
    });
  });

  it("NL across a rate change", () => {
    // €2,500.00 due 2024-06-15, as of 2024-07-15
    // 2024-06-16 … 2024-06-30: 15 days × 12.5 %:  250,000 × 12.5 × 15 / 36,500 = 1,284.25 → 1,284
    // 2024-07-01 … 2024-07-15: 15 days × 12.25 %: 250,000 × 12.25 × 15 / 36,500 = 1,258.56 → 1,259
    expect(lateInterest(250_000, d("2024-06-15"), d("2024-07-15"), "NL")).toEqual({
      cents: 2_543,
      periods: [
        { from: d("2024-06-16"), to: d("2024-06-30"), days: 15, rate: 12.5, cents: 1_284 },
        { from: d("2024-07-01"), to: d("2024-07-15"), days: 15, rate: 12.25, cents: 1_259 },
      ],
    });
  });

  it("DE across a rate change (actual/365 even in a leap year)", () => {
    // €20,000.00 due 2023-12-01, as of 2024-01-31
    // 2023-12-02 … 2023-12-31: 30 days × 12.12 % (3.12 + 9): 2,000,000 × 12.12 × 30 / 36,500 = 19,923.29 → 19,923
    // 2024-01-01 … 2024-01-31: 31 days × 12.62 % (3.62 + 9): 2,000,000 × 12.62 × 31 / 36,500 = 21,436.71 → 21,437
    expect(lateInterest(2_000_000, d("2023-12-01"), d("2024-01-31"), "DE")).toEqual({
      cents: 41_360,
      periods: [
        { from: d("2023-12-02"), to: d("2023-12-31"), days: 30, rate: 12.12, cents: 19_923 },
        { from: d("2024-01-01"), to: d("2024-01-31"), days: 31, rate: 12.62, cents: 21_437 },
      ],
    });
  });

  it("GB across a rate change: the rate of the half-year in which interest starts runs to the end (Late Payment Act)", () => {
    // £1,000.00 due 2024-12-20, as of 2025-01-19; interest starts 2024-12-21, in H2 2024 (BoE 5.25 on 30 June → 13.25 %),
    // and that rate stays fixed although H1 2025 is 12.75 %:
    // 2024-12-21 … 2025-01-19: 11 + 19 = 30 days × 13.25 %: 100,000 × 13.25 × 30 / 36,500 = 1,089.04 → 1,089
    expect(lateInterest(100_000, d("2024-12-20"), d("2025-01-19"), "GB")).toEqual({
      cents: 1_089,
      periods: [{ from: d("2024-12-21"), to: d("2025-01-19"), days: 30, rate: 13.25, cents: 1_089 }],
    });
    // due 2024-12-31: interest starts 2025-01-01, in H1 2025 → 12.75 % for the 19 days
    // 100,000 × 12.75 × 19 / 36,500 = 663.70 → 664
    expect(lateInterest(100_000, d("2024-12-31"), d("2025-01-19"), "GB")?.periods).toEqual([
      { from: d("2025-01-01"), to: d("2025-01-19"), days: 19, rate: 12.75, cents: 664 },
    ]);
  });

  it("merges consecutive half-years that have the same rate into one period", () => {
    // FR H2 2025 and H1 2026 are both 12.15 %: 2025-12-21 … 2026-01-10 = 11 + 10 = 21 days
    // 1,000,000 × 12.15 × 21 / 36,500 = 6,990.41 → 6,990
    expect(lateInterest(1_000_000, d("2025-12-20"), d("2026-01-10"), "FR")).toEqual({
      cents: 6_990,
      periods: [{ from: d("2025-12-21"), to: d("2026-01-10"), days: 21, rate: 12.15, cents: 6_990 }],
    });
  });

  it("rounds each period half away from zero, exactly", () => {
    // FR H1 2023, 12.5 %; 2023-01-02 … 2023-03-15 = 30 + 28 + 15 = 73 days = 1/5 year: interest = open × 2.5 %
    expect(lateInterest(20, d("2023-01-01"), d("2023-03-15"), "FR")?.cents).toBe(1); // 0.5 → 1
    expect(lateInterest(100, d("2023-01-01"), d("2023-03-15"), "FR")?.cents).toBe(3); // 2.5 → 3
    expect(lateInterest(60, d("2023-01-01"), d("2023-03-15"), "FR")?.cents).toBe(2); // 1.5 → 2
    expect(lateInterest(19, d("2023-01-01"), d("2023-03-15"), "FR")?.cents).toBe(0); // 0.475 → 0
  });

  it("counts one day when as-of is the day after the due date", () => {
    // 1,000,000 × 12.15 × 1 / 36,500 = 332.88 → 333
    expect(lateInterest(1_000_000, d("2026-02-10"), d("2026-02-11"), "FR")).toEqual({
      cents: 333,
      periods: [{ from: d("2026-02-11"), to: d("2026-02-11"), days: 1, rate: 12.15, cents: 333 }],
    });
  });

  it("is 0 with no period when not yet late", () => {
    for (const c of COUNTRIES) {
      expect(lateInterest(100_000, d("2026-03-31"), d("2026-03-31"), c)).toEqual({ cents: 0, periods: [] }); // due today
      expect(lateInterest(100_000, d("2026-03-31"), d("2026-03-01"), c)).toEqual({ cents: 0, periods: [] }); // due later
    }
  });

  it("is 0 with no period when nothing is open", () => {
    expect(lateInterest(0, d("2025-01-01"), d("2025-06-01"), "FR")).toEqual({ cents: 0, periods: [] });
    expect(lateInterest(-50_000, d("2025-01-01"), d("2025-06-01"), "DE")).toEqual({ cents: 0, periods: [] });
  });

  it("is null when the rate is unknown for part of the period, unless an override fills it", () => {
    expect(lateInterest(100_000, d("2022-12-15"), d("2023-01-15"), "FR")).toBeNull(); // H2 2022 not in the table
    expect(lateInterest(100_000, d("2026-12-15"), d("2027-01-15"), "NL")).toBeNull(); // H1 2027 not in the table
    // GB: only the half-year in which interest starts matters
    expect(lateInterest(100_000, d("2026-12-31"), d("2027-01-15"), "GB")).toBeNull(); // starts 2027-01-01: H1 2027 unknown
    // starts 2026-12-31 (H2 2026, 11.75 %): 16 days → 100,000 × 11.75 × 16 / 36,500 = 515.07 → 515
    expect(lateInterest(100_000, d("2026-12-30"), d("2027-01-15"), "GB")?.cents).toBe(515);
    // NL with H1 2027 = 10 %: 2026-12-16 … 31 = 16 days × 10.15 % → 100,000 × 10.15 × 16 / 36,500 = 444.93 → 445
    //                         2027-01-01 … 15 = 15 days × 10 %    → 100,000 × 10 × 15 / 36,500    = 410.96 → 411
    expect(lateInterest(100_000, d("2026-12-15"), d("2027-01-15"), "NL", { NL: { "2027-01-01": 10 } })?.cents).toBe(856);
  });
});

describe("fixedCompensation", () => {
  it("is €40 per late EUR invoice, whatever its amount or the EU country", () => {
    for (const c of ["FR", "BE", "NL", "DE"] as const) {
      expect(fixedCompensation(1_00, "EUR", c)).toBe(40_00);
      expect(fixedCompensation(5_000_000_00, "EUR", c)).toBe(40_00);
    }
    expect(fixedCompensation(12_345, "eur", "GB")).toBe(40_00); // any EUR invoice
    expect(fixedCompensation(12_345, "EUR", null)).toBe(40_00);
  });

  it("takes the matrix step's amount for EUR", () => {
    expect(fixedCompensation(12_345, "EUR", "FR", 40)).toBe(40_00);
    expect(fixedCompensation(12_345, "EUR", "BE", 55.5)).toBe(55_50);
    expect(fixedCompensation(12_345, "EUR", "NL", 0)).toBe(0);
  });

  it("follows the UK scale for GBP by the invoice amount: £40 / £70 / £100", () => {
    expect(fixedCompensation(1, "GBP", "GB")).toBe(40_00);
    expect(fixedCompensation(999_99, "GBP", "GB")).toBe(40_00);
    expect(fixedCompensation(1_000_00, "GBP", "GB")).toBe(70_00);
    expect(fixedCompensation(9_999_99, "GBP", "GB")).toBe(70_00);
    expect(fixedCompensation(10_000_00, "GBP", "GB")).toBe(100_00);
    expect(fixedCompensation(250_000_00, "GBP", null)).toBe(100_00);
    // the step's amount does not replace the statutory UK scale
    expect(fixedCompensation(999_99, "GBP", "GB", 40)).toBe(40_00);
    expect(fixedCompensation(10_000_00, "GBP", "GB", 40)).toBe(100_00);
  });

  it("is null where the law gives no sum in the invoice currency", () => {
    expect(fixedCompensation(1_000_00, "USD", null)).toBeNull(); // a US customer: unknown country
    expect(fixedCompensation(1_000_00, "USD", "FR")).toBeNull(); // €40, but not in dollars
    expect(fixedCompensation(1_000_00, "CHF", "DE", 40)).toBeNull();
  });

  it("is 0 for an invoice amount ≤ 0", () => {
    expect(fixedCompensation(0, "EUR", "FR")).toBe(0);
    expect(fixedCompensation(-100_00, "GBP", "GB")).toBe(0);
  });
});
