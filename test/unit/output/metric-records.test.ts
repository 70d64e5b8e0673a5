import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCents } from "../../../src/ledger/money.js";
import { FIELD_KIND, METRIC_FIELDS, type CustomerMetrics } from "../../../src/metrics/types.js";
import { toCsv, type CsvValue } from "../../../src/output/csv.js";
import { metricsCsvPieces, metricsHeader, RATIO_DECIMALS, type ExtraColumn } from "../../../src/output/metric-records.js";
import { roundHalfAway } from "../../../src/output/round.js";

/** The metrics CSV as the generic writer makes it: an array of fields a row (money as numeric text, ratios rounded). */
function referenceCsv(rows: CustomerMetrics[], extra: ExtraColumn<CustomerMetrics>[]): string {
  const fields = rows.map((r): CsvValue[] => [
    r.customer_id, r.currency,
    ...METRIC_FIELDS.map((f): CsvValue => {
      const v = r[f];
      return v === null ? null : FIELD_KIND[f] === "money" ? { numeric: formatCents(v) } : FIELD_KIND[f] === "ratio" ? roundHalfAway(v, RATIO_DECIMALS) : v;
    }),
    ...extra.map((e) => e.value(r)),
  ]);
  return toCsv(metricsHeader(extra), fields);
}

const cents = fc.integer({ min: -1e12, max: 1e12 });
const count = fc.integer({ min: 0, max: 100_000 });
const ratio = fc.option(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.integer({ min: -500, max: 500 }).map((n) => n / 8)), { nil: null });
// wider than a byte too: a character past U+00FF, a surrogate pair, a lone surrogate (kept as it is)
const text = fc.oneof(fc.string(), fc.constantFrom("C001", "=SUM(A1)", "Dupont, \"fils\"", "+33", "-", "é\nà", "\uFEFFx", "Müller 日本", "😀 ok", "x\uD800y"));
const row: fc.Arbitrary<CustomerMetrics> = fc.record({ customer_id: text, currency: fc.constantFrom("EUR", "", "GBP"), counts: fc.array(count, { minLength: 5, maxLength: 5 }), money: fc.array(cents, { minLength: 8, maxLength: 8 }), ratios: fc.array(ratio, { minLength: 7, maxLength: 7 }), tenure: fc.option(count, { nil: null }) }).map(({ customer_id, currency, counts, money, ratios, tenure }) => {
  const [paid, open, overdue, max, disputes] = counts as [number, number, number, number, number];
  const [ob, od, a0, a1, a2, a3, a4, rev] = money as number[];
  const [toPay, late, wlate, onTime, limit, dso, trend] = ratios;
  return {
    customer_id, currency, paid_count: paid, avg_days_to_pay: toPay!, avg_days_late: late!, wavg_days_late: wlate!, on_time_rate: onTime!,
    open_balance: ob!, overdue_balance: od!, open_count: open, overdue_count: overdue, max_days_past_due: max,
    aging_not_due: a0!, aging_1_30: a1!, aging_31_60: a2!, aging_61_90: a3!, aging_90_plus: a4!,
    dispute_count: disputes, revenue: rev!, tenure_days: tenure, credit_limit_use: limit!, dso: dso!, trend_days_late: trend!,
  } satisfies CustomerMetrics;
});

describe("metrics CSV pieces", () => {
  it("are the generic writer's rows, field for field, extra columns guarded and quoted the same", () => {
    const extra: ExtraColumn<CustomerMetrics>[] = [{ name: "segment", value: (r) => (r.paid_count % 2 === 0 ? "=A1" : null) }, { name: "rule", value: (r) => `rule, ${r.open_count}` }];
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (rows, withExtra) => {
        const columns = withExtra ? extra : [];
        expect([...metricsCsvPieces(rows, columns)].join("")).toBe(referenceCsv(rows, columns));
      }),
      { numRuns: 300 },
    );
  });
});

describe("metrics CSV pieces, many", () => {
  it("join to the whole text past a piece's size, whatever the texts' widths, and end at a line's end but the last", () => {
    const rows = fc.sample(row, { numRuns: 3000, seed: 7 }).map((r, i) => ({ ...r, customer_id: `${i % 3 === 0 ? "Société" : i % 3 === 1 ? "株式会社" : "Ltd"} ${i} ${"x".repeat(i % 50)}` }));
    const pieces = [...metricsCsvPieces(rows)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe(referenceCsv(rows, []));
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith("\n")).toBe(true);
  });

  it("a text longer than the writer's buffer", () => {
    const [r] = fc.sample(row, { numRuns: 1, seed: 3 });
    const rows = [{ ...r!, customer_id: "é".repeat(200_000) + "日" + "a".repeat(100_000) }, { ...r!, customer_id: "b".repeat(300_000) }];
    expect([...metricsCsvPieces(rows)].join("")).toBe(referenceCsv(rows, []));
  });
});

